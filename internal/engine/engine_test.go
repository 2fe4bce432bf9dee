package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

func TestEvaluateFindsAndSkipsUnknown(t *testing.T) {
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	loc := model.Loc{File: "api.yaml", Line: 3, Column: 5, Pointer: "/components/securitySchemes/Cognito"}
	inv := &model.Inventory{
		SchemaVersion: model.SchemaVersion,
		RestAPIs: []model.RestAPI{{
			Object: model.Object{Ref: "api", Loc: model.Loc{File: "api.yaml", Line: 1, Column: 1}},
			Origin: model.KindOpenAPI,
			Authorizers: []model.Authorizer{
				{
					Object:       model.Object{Ref: "api/authorizer/Cognito", Loc: loc},
					Name:         &model.String{Value: new("Cognito")},
					Type:         model.Known("COGNITO_USER_POOLS", loc),
					ProviderARNs: model.ProviderARNs{Items: []model.ProviderARN{}, Loc: model.Loc{File: "api.yaml", Line: 9, Column: 9, Pointer: "/components/securitySchemes/Cognito/x-amazon-apigateway-authorizer/providerARNs"}},
				},
				{
					Object:       model.Object{Ref: "api/authorizer/Unknown", Loc: loc},
					Type:         model.Known("COGNITO_USER_POOLS", loc),
					ProviderARNs: model.ProviderARNs{Unknown: &model.Unknown{Reason: "parameter has no default"}},
				},
			},
		}},
	}
	fs, errs := e.Evaluate(context.Background(), inv, "api.yaml")
	if len(errs) > 0 {
		t.Fatalf("rule errors: %v", errs)
	}
	var az001 int
	for _, f := range fs {
		if f.RuleID != "AZ001" {
			continue
		}
		az001++
		if f.Location.Line != 3 || f.Location.File != "api.yaml" || f.Resource.Kind != "authorizer" || f.Resource.Name != "Cognito" {
			t.Errorf("unexpected finding %+v", f)
		}
		if !strings.Contains(f.Message, "401") || f.Fingerprint == "" {
			t.Errorf("message/fingerprint: %+v", f)
		}
	}
	if az001 != 1 {
		t.Fatalf("AZ001 findings = %d, want 1: %+v", az001, fs)
	}
}

func TestCatalogueFromMetadata(t *testing.T) {
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules := e.Rules()
	if len(rules) == 0 {
		t.Fatal("empty catalogue")
	}
	for _, r := range rules {
		if r.ID == "" || r.Slug == "" || r.Title == "" || r.Remediation == "" || r.ClientSees == "" || r.Severity == 0 {
			t.Errorf("incomplete rule %+v", r)
		}
	}
}

//go:fix inline

// TestSchemaRejectsUnknownFields: a policy that reads a field the model does
// not have fails to compile, naming the field.
func TestSchemaRejectsUnknownFields(t *testing.T) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, body string }{
		{"typo in a method field", "some api in input.restApis\n\tsome m in api.methods\n\tm.authorizationTypo.value == \"X\"\n\tr := m.ref"},
		{"unknown top-level collection", "some api in input.restApiz\n\tr := api.ref"},
		{"unknown value key", "some p in input.userPools\n\tp.id.valu == \"x\"\n\tr := p.ref"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package authlint.rules.typo\n\ndeny contains r if {\n\t" + tt.body + "\n}\n"
			_, err := Compile(append(mods, Module{Path: "typo.rego", Source: src, Custom: true}))
			if err == nil || !strings.Contains(err.Error(), "undefined ref") {
				t.Fatalf("compile error = %v, want an undefined ref type error", err)
			}
		})
	}
}

const brokenPolicy = `# METADATA
# title: Broken on purpose
# description: Conflicting values make evaluation fail at run time.
# custom:
#   id: ORG999
#   slug: broken-on-purpose
#   severity: warning
#   client_sees: nothing
#   remediation: Fix the policy.
package authlint.rules.broken_on_purpose

x := 1 if {
	some api in input.restApis
	api.ref != ""
}

x := 2 if {
	some api in input.restApis
	api.ref != ""
}

deny contains {"msg": "never", "ref": "api", "loc": {}} if x == 1
`

// TestFailingRuleIsIsolated: a rule that fails at run time is reported as a
// rule error for that rule, and every other rule still reports its findings.
func TestFailingRuleIsIsolated(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "broken.rego"), []byte(brokenPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	loc := model.Loc{File: "api.yaml", Line: 3, Column: 5, Pointer: "/components/securitySchemes/Cognito"}
	inv := &model.Inventory{RestAPIs: []model.RestAPI{{
		Object: model.Object{Ref: "api"},
		Authorizers: []model.Authorizer{{
			Object:       model.Object{Ref: "api/authorizer/Cognito", Loc: loc},
			Type:         model.Known("COGNITO_USER_POOLS", loc),
			ProviderARNs: model.ProviderARNs{Items: []model.ProviderARN{}, Loc: loc},
		}},
	}}}
	fs, errs := e.Evaluate(context.Background(), inv, "api.yaml")
	if len(errs) != 1 || errs[0].RuleID != "ORG999" || !strings.Contains(errs[0].Message, "conflict") {
		t.Fatalf("rule errors = %+v, want one conflict error for ORG999", errs)
	}
	if len(fs) != 1 || fs[0].RuleID != "AZ001" {
		t.Fatalf("findings = %+v, want the AZ001 finding despite the broken rule", fs)
	}
}

