package cloudformation

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenInputs are the fixtures whose exported model is kept under
// testdata/golden (review them by hand: they are the specification).
var goldenInputs = []struct {
	name string
	file string
	opts Options
}{
	{"basic-yaml", "testdata/basic.yaml", Options{}},
	{"basic-json", "testdata/basic.json", Options{}},
	{"basic-params", "testdata/basic.yaml", Options{ParamFiles: []string{"testdata/params/cli.json"}, Params: map[string]string{"AWS::Region": "eu-west-1"}}},
	{"az001-body", "testdata/az001-body.yaml", Options{}},
	{"sam", "testdata/sam.yaml", Options{}},
	{"sam-more", "testdata/sam-more.yaml", Options{}},
	{"sam-policy", "testdata/sam-policy.yaml", Options{}},
	{"sam-local", "testdata/sam-local/template.yaml", Options{}},
	{"sam-httpapi", "testdata/sam-httpapi.yaml", Options{}},
	{"sam-httpapi-more", "testdata/sam-httpapi-more.yaml", Options{}},
	{"httpapi", "testdata/httpapi.yaml", Options{}},
	{"cdk-httpapi", "testdata/cdk-httpapi/cdk.out/manifest.json", Options{}},
	{"include", "testdata/include/template.yaml", Options{}},
	{"nested", "testdata/nested/parent.yaml", Options{}},
	{"cycle", "testdata/cycle/a.yaml", Options{}},
	{"cdk-assembly", "testdata/cdk/cdk.out/manifest.json", Options{}},
	{"cdk-template", "testdata/cdk/cdk.out/AppStack.template.json", Options{}},
}

type goldenDoc struct {
	Error       string             `json:"error,omitempty"`
	Inventories []*model.Inventory `json:"inventories"`
}

func load(t *testing.T, file string, opts Options) ([]*model.Inventory, error) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	in := loader.NewInput(file, data)
	l := New(opts)
	if !l.Detect(in) {
		t.Fatalf("%s is not detected", file)
	}
	return l.Load(context.Background(), in)
}

func TestGolden(t *testing.T) {
	for _, g := range goldenInputs {
		t.Run(g.name, func(t *testing.T) {
			invs, err := load(t, g.file, g.opts)
			doc := goldenDoc{Inventories: invs}
			if err != nil {
				doc.Error = err.Error()
			}
			got, jerr := json.MarshalIndent(doc, "", "  ")
			if jerr != nil {
				t.Fatal(jerr)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", g.name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o600); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, rerr := os.ReadFile(path)
			if rerr != nil {
				t.Fatalf("%v (run go test -update)", rerr)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test ./loader/cloudformation -run TestGolden -update and review the diff)", g.file, path)
			}
		})
	}
}

func find[T any](t *testing.T, items []T, ref func(*T) string, want string) *T {
	t.Helper()
	for i := range items {
		if ref(&items[i]) == want {
			return &items[i]
		}
	}
	t.Fatalf("%s not found", want)
	return nil
}

func apiRef(a *model.RestAPI) string      { return a.Ref }
func authRef(a *model.Authorizer) string  { return a.Ref }
func methodRef(m *model.Method) string    { return m.Ref }
func stageRef(s *model.Stage) string      { return s.Ref }
func clientRef(c *model.AppClient) string { return c.Ref }

