package terraform

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// writeModule writes files (path → content) under a temporary folder and
// returns it.
func writeModule(tb testing.TB, files map[string]string) string {
	tb.Helper()
	t := tb
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func loadDir(tb testing.TB, dir string, opts Options) (*model.Inventory, error) {
	tb.Helper()
	t := tb
	in := &loader.Input{Path: dir, Module: true, MaxFileSize: loader.DefaultMaxFileSize}
	invs, err := New(opts).Load(context.Background(), in)
	if len(invs) != 1 {
		if err == nil {
			t.Fatalf("got %d inventories and no error", len(invs))
		}
		return nil, err
	}
	return invs[0], err
}

const apiTF = `
resource "aws_api_gateway_rest_api" "api" {
  name = "pets"
}
`

func authorizer(arns string) string {
	return `
resource "aws_api_gateway_authorizer" "a" {
  name          = "a"
  rest_api_id   = aws_api_gateway_rest_api.api.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = ` + arns + `
}
`
}

func firstAuthorizer(t *testing.T, inv *model.Inventory) model.Authorizer {
	t.Helper()
	if len(inv.RestAPIs) != 1 || len(inv.RestAPIs[0].Authorizers) != 1 {
		t.Fatalf("want one API with one authorizer, got %+v", inv.RestAPIs)
	}
	return inv.RestAPIs[0].Authorizers[0]
}

func TestProviderARNs(t *testing.T) {
	pool := `
resource "aws_cognito_user_pool" "pool" {
  name = "p"
}
`
	tests := []struct {
		name        string
		files       map[string]string
		opts        Options
		wantItems   int
		wantTarget  string // link of the first item
		wantValue   string // known value of the first item
		wantUnknown string // substring of the first item's (or the list's) unknown reason
	}{
		{name: "direct reference", files: map[string]string{"main.tf": apiTF + pool + authorizer("[aws_cognito_user_pool.pool.arn]")},
			wantItems: 1, wantTarget: "aws_cognito_user_pool.pool", wantUnknown: "computed by Terraform"},
		{name: "through a local and a conditional", files: map[string]string{"main.tf": apiTF + pool + `
locals {
  arns = var.on ? [aws_cognito_user_pool.pool.arn] : []
}
variable "on" {
  default = true
}
` + authorizer("local.arns")}, wantItems: 1, wantTarget: "aws_cognito_user_pool.pool"},
		{name: "through a child module output", files: map[string]string{
			"main.tf": apiTF + `
module "auth" {
  source = "./modules/auth"
}
` + authorizer("[module.auth.arn]"),
			"modules/auth/main.tf": pool + `
output "arn" {
  value = aws_cognito_user_pool.pool.arn
}
`}, wantItems: 1, wantTarget: "module.auth.aws_cognito_user_pool.pool"},
		{name: "variable without value", files: map[string]string{"main.tf": apiTF + `
variable "arns" {
  type = list(string)
}
` + authorizer("var.arns")}, wantItems: 0, wantUnknown: "variable arns has no value"},
		{name: "variable from terraform.tfvars", files: map[string]string{"main.tf": apiTF + `
variable "arn" {}
` + authorizer("[var.arn]"), "terraform.tfvars": `arn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC"`},
			wantItems: 1, wantValue: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC"},
		{name: "auto.tfvars wins over terraform.tfvars, --var over both", files: map[string]string{"main.tf": apiTF + `
variable "arn" {}
` + authorizer("[var.arn]"), "terraform.tfvars": `arn = "a"`, "x.auto.tfvars.json": `{"arn": "b"}`},
			opts: Options{Vars: []string{"arn=c"}}, wantItems: 1, wantValue: "c"},
		{name: "template with a known prefix", files: map[string]string{"main.tf": apiTF + pool + `
data "aws_region" "current" {}
` + authorizer(`["arn:aws:cognito-idp:${data.aws_region.current.name}:1:userpool/x"]`)},
			wantItems: 1, wantUnknown: "data source data.aws_region.current"},
		{name: "registry module", files: map[string]string{"main.tf": apiTF + `
module "auth" {
  source = "acme/cognito/aws"
}
` + authorizer("[module.auth.arn]")}, wantItems: 1, wantUnknown: "does not download"},
		{name: "unsupported function keeps the reference", files: map[string]string{"main.tf": apiTF + pool + authorizer("[provider::aws::arn_build(aws_cognito_user_pool.pool.arn)]")},
			wantItems: 1, wantTarget: "aws_cognito_user_pool.pool"},
		{name: "a pool that is not declared", files: map[string]string{"main.tf": apiTF + authorizer("[aws_cognito_user_pool.typo.arn]")},
			wantItems: 1, wantUnknown: ""},
		{name: "sensitive variable", files: map[string]string{"main.tf": apiTF + `
variable "arn" {
  sensitive = true
  default   = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Secret"
}
` + authorizer("[var.arn]")}, wantItems: 1, wantUnknown: "sensitive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := loadDir(t, writeModule(t, tt.files), tt.opts)
			if err != nil {
				t.Fatalf("load error: %v", err)
			}
			a := firstAuthorizer(t, inv)
			if got := len(a.ProviderARNs.Items); got != tt.wantItems {
				t.Fatalf("items = %d, want %d (%+v)", got, tt.wantItems, a.ProviderARNs)
			}
			if tt.wantItems == 0 {
				if a.ProviderARNs.Unknown == nil || !strings.Contains(a.ProviderARNs.Unknown.Reason, tt.wantUnknown) {
					t.Errorf("list unknown = %+v, want reason with %q", a.ProviderARNs.Unknown, tt.wantUnknown)
				}
				return
			}
			it := a.ProviderARNs.Items[0]
			if tt.wantTarget != "" && (it.UserPool == nil || it.UserPool.Target != tt.wantTarget) {
				t.Errorf("link = %+v, want %s", it.UserPool, tt.wantTarget)
			}
			if v, ok := it.ARN.Get(); tt.wantValue != "" && (!ok || v != tt.wantValue) {
				t.Errorf("arn = %q (known %v), want %q", v, ok, tt.wantValue)
			}
			if tt.wantUnknown != "" && (it.ARN.Unknown == nil || !strings.Contains(it.ARN.Unknown.Reason, tt.wantUnknown)) {
				t.Errorf("arn unknown = %+v, want reason with %q", it.ARN.Unknown, tt.wantUnknown)
			}
			if strings.Contains(tt.name, "not declared") && (it.UserPool == nil || it.UserPool.Missing == nil) {
				t.Errorf("link = %+v, want missing", it.UserPool)
			}
			if strings.Contains(tt.name, "sensitive") {
				for _, src := range []string{it.ARN.Unknown.Reason, it.ARN.Unknown.Expr} {
					if strings.Contains(src, "Secret") {
						t.Errorf("a sensitive value entered the model: %q", src)
					}
				}
			}
		})
	}
}

func TestExpansion(t *testing.T) {
	base := apiTF + `
resource "aws_api_gateway_resource" "r" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "pets"
}
`
	method := func(meta, verb string) string {
		return `
resource "aws_api_gateway_method" "m" {
  ` + meta + `
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.r.id
  http_method   = ` + verb + `
  authorization = "NONE"
}
`
	}
	tests := []struct {
		name      string
		src       string
		wantRefs  []string
		wantVerbs []string
		unknown   bool
	}{
		{"for_each over a known set", base + method(`for_each = toset(["GET", "POST"])`, "each.key"),
			[]string{`aws_api_gateway_method.m["GET"]`, `aws_api_gateway_method.m["POST"]`}, []string{"GET", "POST"}, false},
		{"count over a known number", base + `
variable "n" {
  default = 2
}
` + method("count = var.n", `"GET"`), []string{"aws_api_gateway_method.m[0]", "aws_api_gateway_method.m[1]"}, []string{"GET", "GET"}, false},
		{"count zero", base + method("count = 0", `"GET"`), nil, nil, false},
		{"for_each over an unknown value", base + `
variable "verbs" {}
` + method("for_each = var.verbs", "each.key"), []string{"aws_api_gateway_method.m"}, []string{""}, true},
		{"too many instances", base + method("count = 100000", `"GET"`), []string{"aws_api_gateway_method.m"}, []string{"GET"}, true},
		{"too many keys", base + `
variable "verbs" {
  default = {}
}
locals {
  keys = merge([for i in range(1000) : { for j in range(100) : "k${i}-${j}" => "GET" }]...)
}
` + method("for_each = local.keys", "each.value"), []string{"aws_api_gateway_method.m"}, []string{""}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": tt.src}), Options{})
			if err != nil && !strings.Contains(tt.name, "too many") {
				t.Fatalf("load error: %v", err)
			}
			if strings.Contains(tt.name, "too many") && (err == nil || !strings.Contains(err.Error(), "more than authlint")) {
				t.Errorf("error = %v, want a bound", err)
			}
			ms := inv.RestAPIs[0].Methods
			if len(ms) != len(tt.wantRefs) {
				t.Fatalf("methods = %d, want %d", len(ms), len(tt.wantRefs))
			}
			for i, m := range ms {
				if m.Ref != tt.wantRefs[i] {
					t.Errorf("ref = %s, want %s", m.Ref, tt.wantRefs[i])
				}
				if v, _ := m.HTTPMethod.Get(); v != tt.wantVerbs[i] {
					t.Errorf("verb = %q, want %q", v, tt.wantVerbs[i])
				}
				if (m.InstancesUnknown != nil) != tt.unknown {
					t.Errorf("instances unknown = %+v, want %v", m.InstancesUnknown, tt.unknown)
				}
				if p, _ := m.Path.Get(); p != "/pets" {
					t.Errorf("path = %q", p)
				}
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // in the error
		line  int
		col   int
	}{
		{"malformed HCL", map[string]string{"main.tf": "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"secret-value\n}\n"}, "main.tf:2:", 2, 0},
		{"module cycle", map[string]string{
			"main.tf":            "module \"a\" {\n  source = \"./a\"\n}\n",
			"a/main.tf":          "module \"b\" {\n  source = \"../b\"\n}\n",
			"b/main.tf":          "module \"a\" {\n  source = \"../a\"\n}\n",
			"b/unused.tfvars":    "x = 1",
			"a/terraform.tfvars": "y = 2",
		}, "a cycle", 0, 0},
		{"deep nesting", map[string]string{"main.tf": "locals {\n  x = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n}\n"}, "nest deeper than", 2, 0},
		{"local cycle", map[string]string{"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"}, "a cycle", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadDir(t, writeModule(t, tt.files), Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret-value") {
				t.Errorf("the error quotes the file: %v", err)
			}
			if tt.line > 0 {
				le, ok := errors.AsType[*loader.Error](err)
				if !ok || le.Line != tt.line {
					t.Errorf("error = %#v, want line %d", err, tt.line)
				}
			}
		})
	}
}

func TestColumnsAreUTF16(t *testing.T) {
	// "é" is one grapheme and one UTF-16 unit; "😀" is one grapheme and two
	// UTF-16 units: the name attribute after it starts at column 10 for SARIF.
	src := "resource \"aws_api_gateway_rest_api\" \"api\" {\n  /*😀*/ name = \"p\"\n}\n"
	inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": src}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := inv.RestAPIs[0].Name
	if n == nil || n.Loc.Line != 2 || n.Loc.Column != 10 {
		t.Fatalf("name loc = %+v, want 2:10", n)
	}
}

func TestBodyPositions(t *testing.T) {
	src := apiTF[:len(apiTF)-2] + `
  body = jsonencode({
    openapi = "3.0.1"
    paths = {
      "/pets" = {
        get = {
          security = [{ cognito = [] }]
        }
      }
    }
    components = {
      securitySchemes = {
        cognito = {
          type = "apiKey"
          name = "Authorization"
          in   = "header"
          "x-amazon-apigateway-authtype" = "cognito_user_pools"
          "x-amazon-apigateway-authorizer" = {
            type         = "cognito_user_pools"
            providerARNs = [aws_cognito_user_pool.pool.arn]
          }
        }
      }
    }
  })
}
resource "aws_cognito_user_pool" "pool" {
  name = "p"
}
`
	inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": src}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	api := inv.RestAPIs[0]
	if len(api.Methods) != 1 || len(api.Authorizers) != 1 {
		t.Fatalf("methods %d, authorizers %d", len(api.Methods), len(api.Authorizers))
	}
	if m := api.Methods[0]; m.Loc.Line < 8 || m.Loc.Line > 10 {
		t.Errorf("method at %+v, want the get line", m.Loc)
	}
	it := api.Authorizers[0].ProviderARNs.Items
	if len(it) != 1 || it[0].UserPool == nil || it[0].UserPool.Target != "aws_cognito_user_pool.pool" {
		t.Fatalf("provider ARNs = %+v, want a link to the pool", api.Authorizers[0].ProviderARNs)
	}
	if it[0].Loc.Line != 23 {
		t.Errorf("provider ARN at line %d, want 23", it[0].Loc.Line)
	}
}

func TestDetect(t *testing.T) {
	l := New(Options{})
	plan := []byte(`{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{}}}`)
	tests := []struct {
		in   *loader.Input
		want bool
	}{
		{&loader.Input{Path: "x", Module: true}, true},
		{loader.NewInput("main.tf", []byte("x")), true},
		{loader.NewInput("a.tf.json", []byte("{}")), true},
		{loader.NewInput("plan.json", plan), true},
		{loader.NewInput("openapi.json", []byte(`{"openapi":"3.0.1","paths":{}}`)), false},
	}
	for _, tt := range tests {
		if got := l.Detect(tt.in); got != tt.want {
			t.Errorf("Detect(%s) = %v, want %v", tt.in.Path, got, tt.want)
		}
	}
}

func TestHeredocBodyPositions(t *testing.T) {
	src := `resource "aws_api_gateway_rest_api" "api" {
  name = "pets"
  body = <<EOF
openapi: 3.0.1
paths:
  /pets:
    get:
      security:
        - cognito: []
components:
  securitySchemes:
    cognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: []
EOF
}
`
	inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": src}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	api := inv.RestAPIs[0]
	if len(api.Methods) != 1 || len(api.Authorizers) != 1 {
		t.Fatalf("methods %d, authorizers %d", len(api.Methods), len(api.Authorizers))
	}
	if l := api.Authorizers[0].ProviderARNs.Loc.Line; l != 19 {
		t.Errorf("providerARNs at line %d, want 19", l)
	}
	if l := api.Methods[0].Loc.Line; l != 7 {
		t.Errorf("method at line %d, want 7", l)
	}
}

func TestHostileExpressionsAreBounded(t *testing.T) {
	tests := map[string]string{
		"nested for": `locals {
  r = range(1000)
  x = [for a in local.r : [for b in local.r : [for c in local.r : 1]]]
}`,
		"doubling": "locals {\n  l0 = range(1000)\n" + func() string {
			var b strings.Builder
			for i := 1; i <= 40; i++ {
				fmt.Fprintf(&b, "  l%d = concat(local.l%d, local.l%d)\n", i, i-1, i-1)
			}
			return b.String()
		}() + "}\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			_, err := loadDir(t, writeModule(t, map[string]string{"main.tf": src + apiTF}), Options{})
			if err == nil || !strings.Contains(err.Error(), "main.tf:") {
				t.Errorf("error = %v, want one naming the position", err)
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestJSONSyntaxAndDuplicates(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"main.tf.json": `{"resource": {
  "aws_cognito_user_pool": {"pool": {"name": "p"}},
  "aws_api_gateway_rest_api": {"api": {"name": "pets"}},
  "aws_api_gateway_authorizer": {"a": {"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "type": "COGNITO_USER_POOLS",
    "provider_arns": ["${aws_cognito_user_pool.pool.arn}"]}}}}`,
		"a_override.tf": "resource \"aws_cognito_user_pool\" \"pool\" {\n  name = \"q\"\n}\n",
	})
	inv, err := loadDir(t, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	it := firstAuthorizer(t, inv).ProviderARNs.Items
	if len(it) != 1 || it[0].UserPool == nil || it[0].UserPool.Target != "aws_cognito_user_pool.pool" {
		t.Fatalf("provider ARNs = %+v", it)
	}
	if len(inv.UserPools) != 1 {
		t.Errorf("pools = %d, want 1 (the override is not a second pool)", len(inv.UserPools))
	}
	dup := writeModule(t, map[string]string{"a.tf": apiTF, "b.tf": apiTF})
	if _, err := loadDir(t, dup, Options{}); err == nil || !strings.Contains(err.Error(), "declared twice") {
		t.Errorf("error = %v, want declared twice", err)
	}
}
