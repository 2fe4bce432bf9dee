package policies_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
)

// categories maps the id prefix of a rule to the folder it lives in.
var categories = map[string]string{
	"AZ": "authorizer",
	"SC": "scopes",
	"DP": "deployment",
	"CR": "cors",
	"GW": "gateway",
	"UP": "userpool",
	"TK": "token",
	"HT": "httpapi",
	"PM": "postman",
}

// TestCatalogue checks the contract every built-in rule follows: naming,
// metadata, tests and fixtures (see CONTRIBUTING.md, "Anatomy of a rule").
func TestCatalogue(t *testing.T) {
	rules := testEngine(t).Rules()
	if len(rules) == 0 {
		t.Fatal("empty catalogue")
	}
	tests := regoTests(t)
	fixtures := listFixtures(t)
	loaders := loaderNames()
	slugs := map[string]string{}
	ids := map[string]bool{}
	for _, r := range rules {
		ids[r.ID] = true
		t.Run(r.ID, func(t *testing.T) {
			if prev, dup := slugs[r.Slug]; dup {
				t.Errorf("slug %s is already used by %s", r.Slug, prev)
			}
			slugs[r.Slug] = r.ID
			checkNaming(t, r)
			checkTests(t, r, tests[r.Package+"_test"])
			if r.IsToken() {
				// Token rules read a token case, not an inventory: they have
				// no source kinds and no source fixtures. Their cases with
				// real signed tokens are internal/explain's table tests, which
				// check that every token rule fails on at least one.
				checkTokenRule(t, r, tests[r.Package+"_test"])
				return
			}
			if r.ID[:2] == "TK" {
				t.Error("TK rules are token rules: declare custom.step")
			}
			checkMetadata(t, r)
			checkFixtures(t, r, fixtures, loaders)
		})
	}
	for _, fx := range fixtures {
		if !ids[fx.rule] {
			t.Errorf("fixtures for %s, which is not a rule", fx.rule)
		}
	}
}

func checkNaming(t *testing.T, r finding.Rule) {
	t.Helper()
	category, ok := categories[r.ID[:2]]
	if !ok {
		t.Errorf("id prefix %s is not one of %v", r.ID[:2], categories)
		return
	}
	under := strings.ReplaceAll(r.Slug, "-", "_")
	wantFile := "policies/rules/" + category + "/" + strings.ToLower(r.ID) + "_" + under + ".rego"
	if r.File != wantFile {
		t.Errorf("rule file is %s, want %s", r.File, wantFile)
	}
	if r.Package != "authlint.rules."+under {
		t.Errorf("package is %s, want authlint.rules.%s", r.Package, under)
	}
}

func checkMetadata(t *testing.T, r finding.Rule) {
	t.Helper()
	for field, v := range map[string]string{"title": r.Title, "description": r.Description, "client_sees": r.ClientSees, "remediation": r.Remediation} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s is empty", field)
		}
	}
	if strings.HasSuffix(r.Title, ".") {
		t.Errorf("title ends with a period: %q", r.Title)
	}
	if !strings.HasSuffix(r.Remediation, ".") {
		t.Errorf("remediation must end with a period: %q", r.Remediation)
	}
	if !strings.ContainsAny(r.ClientSees, "0123456789") {
		t.Errorf("client_sees should name the status code the client gets: %q", r.ClientSees)
	}
	if len(r.References) == 0 {
		t.Error("no related_resources reference")
	}
	for _, ref := range r.References {
		if !strings.HasPrefix(ref, "https://") {
			t.Errorf("reference %q is not an https URL", ref)
		}
	}
	if len(r.Sources) == 0 {
		t.Error("custom.sources lists no source kind")
	}
	for _, s := range r.Sources {
		if strings.TrimSpace(r.Fixes[s]) == "" {
			t.Errorf("custom.fixes has no fix for declared source %s", s)
		}
	}
	if strings.TrimSpace(r.Fixes[finding.SourceConsole]) == "" {
		t.Error("custom.fixes has no console fix")
	}
	for k := range r.Fixes {
		if k != finding.SourceConsole && !slices.Contains(r.Sources, k) {
			t.Errorf("custom.fixes.%s is for a source the rule does not declare", k)
		}
	}
	if len(r.Tags) == 0 {
		t.Error("custom.tags is empty")
	}
	checkSecuritySeverity(t, r)
}

// opensAccess are the rules whose misconfiguration lets callers reach a
// method without a valid token. Their security_severity must be critical or
// high; every other rule fails closed (some or all tokens refused) and must
// be medium or low, so code scanning does not rank a 401 above an open API.
var opensAccess = map[string]bool{
	"AZ009": true, // root-level security ignored: operations open to anyone
	"AZ010": true, // one method open among protected ones
	"DP003": true, // the stage may still serve a method that was open
	"HT008": true, // a route names an authorizer it does not run
	"HT013": true, // quick create adds an open $default route
	"PM012": true, // a committed token lets whoever reads the repository call the API
}