// TestPositions checks that values point at the property the user wrote, in
// YAML and in JSON.
func TestPositions(t *testing.T) {
	cases := []struct {
		file                   string
		api, auth, arns, arn0  int
		method, scopes, scope0 int
	}{
		{"testdata/basic.yaml", 20, 49, 56, 57, 62, 70, 71},
		{"testdata/basic.json", 42, 107, 116, 117, 141, 155, 156},
	}
	for _, c := range cases {
		t.Run(filepath.Ext(c.file), func(t *testing.T) {
			invs, _ := load(t, c.file, Options{})
			api := find(t, invs[0].RestAPIs, apiRef, "Api")
			a := find(t, api.Authorizers, authRef, "PoolAuthorizer")
			m := find(t, api.Methods, methodRef, "GetPets")
			got := []int{api.Loc.Line, a.Loc.Line, a.ProviderARNs.Loc.Line, a.ProviderARNs.Items[0].Loc.Line, m.Loc.Line, m.AuthorizationScopes.Loc.Line, m.AuthorizationScopes.Items[0].Loc.Line}
			want := []int{c.api, c.auth, c.arns, c.arn0, c.method, c.scopes, c.scope0}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("position %d: line %d, want %d (all: %v)", i, got[i], want[i], got)
				}
			}
			if a.ProviderARNs.Items[0].Loc.Pointer != "/Resources/PoolAuthorizer/Properties/ProviderARNs/0" {
				t.Errorf("pointer %q", a.ProviderARNs.Items[0].Loc.Pointer)
			}
		})
	}
}

// TestModel checks the resolved model of the hand-written fixture.
func TestModel(t *testing.T) {
	invs, err := load(t, "testdata/basic.yaml", Options{})
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	inv := invs[0]
	api := find(t, inv.RestAPIs, apiRef, "Api")
	if v, _ := api.Name.Get(); v != "pets-prod" {
		t.Errorf("name %q", v)
	}
	a := find(t, api.Authorizers, authRef, "PoolAuthorizer")
	links := []string{}
	for _, p := range a.ProviderARNs.Items {
		links = append(links, linkOf(p.UserPool))
	}
	wantLinks := []string{"UserPool", "UserPool", "unknown", "unknown", "missing:MissingPool"}
	if strings.Join(links, ",") != strings.Join(wantLinks, ",") {
		t.Errorf("provider links %v, want %v", links, wantLinks)
	}
	if u := a.ProviderARNs.Items[2].ARN.Unknown; u == nil || !strings.Contains(u.Reason, "no default") {
		t.Errorf("parameter without default: %+v", a.ProviderARNs.Items[2].ARN)
	}
	if u := a.ProviderARNs.Items[3].ARN.Unknown; u == nil || u.Expr != "!ImportValue SharedPoolArnExport" {
		t.Errorf("import: %+v", a.ProviderARNs.Items[3].ARN)
	}
	get := find(t, api.Methods, methodRef, "GetPets")
	if p, _ := get.Path.Get(); p != "/pets" {
		t.Errorf("path %q", p)
	}
	if v, _ := get.HTTPMethod.Get(); v != "GET" {
		t.Errorf("verb %q", v)
	}
	if get.Authorizer.Target != "PoolAuthorizer" || !get.AuthDeclared {
		t.Errorf("authorizer %+v", get.Authorizer)
	}
	if s, _ := get.AuthorizationScopes.Values(); len(s) != 1 || s[0] != "api/read" {
		t.Errorf("scopes %v", s)
	}
	pet := find(t, api.Methods, methodRef, "GetPet")
	if p, _ := pet.Path.Get(); p != "/pets/{id}" {
		t.Errorf("path %q", p)
	}
	if pet.Authorizer.Missing == nil || pet.Authorizer.Missing.Name != "UndefinedAuthorizer" {
		t.Errorf("missing authorizer %+v", pet.Authorizer)
	}
	if v, _ := pet.APIKeyRequired.Get(); !v {
		t.Error("ApiKeyRequired from !If [IsProd, true, false] with Stage=prod should be true")
	}
	opt := find(t, api.Methods, methodRef, "OptionsPets")
	if opt.AuthDeclared || opt.CORS == nil {
		t.Fatalf("options %+v", opt)
	}
	if v, _ := opt.CORS.AllowOrigin.Get(); v != "https://app.example.com" {
		t.Errorf("allow origin %q", v)
	}
	for _, m := range api.Methods {
		if m.Ref == "DevOnly" {
			t.Error("DevOnly has condition IsDev, false with the default Stage: it is not deployed")
		}
	}
	st := find(t, api.Stages, stageRef, "ProdStage")
	if st.Deployment.Target != "Deployment" {
		t.Errorf("stage deployment %+v", st.Deployment)
	}
	if len(api.Deployments) != 1 || api.Deployments[0].ManagedBy != "cloudformation" || *api.Deployments[0].RedeploysOnChange.Value ||
		strings.Join(api.Deployments[0].DependsOn, ",") != "GetPets,GetPet" {
		t.Errorf("deployment %+v", api.Deployments)
	}
	if api.ResourcePolicy == nil || len(api.ResourcePolicy.Statements) != 1 {
		t.Errorf("policy %+v", api.ResourcePolicy)
	}
	if len(inv.UserPools) != 1 || !inv.UserPools[0].Complete || strOf(inv.UserPools[0].IssuerFormat) != "UPDATED" || strOf(inv.UserPools[0].PreTokenGenerationVersion) != "V2_0" {
		t.Errorf("pool %+v", inv.UserPools)
	}
	c := find(t, inv.AppClients, clientRef, "Client")
	if c.UserPool.Target != "UserPool" {
		t.Errorf("client pool %+v", c.UserPool)
	}
	if len(inv.Suppressions) != 1 || inv.Suppressions[0].Target != "Api" || inv.Suppressions[0].RuleIDs[0] != "GW002" || inv.Suppressions[0].Expires != "2027-03-01" {
		t.Errorf("suppressions %+v", inv.Suppressions)
	}
}

