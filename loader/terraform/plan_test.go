package terraform

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/loader"
)

func loadPlanFile(t *testing.T, path string) *loader.Input {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return loader.NewInput(path, data)
}

func TestPlanLinksUnknownProviderARNs(t *testing.T) {
	tests := []struct {
		file, authorizer, pool string
	}{
		{"cognito.json", "aws_api_gateway_authorizer.cognito", "aws_cognito_user_pool.pool"},
		{"module.json", "module.api.aws_api_gateway_authorizer.cognito", "aws_cognito_user_pool.pool"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in := loadPlanFile(t, filepath.Join("testdata", "plan", tt.file))
			l := New(Options{})
			if !l.Detect(in) {
				t.Fatal("not detected as a plan")
			}
			invs, err := l.Load(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			inv := invs[0]
			if len(inv.RestAPIs) != 1 {
				t.Fatalf("APIs = %d", len(inv.RestAPIs))
			}
			api := inv.RestAPIs[0]
			if len(api.Authorizers) != 1 || api.Authorizers[0].Ref != tt.authorizer {
				t.Fatalf("authorizers = %+v", api.Authorizers)
			}
			items := api.Authorizers[0].ProviderARNs.Items
			if len(items) != 1 || items[0].UserPool == nil || items[0].UserPool.Target != tt.pool {
				t.Fatalf("provider ARNs = %+v, want a link to %s", api.Authorizers[0].ProviderARNs, tt.pool)
			}
			if items[0].ARN.Unknown == nil || items[0].Loc.Line == 0 {
				t.Errorf("ARN = %+v, want unknown with a position in the plan", items[0].ARN)
			}
			if len(api.Methods) != 1 || api.Methods[0].Authorizer == nil || api.Methods[0].Authorizer.Target != tt.authorizer {
				t.Errorf("method = %+v, want linked to the authorizer", api.Methods)
			}
			if p, _ := api.Methods[0].Path.Get(); p != "/" {
				t.Errorf("path = %q, want /", p)
			}
			if len(inv.AppClients) != 1 || inv.AppClients[0].UserPool.Target != "aws_cognito_user_pool.pool" {
				t.Errorf("clients = %+v", inv.AppClients)
			}
			doc, _ := json.Marshal(inv)
			if strings.Contains(string(doc), "PLAN-SECRET-VALUE") {
				t.Error("the client secret entered the model")
			}
		})
	}
}

func TestPlanBadInput(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unsupported version", `{"format_version":"9.0","planned_values":{}}`, "not a Terraform plan"},
		{"wrong type", `{"format_version":"1.2","resource_changes":"x"}`, "wrong type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{}).Load(context.Background(), loader.NewInput("plan.json", []byte(tt.src)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestPlanPositionsFromConfigurationBeside(t *testing.T) {
	in := loadPlanFile(t, filepath.Join("testdata", "beside", "plan.json"))
	invs, err := New(Options{}).Load(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	c := invs[0].AppClients[0]
	if c.GenerateSecret == nil || c.GenerateSecret.Loc.File != filepath.Join("testdata", "beside", "main.tf") || c.GenerateSecret.Loc.Line != 8 {
		t.Errorf("generate_secret at %+v, want main.tf:8", c.GenerateSecret)
	}
	d := invs[0].RestAPIs[0].Deployments[0]
	if d.Loc.Line != 15 {
		t.Errorf("deployment at %+v, want main.tf:15", d.Loc)
	}
}

func TestPlanTFDir(t *testing.T) {
	in := loadPlanFile(t, filepath.Join("testdata", "plan", "cognito.json"))
	invs, err := New(Options{TFDir: filepath.Join("testdata", "beside")}).Load(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	c := invs[0].AppClients[0]
	if c.GenerateSecret == nil || c.GenerateSecret.Loc.File != filepath.Join("testdata", "beside", "main.tf") {
		t.Errorf("generate_secret at %+v, want the --tf-dir main.tf", c.GenerateSecret)
	}
}

// TestPlanHTTPAPI: a plan's HTTP API keeps its links through the nested
// jwt_configuration block: the issuer to the pool, the audience (unknown as a
// whole) to the app client, the route to the authorizer. The issuer's text is
// not in a plan, so it is never taken for the bare endpoint.
func TestPlanHTTPAPI(t *testing.T) {
	in := loadPlanFile(t, filepath.Join("testdata", "plan", "httpapi.json"))
	invs, err := New(Options{}).Load(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	inv := invs[0]
	if len(inv.HTTPAPIs) != 1 {
		t.Fatalf("HTTP APIs = %d", len(inv.HTTPAPIs))
	}
	api := inv.HTTPAPIs[0]
	if len(api.Authorizers) != 1 || len(api.Routes) != 1 || len(api.Stages) != 1 {
		t.Fatalf("authorizers %d, routes %d, stages %d", len(api.Authorizers), len(api.Routes), len(api.Stages))
	}
	a := api.Authorizers[0]
	if a.IssuerUserPool == nil || a.IssuerUserPool.Target != "aws_cognito_user_pool.pool" {
		t.Errorf("issuer pool = %+v", a.IssuerUserPool)
	}
	if a.Issuer == nil || a.Issuer.Unknown == nil || strings.Contains(a.Issuer.Unknown.Expr, "endpoint") {
		t.Errorf("issuer = %+v, want unknown without the bare reference", a.Issuer)
	}
	if a.Audience == nil || len(a.Audience.Items) != 1 || a.Audience.Items[0].AppClient == nil || a.Audience.Items[0].AppClient.Target != "aws_cognito_user_pool_client.web" {
		t.Errorf("audience = %+v, want one entry linked to the client", a.Audience)
	}
	if ids, _ := a.IdentitySource.Values(); len(ids) != 1 || ids[0] != "$request.header.Authorization" {
		t.Errorf("identity sources = %v", ids)
	}
	r := api.Routes[0]
	if r.Authorizer == nil || r.Authorizer.Target != "aws_apigatewayv2_authorizer.jwt" || r.AuthorizationType.Value == nil || *r.AuthorizationType.Value != "JWT" {
		t.Errorf("route = %+v", r)
	}
	if v, ok := api.Stages[0].AutoDeploy.Get(); !ok || !v {
		t.Errorf("auto deploy = %+v", api.Stages[0].AutoDeploy)
	}
	for _, c := range inv.AppClients {
		if b, _ := json.Marshal(c); strings.Contains(string(b), "client_secret") {
			t.Error("the client secret entered the model")
		}
	}
}
