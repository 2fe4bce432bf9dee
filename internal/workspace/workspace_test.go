package workspace_test

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/workspace"
)

func loc(file string, line int) model.Loc { return model.Loc{File: file, Line: line} }

// importing is an inventory whose authorizer imports name as its provider ARN.
func importing(file, name string) *model.Inventory {
	u := model.Unknown{Reason: "imported", Expr: "!ImportValue " + name, Import: name}
	return &model.Inventory{RestAPIs: []model.RestAPI{{
		Object: model.Object{Ref: "Api", Loc: loc(file, 1)},
		Authorizers: []model.Authorizer{{
			Object: model.Object{Ref: "Api/authorizer/A", Loc: loc(file, 2)},
			Type:   model.Known("COGNITO_USER_POOLS", loc(file, 3)),
			ProviderARNs: model.ProviderARNs{Items: []model.ProviderARN{{
				ARN:      model.UnknownString(u, loc(file, 4)),
				UserPool: &model.Link{Unknown: new(u), Loc: loc(file, 4)},
				Loc:      loc(file, 4),
			}}},
		}},
	}}}
}

// exporting is an inventory with one pool (a client, a resource server, a
// domain) and one export of name with the given target and attribute.
func exporting(file, name string, target *model.Link, attr string) *model.Inventory {
	pool := model.Link{Target: "Pool", Loc: loc(file, 5)}
	return &model.Inventory{
		UserPools: []model.UserPool{{
			Object: model.Object{Ref: "Pool", Loc: loc(file, 1), LogicalID: "Pool"},
			Name:   new(model.Known("users", loc(file, 2))), OpenOnlyToExports: true,
			Incomplete: &model.Unknown{Reason: "exported"},
		}},
		AppClients:      []model.AppClient{{Object: model.Object{Ref: "Client", Loc: loc(file, 6)}, UserPool: pool}},
		ResourceServers: []model.ResourceServer{{Object: model.Object{Ref: "Server", Loc: loc(file, 7)}, UserPool: pool}},
		Domains:         []model.UserPoolDomain{{Object: model.Object{Ref: "Domain", Loc: loc(file, 8)}, UserPool: pool}},
		Exports: []model.StackExport{{
			Output: "Out", Name: model.Known(name, loc(file, 9)), Target: target, Attr: attr,
			Value: model.UnknownString(model.Unknown{Reason: "after deployment"}, loc(file, 10)), Loc: loc(file, 9),
		}},
	}
}