func TestParameterFiles(t *testing.T) {
	for _, f := range []string{"cli.json", "pipeline.json", "overrides.json", "cdk.txt"} {
		t.Run(f, func(t *testing.T) {
			invs, err := load(t, "testdata/basic.yaml", Options{ParamFiles: []string{filepath.Join("testdata", "params", f)}})
			if err != nil {
				t.Fatal(err)
			}
			api := find(t, invs[0].RestAPIs, apiRef, "Api")
			if v, _ := api.Name.Get(); v != "pets-dev" {
				t.Errorf("name %q, want pets-dev", v)
			}
			a := find(t, api.Authorizers, authRef, "PoolAuthorizer")
			arn, known := a.ProviderARNs.Items[2].ARN.Get()
			if f == "cdk.txt" {
				// Qualified by another stack name: not applied to a plain template.
				if known {
					t.Errorf("AppStack:SharedPoolArn applied to an unnamed stack: %q", arn)
				}
				return
			}
			if arn != "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Shared" {
				t.Errorf("arn %q", arn)
			}
		})
	}
	// --param wins over files.
	invs, _ := load(t, "testdata/basic.yaml", Options{ParamFiles: []string{"testdata/params/cli.json"}, Params: map[string]string{"Stage": "qa"}})
	if v, _ := find(t, invs[0].RestAPIs, apiRef, "Api").Name.Get(); v != "pets-qa" {
		t.Errorf("name %q, want pets-qa", v)
	}
}

func TestNestedAndCycle(t *testing.T) {
	invs, err := load(t, "testdata/nested/parent.yaml", Options{})
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	inv := invs[0]
	if len(inv.Sources) != 2 || inv.Sources[1].File != filepath.Join("testdata", "nested", "child.yaml") {
		t.Errorf("sources %+v", inv.Sources)
	}
	api := find(t, inv.RestAPIs, apiRef, "Child/Api")
	if v, _ := api.Name.Get(); v != "hello-api" {
		t.Errorf("parameter passed from the parent: %q", v)
	}
	a := find(t, api.Authorizers, authRef, "Child/Authorizer")
	// The parent passes !GetAtt Pool.Arn: the child's authorizer links to the parent's pool.
	if p := a.ProviderARNs.Items[0]; p.ARN.Unknown == nil || p.UserPool == nil || p.UserPool.Target != "Pool" {
		t.Errorf("arn %+v link %+v", p.ARN, p.UserPool)
	}
	remote := find(t, inv.RestAPIs, apiRef, "Api")
	// The child adds a method to the parent's API, which it receives as a parameter.
	pm := find(t, remote.Methods, methodRef, "Child/ParentMethod")
	if p, _ := pm.Path.Get(); p != "/" || pm.Loc.File != filepath.Join("testdata", "nested", "child.yaml") {
		t.Errorf("parent method %+v", pm)
	}
	if remote.StagesUnknown == nil || !strings.Contains(remote.StagesUnknown.Reason, "Remote") {
		t.Errorf("an API passed to a remote nested stack may get stages there: %+v", remote.StagesUnknown)
	}
	if api.Loc.File != filepath.Join("testdata", "nested", "child.yaml") {
		t.Errorf("file %q", api.Loc.File)
	}
	invs, err = load(t, "testdata/cycle/a.yaml", Options{})
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Fatalf("cycle error %v", err)
	}
	if len(invs) != 1 || len(invs[0].UserPools) != 1 || invs[0].UserPools[0].Ref != "B/Pool" {
		t.Errorf("partial inventory %+v", invs)
	}
}

