package workspace_test

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/workspace"
)

// account is a live inventory: a pool with a domain and a client, and a REST
// API with one method on stage prod.
func account(region string) *model.Inventory {
	res := model.Loc{Resource: "arn:aws:cognito-idp:" + region + ":1:userpool/p"}
	pool := model.Link{Target: "pool"}
	return &model.Inventory{
		Sources:    []model.Source{{Kind: model.KindLive, Account: "1", Region: region}},
		UserPools:  []model.UserPool{{Object: model.Object{Ref: "pool", Loc: res}, ID: new(model.Known(region+"_Pool", res)), Name: new(model.Known("users", res)), Region: region, Complete: true}},
		AppClients: []model.AppClient{{Object: model.Object{Ref: "client", Loc: res}, UserPool: pool, ID: new(model.Known("client-id", res)), Name: new(model.Known("web", res))}},
		Domains:    []model.UserPoolDomain{{Object: model.Object{Ref: "domain", Loc: res}, UserPool: pool, Domain: model.Known("pets", res)}},
		RestAPIs: []model.RestAPI{{
			Object: model.Object{Ref: "api", Loc: res}, ID: new(model.Known("abc123", res)), Name: new(model.Known("pets", res)), Region: region,
			Authorizers: []model.Authorizer{{Object: model.Object{Ref: "api/authorizer/a"}, ProviderARNs: model.ProviderARNs{Items: []model.ProviderARN{{UserPool: &pool}}}}},
			Methods: []model.Method{
				{Object: model.Object{Ref: "api/method/GET /pets/{id}"}, Path: model.Known("/pets/{id}", res), HTTPMethod: model.Known("GET", res), Authorizer: &model.Link{Target: "api/authorizer/a"}},
				{Object: model.Object{Ref: "api/method/ANY /files/{proxy+}"}, Path: model.Known("/files/{proxy+}", res), HTTPMethod: model.Known("ANY", res)},
			},
			Stages: []model.Stage{{Object: model.Object{Ref: "api/stage/prod"}, Name: new(model.Known("prod", res))}},
		}},
	}
}

func postman(authURL, clientID string, urls ...string) *model.Inventory {
	l := model.Loc{File: "c.json", Line: 1}
	inv := &model.Inventory{TokenRequests: []model.TokenRequest{{
		Object: model.Object{Ref: "tokenRequest:/auth", Loc: l}, AuthType: "oauth2",
		AuthURL: new(model.Known(authURL, l)), ClientID: new(model.Known(clientID, l)),
	}}}
	for _, u := range urls {
		verb, rest, _ := strings.Cut(u, " ")
		host, path, _ := strings.Cut(strings.TrimPrefix(rest, "https://"), "/")
		inv.APIRequests = append(inv.APIRequests, model.APIRequest{
			Object: model.Object{Ref: "apiRequest:" + u, Loc: l}, HTTPMethod: model.Known(verb, l),
			URL: model.Known(rest, l), Host: new(model.Known(host, l)), Path: new(model.Known("/"+path, l)),
		})
	}
	return inv
}