// TestRuleWithoutDeny: metadata without a deny rule is a contract error.
func TestRuleWithoutDeny(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(brokenPolicy, "deny contains", "other contains", 1)
	if err := os.WriteFile(filepath.Join(dir, "nodeny.rego"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "no deny rule") {
		t.Fatalf("err = %v, want a missing deny error", err)
	}
}

// TestNoNetworkBuiltins: policies cannot reach the network or the host; a
// user policy that calls http.send does not compile.
func TestNoNetworkBuiltins(t *testing.T) {
	for _, call := range []string{
		`http.send({"method": "GET", "url": "https://example.com"})`,
		`net.lookup_ip_addr("example.com")`,
		`opa.runtime()`,
	} {
		t.Run(call, func(t *testing.T) {
			dir := t.TempDir()
			src := strings.Replace(brokenPolicy, "deny contains {\"msg\": \"never\", \"ref\": \"api\", \"loc\": {}} if x == 1",
				"deny contains {\"msg\": \"never\", \"ref\": \"api\", \"loc\": {}} if {\n\tr := "+call+"\n\tr != null\n}", 1)
			if err := os.WriteFile(filepath.Join(dir, "net.rego"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
			if err == nil || !strings.Contains(err.Error(), "undefined function") {
				t.Fatalf("err = %v, want an undefined function error", err)
			}
		})
	}
}

// TestSecuritySeverityMetadata: a custom rule may state its security
// severity; a value outside critical, high, medium and low is a contract error.
func TestSecuritySeverityMetadata(t *testing.T) {
	tests := []struct {
		value, wantErr, want string
	}{
		{value: "high", want: "high"},
		{value: "", want: ""},
		{value: "severe", wantErr: `custom.security_severity "severe" must be one of critical, high, medium, low`},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			dir := t.TempDir()
			src := brokenPolicy
			if tt.value != "" {
				src = strings.Replace(src, "#   severity: warning\n", "#   severity: warning\n#   security_severity: "+tt.value+"\n", 1)
			}
			if err := os.WriteFile(filepath.Join(dir, "sec.rego"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			e, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range e.Rules() {
				if r.ID == "ORG999" && r.SecuritySeverity != tt.want {
					t.Errorf("security severity = %q, want %q", r.SecuritySeverity, tt.want)
				}
			}
		})
	}
}

// TestDenyShapes: evaluation hands the deny value of every rule over as OPA
// would convert it (sets and arrays of entries become findings, an empty set
// none, any other value a rule error), whatever the rule returns.
func TestDenyShapes(t *testing.T) {
	inv := &model.Inventory{RestAPIs: []model.RestAPI{{Object: model.Object{Ref: "api"}}}}
	tests := []struct {
		name     string
		deny     string
		findings int
		ruleErr  string
	}{
		{name: "set", deny: `deny contains {"msg": "m", "ref": "api", "loc": {}} if { some api in input.restApis; api.ref == "api" }`, findings: 1},
		{name: "empty set", deny: `deny contains {"msg": "m", "ref": "api", "loc": {}} if { some api in input.restApis; api.ref == "other" }`},
		{name: "array", deny: `deny := [{"msg": "m", "ref": "api", "loc": {}}, {"msg": "n", "ref": "api", "loc": {}}]`, findings: 2},
		{name: "text", deny: `deny := "never"`, ruleErr: "deny must be a set of objects, got string"},
		{name: "object", deny: `deny := {"msg": "m"}`, ruleErr: "deny must be a set of objects, got map[string]interface {}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := strings.Replace(brokenPolicy, `deny contains {"msg": "never", "ref": "api", "loc": {}} if x == 1`, tt.deny, 1)
			if err := os.WriteFile(filepath.Join(dir, "shape.rego"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			// The conflicting x is not read by these deny rules.
			e, err := New(context.Background(), Options{PolicyDirs: []string{dir}})
			if err != nil {
				t.Fatal(err)
			}
			fs, errs := e.Evaluate(context.Background(), inv, "api.yaml")
			var mine []finding.Finding
			for _, f := range fs {
				if f.RuleID == "ORG999" {
					mine = append(mine, f)
				}
			}
			if len(mine) != tt.findings {
				t.Errorf("%d ORG999 findings, want %d: %+v", len(mine), tt.findings, mine)
			}
			var msgs []string
			for _, re := range errs {
				msgs = append(msgs, re.RuleID+": "+re.Message)
			}
			switch {
			case tt.ruleErr == "" && len(errs) > 0:
				t.Errorf("rule errors %v, want none", msgs)
			case tt.ruleErr != "" && (len(errs) != 1 || errs[0].RuleID != "ORG999" || !strings.Contains(errs[0].Message, tt.ruleErr)):
				t.Errorf("rule errors %v, want one for ORG999 saying %q", msgs, tt.ruleErr)
			}
		})
	}
}