func TestCDK(t *testing.T) {
	invs, err := load(t, "testdata/cdk/cdk.out/manifest.json", Options{})
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if len(invs) != 1 {
		t.Fatalf("%d inventories", len(invs))
	}
	inv := invs[0]
	if inv.CDK == nil || !inv.CDK.FeatureFlags["@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId"] || inv.CDK.ContextUnknown != nil {
		t.Errorf("cdk %+v", inv.CDK)
	}
	if _, ok := inv.CDK.FeatureFlags["@aws-cdk/core:stackRelativeExports"]; ok {
		t.Error("a string context entry is not a feature flag")
	}
	api := inv.RestAPIs[0]
	if api.Origin != "cdk" || api.CDKPath != "AppStack/Api/Resource" {
		t.Errorf("api %s %s", api.Origin, api.CDKPath)
	}
	if d := api.Deployments[0]; d.ManagedBy != "cdk" || !*d.RedeploysOnChange.Value {
		t.Errorf("deployment %+v", d)
	}
	if len(inv.AppClients) != 1 || inv.AppClients[0].Ref != "NestedStackNestedStackResource/ClientA1B2C3D4" {
		t.Errorf("nested stack client %+v", inv.AppClients)
	}
	var files []string
	for _, s := range inv.Sources {
		files = append(files, filepath.Base(s.File))
	}
	if strings.Join(files, ",") != "AppStack.template.json,AppStackNestedB9A4C3A2.nested.template.json" {
		t.Errorf("sources %v", files)
	}
}

// TestLocalDefinition reads an OpenAPI document a SAM API names by a local
// DefinitionUri (what sam deploy uploads), with the template's parameters and
// the document's own positions; an S3 location stays unknown.
func TestLocalDefinition(t *testing.T) {
	invs, err := load(t, "testdata/sam-local/template.yaml", Options{})
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	inv := invs[0]
	api := find(t, inv.RestAPIs, apiRef, "Api")
	if len(api.Methods) != 1 || len(api.Authorizers) != 1 {
		t.Fatalf("api %+v", api)
	}
	arn, _ := api.Authorizers[0].ProviderARNs.Items[0].ARN.Get()
	if arn != "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Local" {
		t.Errorf("arn %q", arn)
	}
	want := filepath.Join("testdata", "sam-local", "api.yaml")
	if m := api.Methods[0]; m.Loc.File != want || m.Loc.Line != 18 {
		t.Errorf("method at %s:%d", m.Loc.File, m.Loc.Line)
	}
	if len(inv.Sources) != 2 || inv.Sources[1].File != want {
		t.Errorf("sources %+v", inv.Sources)
	}
	remote := find(t, inv.RestAPIs, apiRef, "Remote")
	if remote.MethodsUnknown == nil || !strings.Contains(remote.MethodsUnknown.Reason, "S3") {
		t.Errorf("remote %+v", remote.MethodsUnknown)
	}
}