func checkSecuritySeverity(t *testing.T, r finding.Rule) {
	t.Helper()
	switch r.SecuritySeverity {
	case "":
		t.Error("custom.security_severity is missing (critical, high, medium or low)")
	case finding.SecurityCritical, finding.SecurityHigh:
		if !opensAccess[r.ID] {
			t.Errorf("security_severity %s is for rules that open access; this rule fails closed (medium or low)", r.SecuritySeverity)
		}
	case finding.SecurityMedium, finding.SecurityLow:
		if opensAccess[r.ID] {
			t.Errorf("security_severity %s: the rule opens access, so it is critical or high", r.SecuritySeverity)
		}
	default:
		t.Errorf("security_severity %q is not critical, high, medium or low", r.SecuritySeverity)
	}
}

func checkTokenRule(t *testing.T, r finding.Rule, names []string) {
	t.Helper()
	if r.ID[:2] != "TK" {
		t.Errorf("token rule ids start with TK, got %s", r.ID)
	}
	for field, v := range map[string]string{"title": r.Title, "description": r.Description, "client_sees": r.ClientSees, "remediation": r.Remediation} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s is empty", field)
		}
	}
	if !strings.HasSuffix(r.Remediation, ".") {
		t.Errorf("remediation must end with a period: %q", r.Remediation)
	}
	if !strings.ContainsAny(r.ClientSees, "0123456789") {
		t.Errorf("client_sees should name the status code the client gets: %q", r.ClientSees)
	}
	if len(r.References) == 0 {
		t.Error("no related_resources reference")
	}
	if len(r.Tags) == 0 {
		t.Error("custom.tags is empty")
	}
	// The token-case counterpart of bad/good/unknown fixtures.
	for _, want := range []string{"fail", "pass", "unknown"} {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, want) }) {
			t.Errorf("package %s_test has no test_..._%s_... test", r.Package, want)
		}
	}
}

func checkTests(t *testing.T, r finding.Rule, names []string) {
	t.Helper()
	testFile := strings.TrimSuffix(r.File, ".rego") + "_test.rego"
	if _, err := os.Stat(strings.TrimPrefix(testFile, "policies/")); err != nil {
		t.Errorf("no test file %s", testFile)
	}
	if len(names) == 0 {
		t.Errorf("package %s_test has no test", r.Package)
		return
	}
	if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "unknown") }) {
		t.Errorf("package %s_test has no test about unknown values (name one test_..._unknown_...)", r.Package)
	}
}

func checkFixtures(t *testing.T, r finding.Rule, fixtures []fixture, loaders map[string]bool) {
	t.Helper()
	have := map[string]map[string]int{}
	unknown := 0
	for _, fx := range fixtures {
		if fx.rule != r.ID {
			continue
		}
		if have[fx.kind] == nil {
			have[fx.kind] = map[string]int{}
		}
		have[fx.kind][fx.role]++
		if fx.role == "unknown" {
			unknown++
		}
	}
	for _, s := range r.Sources {
		kind := kindOfSource[s]
		if !loaders[loaderOfKind[kind]] {
			// No loader reads this kind yet (terraform): its fixtures arrive with it.
			continue
		}
		if have[kind]["bad"] == 0 || have[kind]["good"] == 0 {
			t.Errorf("source %s needs a bad and a good fixture under %s/%s/%s/", s, fixturesDir, r.ID, kind)
		}
	}
	for kind := range have {
		if !slices.ContainsFunc(r.Sources, func(s string) bool { return kindOfSource[s] == kind }) {
			t.Errorf("fixtures of kind %s for a rule that does not declare that source", kind)
		}
	}
	if unknown == 0 {
		t.Errorf("no unknown* fixture (a value authlint cannot know must produce no finding)")
	}
}

// regoTests lists the test rules of every test package.
func regoTests(t *testing.T) map[string][]string {
	t.Helper()
	mods, err := engine.EmbeddedModules(true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, m := range mods {
		if !strings.HasSuffix(m.Path, "_test.rego") {
			continue
		}
		pm, err := ast.ParseModuleWithOpts(m.Path, m.Source, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(pm.Package.Path.String(), "data.")
		for _, rule := range pm.Rules {
			if name := rule.Head.Name.String(); strings.HasPrefix(name, "test_") && !slices.Contains(out[pkg], name) {
				out[pkg] = append(out[pkg], name)
			}
		}
	}
	return out
}

// TestEmbedOnlyRego makes sure fixtures and other files never reach the binary.
func TestEmbedOnlyRego(t *testing.T) {
	src, err := os.ReadFile("embed.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`//go:embed (.+)`).FindSubmatch(src)
	if m == nil {
		t.Fatal("embed.go has no go:embed directive")
	}
	for p := range strings.FieldsSeq(string(m[1])) {
		if !strings.HasSuffix(p, ".rego") {
			t.Errorf("embed pattern %s does not end in .rego", p)
		}
	}
}