func TestLinkTokenRequest(t *testing.T) {
	const domain = "https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize"
	tests := []struct {
		name     string
		authURL  string
		clientID string
		others   []*model.Inventory
		// want* describe the token request's links: a target ref, a
		// missing reason or an unknown reason (substrings); "" for nil.
		wantDomain, wantClient, wantMissing string
	}{
		{name: "domain and client id", authURL: domain, clientID: "client-id", others: []*model.Inventory{account("us-east-1")},
			wantDomain: "joined:live#domain", wantClient: "joined:live#client"},
		{name: "prefix in another region", authURL: domain, clientID: "other", others: []*model.Inventory{account("eu-west-1")}},
		{name: "pool id instead of client id", authURL: domain, clientID: "us-east-1_Pool", others: []*model.Inventory{account("us-east-1")},
			wantDomain: "joined:live#domain", wantMissing: "it is the id of user pool users (live), not of an app client"},
		{name: "client name instead of id", authURL: domain, clientID: "web", others: []*model.Inventory{account("us-east-1")},
			wantDomain: "joined:live#domain", wantMissing: "it is the name of an app client of live"},
		{name: "unknown id of a complete pool", authURL: domain, clientID: "nope", others: []*model.Inventory{account("us-east-1")},
			wantDomain: "joined:live#domain", wantMissing: "no app client of user pool users (live) has this id"},
		{name: "two accounts with the domain", authURL: domain, clientID: "x", others: []*model.Inventory{account("us-east-1"), account("us-east-1")},
			wantDomain: "unknown:the domain pets.auth.us-east-1.amazoncognito.com is defined by live and live2"},
		{name: "nothing in the scan", authURL: domain, clientID: "client-id"},
		{name: "another identity provider", authURL: "https://login.example.org/authorize", clientID: "x", others: []*model.Inventory{account("us-east-1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pm := postman(tt.authURL, tt.clientID)
			ins := []workspace.Input{{Source: "c.json", Inventory: pm}}
			for n, o := range tt.others {
				src := "live"
				if n > 0 {
					src = "live2"
				}
				ins = append(ins, workspace.Input{Source: src, Inventory: o})
			}
			workspace.Link(ins)
			tr := pm.TokenRequests[0]
			check := func(what string, link *model.Link, want string) {
				t.Helper()
				switch {
				case want == "":
					if link != nil && tt.wantMissing == "" {
						t.Errorf("%s = %+v, want nil", what, link)
					}
				case strings.HasPrefix(want, "unknown:"):
					if link == nil || link.Unknown == nil || !strings.Contains(link.Unknown.Reason, strings.TrimPrefix(want, "unknown:")) {
						t.Errorf("%s = %+v, want unknown %q", what, link, want)
					}
				default:
					if link == nil || link.Target != want {
						t.Errorf("%s = %+v, want %s", what, link, want)
					}
				}
			}
			check("domain", tr.Domain, tt.wantDomain)
			if tt.wantMissing != "" {
				if tr.AppClient == nil || tr.AppClient.Missing == nil || !strings.Contains(tr.AppClient.Missing.Reason, tt.wantMissing) {
					t.Errorf("client = %+v, want missing %q", tr.AppClient, tt.wantMissing)
				}
				return
			}
			check("client", tr.AppClient, tt.wantClient)
			if tt.wantClient != "" && (tr.UserPool == nil || tr.UserPool.Target != "joined:live#pool") {
				t.Errorf("pool = %+v", tr.UserPool)
			}
		})
	}
}

func TestLinkAPIRequest(t *testing.T) {
	const host = "https://abc123.execute-api.us-east-1.amazonaws.com"
	tests := []struct {
		req         string
		wantMethod  string
		wantMissing string
	}{
		{req: "GET " + host + "/prod/pets/42", wantMethod: "joined:live#api/method/GET /pets/{id}"},
		{req: "POST " + host + "/prod/files/a/b", wantMethod: "joined:live#api/method/ANY /files/{proxy+}"},
		{req: "GET " + host + "/prod/files", wantMissing: "has no method GET /files"},
		{req: "GET " + host + "/prod/pets", wantMissing: "has no method GET /pets"},
		{req: "GET " + host + "/dev/pets/42", wantMissing: "API pets (live) has no stage dev (its stages are prod)"},
		{req: "GET https://zzz999.execute-api.us-east-1.amazonaws.com/prod/pets/1"},
		{req: "GET https://abc123.execute-api.eu-west-1.amazonaws.com/prod/pets/1"},
		{req: "GET https://api.example.com/prod/pets/1"},
	}
	for _, tt := range tests {
		t.Run(tt.req, func(t *testing.T) {
			pm := postman("https://x.example/a", "x", tt.req)
			acct := account("us-east-1")
			ins := []workspace.Input{{Source: "c.json", Inventory: pm}, {Source: "live", Inventory: acct}}
			workspace.Link(ins)
			r := pm.APIRequests[0]
			switch {
			case tt.wantMethod != "":
				if r.Method == nil || r.Method.Target != tt.wantMethod {
					t.Fatalf("method = %+v, want %s", r.Method, tt.wantMethod)
				}
				// The copy holds the method and the pool its authorizer trusts.
				if len(pm.RestAPIs) != 1 || pm.RestAPIs[0].Ref != "joined:live#api" || len(pm.UserPools) != 1 {
					t.Fatalf("copies: apis %d, pools %d", len(pm.RestAPIs), len(pm.UserPools))
				}
				a := pm.RestAPIs[0]
				if a.Methods[0].Authorizer.Target != "joined:live#api/authorizer/a" || a.Authorizers[0].ProviderARNs.Items[0].UserPool.Target != "joined:live#pool" {
					t.Errorf("links inside the copy were not renamed: %+v / %+v", a.Methods[0].Authorizer, a.Authorizers[0].ProviderARNs.Items[0].UserPool)
				}
				if acct.RestAPIs[0].Methods[0].Ref != "api/method/GET /pets/{id}" || acct.RestAPIs[0].Authorizers[0].ProviderARNs.Items[0].UserPool.Target != "pool" {
					t.Error("the original API changed")
				}
			case tt.wantMissing != "":
				if r.Method == nil || r.Method.Missing == nil || !strings.Contains(r.Method.Missing.Reason, tt.wantMissing) {
					t.Fatalf("method = %+v, want missing %q", r.Method, tt.wantMissing)
				}
			default:
				if r.Method != nil || r.API != nil {
					t.Fatalf("api %+v, method %+v, want nothing joined", r.API, r.Method)
				}
			}
		})
	}
}