// TestBodyAndSAMPositions checks where objects of an inline body and of SAM's
// generated document point.
func TestBodyAndSAMPositions(t *testing.T) {
	invs, _ := load(t, "testdata/az001-body.yaml", Options{})
	api := invs[0].RestAPIs[0]
	a, m := api.Authorizers[0], api.Methods[0]
	if a.Loc.Line != 12 || a.Loc.Pointer != "/Resources/Api/Properties/Body/securityDefinitions/Cognito" {
		t.Errorf("authorizer at %d %s", a.Loc.Line, a.Loc.Pointer)
	}
	if m.Loc.Line != 22 || m.Authorizer.Loc.Line != 24 {
		t.Errorf("method at %d, its authorizer at %d", m.Loc.Line, m.Authorizer.Loc.Line)
	}

	invs, _ = load(t, "testdata/sam.yaml", Options{})
	api = *find(t, invs[0].RestAPIs, apiRef, "Api")
	get := find(t, api.Methods, methodRef, "Api/method/GET /pets")
	opt := find(t, api.Methods, methodRef, "Api/method/OPTIONS /pets")
	az := find(t, api.Authorizers, authRef, "Api/authorizer/Cognito")
	got := []int{get.Loc.Line, get.Authorizer.Loc.Line, opt.Loc.Line, opt.Authorizer.Loc.Line, az.Loc.Line, az.ProviderARNs.Items[0].Loc.Line, az.IdentityValidationExpression.Loc.Line}
	// The event, DefaultAuthorizer, Cors (in Globals), DefaultAuthorizer, the
	// authorizer's key, UserPoolArn, ValidationExpression.
	want := []int{29, 14, 5, 14, 16, 17, 21}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("position %d: line %d, want %d (all %v)", i, got[i], want[i], got)
		}
	}
	if get.GeneratedBy != "sam" || opt.GeneratedBy != "sam-cors" {
		t.Errorf("generated by %q / %q", get.GeneratedBy, opt.GeneratedBy)
	}
	if api.SAM == nil || api.SAM.DefaultAuthorizer == nil || api.SAM.Cors == nil || api.SAM.AuthLoc.Line != 13 {
		t.Errorf("sam info %+v", api.SAM)
	}
}

// TestInclude reads bodies included with AWS::Include from a local file: SAM
// applies Auth and Cors to it (CloudFormation inlines it first), a plain
// RestApi reads it as is, and an S3 location stays unknown.
func TestInclude(t *testing.T) {
	invs, err := load(t, "testdata/include/template.yaml", Options{})
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	inv := invs[0]
	file := filepath.Join("testdata", "include", "openapi.yaml")
	sam := find(t, inv.RestAPIs, apiRef, "Api")
	get := find(t, sam.Methods, methodRef, "Api/method/GET /pets")
	if v, _ := get.AuthorizationType.Get(); v != "COGNITO_USER_POOLS" || get.Loc.File != file || get.Loc.Line != 7 {
		t.Errorf("SAM method %s at %s:%d", v, get.Loc.File, get.Loc.Line)
	}
	opt := find(t, sam.Methods, methodRef, "Api/method/OPTIONS /pets")
	if opt.GeneratedBy != "sam-cors" || opt.Loc.File != filepath.Join("testdata", "include", "template.yaml") {
		t.Errorf("OPTIONS %+v", opt.Loc)
	}
	plain := find(t, inv.RestAPIs, apiRef, "Plain")
	if len(plain.Methods) != 1 || plain.Methods[0].Loc.File != file {
		t.Errorf("plain %+v", plain.Methods)
	}
	remote := find(t, inv.RestAPIs, apiRef, "Remote")
	if remote.MethodsUnknown == nil || !strings.Contains(remote.MethodsUnknown.Reason, "S3") {
		t.Errorf("remote %+v", remote.MethodsUnknown)
	}
	n := 0
	for _, s := range inv.Sources {
		if s.File == file {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the included file is listed %d times in %+v", n, inv.Sources)
	}
}