func TestLinkProviderARN(t *testing.T) {
	poolTarget := &model.Link{Target: "Pool"}
	tests := []struct {
		name string
		ins  func() []workspace.Input
		// want checks the importer (always the first input).
		wantTarget  string
		wantMissing string
		wantUnknown string
		wantARN     string
		wantLinks   int
		wantPools   int
	}{
		{
			name: "pool ARN joins the pool with its parts",
			ins: func() []workspace.Input {
				return []workspace.Input{{"api.yaml", importing("api.yaml", "pool-arn")}, {"auth.yaml", exporting("auth.yaml", "pool-arn", poolTarget, "Arn")}}
			},
			wantTarget: "joined:auth.yaml#Pool", wantLinks: 1, wantPools: 1,
		},
		{
			name: "no input exports the name",
			ins: func() []workspace.Input {
				return []workspace.Input{{"api.yaml", importing("api.yaml", "pool-arn")}, {"auth.yaml", exporting("auth.yaml", "other", poolTarget, "Arn")}}
			},
			wantUnknown: "imported",
		},
		{
			name: "two inputs export the name",
			ins: func() []workspace.Input {
				return []workspace.Input{
					{"api.yaml", importing("api.yaml", "pool-arn")},
					{"a.yaml", exporting("a.yaml", "pool-arn", poolTarget, "Arn")},
					{"b.yaml", exporting("b.yaml", "pool-arn", poolTarget, "Arn")},
				}
			},
			wantUnknown: "which a.yaml and b.yaml export: authlint does not guess", wantLinks: 1,
		},
		{
			name: "a stack's own export is not an import",
			ins: func() []workspace.Input {
				inv := importing("api.yaml", "pool-arn")
				inv.Exports = exporting("api.yaml", "pool-arn", poolTarget, "Arn").Exports
				return []workspace.Input{{"api.yaml", inv}}
			},
			wantUnknown: "imported",
		},
		{
			name: "the export names a resource its template does not define",
			ins: func() []workspace.Input {
				missing := &model.Link{Missing: &model.Missing{Name: "Old", Reason: "the template defines no resource Old"}}
				return []workspace.Input{{"api.yaml", importing("api.yaml", "pool-arn")}, {"auth.yaml", exporting("auth.yaml", "pool-arn", missing, "Arn")}}
			},
			wantMissing: `auth.yaml exports it as "pool-arn" (output Out) and the template defines no resource Old`, wantLinks: 1,
		},
		{
			name: "the export is the pool id, not its ARN",
			ins: func() []workspace.Input {
				return []workspace.Input{{"api.yaml", importing("api.yaml", "pool-arn")}, {"auth.yaml", exporting("auth.yaml", "pool-arn", poolTarget, "")}}
			},
			wantUnknown: "exports the user pool's id (!Ref), not its ARN", wantLinks: 1,
		},
		{
			name: "an ARN built around an imported pool id",
			ins: func() []workspace.Input {
				api := importing("api.yaml", "pool-id")
				// The ARN is a !Sub around the import, not the import itself.
				api.RestAPIs[0].Authorizers[0].ProviderARNs.Items[0].ARN.Unknown = &model.Unknown{Reason: "built at deployment"}
				return []workspace.Input{{"api.yaml", api}, {"auth.yaml", exporting("auth.yaml", "pool-id", poolTarget, "")}}
			},
			wantTarget: "joined:auth.yaml#Pool", wantLinks: 1, wantPools: 1,
		},
		{
			name: "the export is not a pool",
			ins: func() []workspace.Input {
				return []workspace.Input{{"api.yaml", importing("api.yaml", "pool-arn")}, {"auth.yaml", exporting("auth.yaml", "pool-arn", &model.Link{Target: "Fn"}, "Arn")}}
			},
			wantUnknown: "does not export a user pool", wantLinks: 1,
		},
		{
			name: "a literal export becomes the known ARN",
			ins: func() []workspace.Input {
				ex := exporting("auth.yaml", "pool-arn", nil, "")
				ex.Exports[0].Value = model.Known("arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_abc", loc("auth.yaml", 10))
				return []workspace.Input{{"api.yaml", importing("api.yaml", "pool-arn")}, {"auth.yaml", ex}}
			},
			wantARN: "arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_abc", wantLinks: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins := tt.ins()
			workspace.Link(ins)
			inv := ins[0].Inventory
			item := inv.RestAPIs[0].Authorizers[0].ProviderARNs.Items[0]
			if got := len(inv.Links); got != tt.wantLinks {
				t.Errorf("links = %d, want %d: %+v", got, tt.wantLinks, inv.Links)
			}
			if got := len(inv.UserPools); got != tt.wantPools {
				t.Errorf("pools = %d, want %d", got, tt.wantPools)
			}
			switch {
			case tt.wantTarget != "":
				if item.UserPool == nil || item.UserPool.Target != tt.wantTarget {
					t.Fatalf("link = %+v, want target %s", item.UserPool, tt.wantTarget)
				}
			case tt.wantMissing != "":
				if item.UserPool == nil || item.UserPool.Missing == nil || item.UserPool.Missing.Reason != tt.wantMissing {
					t.Fatalf("link = %+v, want missing %q", item.UserPool, tt.wantMissing)
				}
			case tt.wantARN != "":
				if v, ok := item.ARN.Get(); !ok || v != tt.wantARN || item.UserPool != nil {
					t.Fatalf("arn = %+v, link %+v, want %s and no link", item.ARN, item.UserPool, tt.wantARN)
				}
				if item.ARN.Loc.File != "auth.yaml" {
					t.Errorf("arn loc = %+v, want the exporting file", item.ARN.Loc)
				}
			default:
				if item.UserPool == nil || item.UserPool.Unknown == nil || !strings.Contains(item.UserPool.Unknown.Reason, tt.wantUnknown) {
					t.Fatalf("link = %+v, want unknown %q", item.UserPool, tt.wantUnknown)
				}
			}
		})
	}
}

func TestLinkCopiesThePoolWithItsParts(t *testing.T) {
	api := importing("api.yaml", "pool-arn")
	auth := exporting("auth.yaml", "pool-arn", &model.Link{Target: "Pool"}, "Arn")
	auth.Exports = append(auth.Exports, model.StackExport{Output: "Id", Name: model.Known("pool-id", loc("auth.yaml", 11)), Target: &model.Link{Target: "Pool"}})
	// A third stack adds a client to the pool by importing its id; the API
	// stack adds one too.
	imported := model.Link{Unknown: &model.Unknown{Reason: "imported", Import: "pool-id"}, Loc: loc("x", 1)}
	extra := &model.Inventory{AppClients: []model.AppClient{{Object: model.Object{Ref: "Mobile", Loc: loc("mobile.yaml", 3)}, UserPool: imported}}}
	api.AppClients = []model.AppClient{{Object: model.Object{Ref: "Own", Loc: loc("api.yaml", 9)}, UserPool: imported}}
	ins := []workspace.Input{{"api.yaml", api}, {"auth.yaml", auth}, {"mobile.yaml", extra}}
	workspace.Link(ins)

	if len(api.UserPools) != 1 {
		t.Fatalf("pools = %+v", api.UserPools)
	}
	p := api.UserPools[0]
	if p.Ref != "joined:auth.yaml#Pool" || p.Joined == nil || p.Joined.Source != "auth.yaml" || p.Joined.Ref != "Pool" || p.Loc.File != "auth.yaml" {
		t.Errorf("copy = %+v", p)
	}
	if !p.Complete || p.Incomplete != nil {
		t.Errorf("a pool open only to exports is complete in the copy: %+v", p)
	}
	if auth.UserPools[0].Complete {
		t.Error("the exporter's own pool changed")
	}
	var clients []string
	for _, c := range api.AppClients {
		if c.UserPool.Target != p.Ref {
			t.Errorf("client %s links to %+v", c.Ref, c.UserPool)
		}
		clients = append(clients, c.Ref)
	}
	want := "Own joined:auth.yaml#Client joined:mobile.yaml#Mobile"
	if got := strings.Join(clients, " "); got != want {
		t.Errorf("clients = %s, want %s", got, want)
	}
	if len(api.ResourceServers) != 1 || len(api.Domains) != 1 {
		t.Errorf("servers %+v, domains %+v", api.ResourceServers, api.Domains)
	}
	// The third stack's client links to its own copy of the pool.
	if len(extra.UserPools) != 1 || extra.AppClients[0].UserPool.Target != "joined:auth.yaml#Pool" {
		t.Errorf("mobile.yaml: pools %+v, client link %+v", extra.UserPools, extra.AppClients[0].UserPool)
	}
	// Linking again (an export scanned back) changes nothing.
	before := len(api.AppClients) + len(api.UserPools) + len(api.Links)
	workspace.Link(ins)
	if after := len(api.AppClients) + len(api.UserPools) + len(api.Links); after != before {
		t.Errorf("second link: %d objects and links, want %d", after, before)
	}
}

func TestDedupe(t *testing.T) {
	api := importing("api.yaml", "pool-arn")
	auth := exporting("auth.yaml", "pool-arn", &model.Link{Target: "Pool"}, "Arn")
	ins := []workspace.Input{{"api.yaml", api}, {"auth.yaml", auth}}
	workspace.Link(ins)
	f := func(rule, source, ref string) finding.Finding {
		return finding.Finding{RuleID: rule, Source: source, Resource: finding.Resource{Ref: ref}}
	}
	fs := []finding.Finding{
		f("UP002", "auth.yaml", "Client"),
		f("UP002", "api.yaml", "joined:auth.yaml#Client"),   // the same, through the copy
		f("UP003", "api.yaml", "joined:auth.yaml#Client"),   // only the importer sees it
		f("SC003", "api.yaml", "Api/method/POST /pets"),     // about the importer
		f("UP002", "other.yaml", "joined:auth.yaml#Client"), // not a copy in other.yaml
	}
	got := workspace.Dedupe(ins, fs)
	var ids []string
	for _, g := range got {
		ids = append(ids, g.RuleID+"@"+g.Source)
	}
	want := "UP002@auth.yaml UP003@api.yaml SC003@api.yaml UP002@other.yaml"
	if s := strings.Join(ids, " "); s != want {
		t.Errorf("kept %s, want %s", s, want)
	}
}

func TestIndependent(t *testing.T) {
	known := model.Known("x", model.Loc{})
	for _, tt := range []struct {
		name string
		inv  *model.Inventory
		want bool
	}{
		{"empty", &model.Inventory{}, true},
		{"API without id", &model.Inventory{RestAPIs: []model.RestAPI{{Object: model.Object{Ref: "a"}}}}, true},
		{"pool without id or domain", &model.Inventory{UserPools: []model.UserPool{{Object: model.Object{Ref: "p"}}}}, true},
		{"imports a pool ARN", importing("api.yaml", "pool-arn"), false},
		{"exports", exporting("auth.yaml", "pool-arn", &model.Link{Target: "Pool"}, "Arn"), false},
		{"API with id", &model.Inventory{RestAPIs: []model.RestAPI{{Object: model.Object{Ref: "a"}, ID: &known}}}, false},
		{"named client", &model.Inventory{AppClients: []model.AppClient{{Object: model.Object{Ref: "c"}, Name: &known}}}, false},
		{"Postman request", &model.Inventory{APIRequests: []model.APIRequest{{Object: model.Object{Ref: "r"}}}}, false},
	} {
		if got := workspace.Independent(tt.inv); got != tt.want {
			t.Errorf("%s: Independent = %v, want %v", tt.name, got, tt.want)
		}
	}
}
