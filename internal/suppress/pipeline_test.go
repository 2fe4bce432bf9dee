package suppress

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/internal/baseline"
	"github.com/authlint/authlint/internal/config"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func catalogueRules() []finding.Rule {
	return append([]finding.Rule{
		{ID: "AZ004", Slug: "method-authorizer-mismatch", Severity: finding.Error},
		{ID: "AZ010", Slug: "method-unprotected-among-cognito", Severity: finding.Warning},
		{ID: "CR001", Slug: "preflight-requires-auth", Severity: finding.Error},
		{ID: "GW004", Slug: "aws-iam-method-in-cognito-api", Severity: finding.Warning},
	}, Rules()...)
}

func mkFinding(rule, source, ref string, line int) finding.Finding {
	sev := finding.Error
	if rule == "AZ010" || rule == "GW004" {
		sev = finding.Warning
	}
	return finding.Finding{
		RuleID: rule, Severity: sev, Message: rule + " on " + ref,
		Location:    finding.Location{File: source, Line: line, Column: 7, Pointer: "/Resources/" + ref},
		Resource:    finding.Resource{Kind: "method", Ref: ref, Name: ref},
		Source:      source,
		Fingerprint: finding.Fingerprint(rule, source, ref, "/Resources/"+ref),
	}
}

func newReport(fs ...finding.Finding) *finding.Report {
	return &finding.Report{Rules: catalogueRules(), Findings: fs, Inputs: []finding.Input{{Name: "api.yaml", Kind: "cloudformation"}}}
}

func settings(t *testing.T, text string) *config.Settings {
	t.Helper()
	wd, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(filepath.Join(wd, ".authlint.yaml"), wd, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	s, err := config.Resolve(cfg, config.Overrides{}, catalogueRules())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func noFiles(string) ([]byte, error) { return nil, fs.ErrNotExist }

func filesOf(m map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if s, ok := m[filepath.ToSlash(name)]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
}

// summary renders findings as "RULE ref [kind]" lines for comparison.
func summary(r *finding.Report) []string {
	var out []string
	for _, f := range r.Findings {
		s := f.RuleID + " " + f.Resource.Ref
		if f.Suppression != nil {
			s += " [" + f.Suppression.Kind + ": " + f.Suppression.Justification + "]"
		}
		out = append(out, s)
	}
	return out
}

func inline(source, target, reason, expires string, ids ...string) Inline {
	return Inline{Source: source, Suppression: model.Suppression{
		RuleIDs: ids, Reason: reason, Expires: expires, Target: target,
		Loc: model.Loc{File: source, Line: 3, Column: 5, Pointer: "/Resources/" + target + "/Metadata/authlint/ignore/0"},
	}}
}

func TestInlineSuppressions(t *testing.T) {
	tests := []struct {
		name   string
		inline []Inline
		cfg    string
		want   []string
		notes  []string // messages of tool findings, by substring
	}{
		{
			name:   "target and children, rule by slug",
			inline: []Inline{inline("api.yaml", "Api", "public by design", "", "preflight-requires-auth")},
			want:   []string{"CR001 Api/Options [inSource: public by design]", "AZ004 Api/Get", "CR001 Other"},
		},
		{
			name:   "other input is not covered",
			inline: []Inline{inline("other.yaml", "Api", "r", "", "CR001")},
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL001 Api"},
			notes:  []string{"Suppression of CR001 on Api matches no finding"},
		},
		{
			name:   "no reason",
			inline: []Inline{inline("api.yaml", "Api/Options", " ", "", "CR001")},
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL003 Api/Options"},
			notes:  []string{"gives no reason, so it suppresses nothing"},
		},
		{
			name:   "expired",
			inline: []Inline{inline("api.yaml", "Api/Options", "r", "2026-06-01", "CR001")},
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL002 Api/Options"},
			notes:  []string{"expired on 2026-06-01"},
		},
		{
			name:   "not yet expired",
			inline: []Inline{inline("api.yaml", "Api/Options", "r", "2026-06-02", "CR001")},
			want:   []string{"CR001 Api/Options [inSource: r]", "AZ004 Api/Get", "CR001 Other"},
		},
		{
			name:   "bad date",
			inline: []Inline{inline("api.yaml", "Api/Options", "r", "next year", "CR001")},
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL004 Api/Options"},
			notes:  []string{`has expiry "next year", which is not a date`},
		},
		{
			name:   "unknown rule beside a known one",
			inline: []Inline{inline("api.yaml", "Api/Options", "r", "", "CR001", "XX999")},
			want:   []string{"CR001 Api/Options [inSource: r]", "AZ004 Api/Get", "CR001 Other", "AL004 Api/Options"},
			notes:  []string{`names unknown rule "XX999"`},
		},
		{
			name:   "no rule",
			inline: []Inline{inline("api.yaml", "Api/Options", "r", "")},
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL004 Api/Options"},
			notes:  []string{"names no rule"},
		},
		{
			name:   "expiry required",
			inline: []Inline{inline("api.yaml", "Api/Options", "r", "", "CR001")},
			cfg:    "suppressions: {require-expiry: true}",
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL004 Api/Options"},
			notes:  []string{"has no expiry date, which the configuration requires"},
		},
		{
			name:   "inline suppressions turned off",
			inline: []Inline{inline("api.yaml", "Api", "r", "", "CR001"), inline("api.yaml", "Nothing", "", "", "AZ010")},
			cfg:    "suppressions: {inline: false}",
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other"},
		},
		{
			name:   "suppression of a rule disabled later still counts as used",
			inline: []Inline{inline("api.yaml", "Api/Get", "r", "", "AZ004")},
			cfg:    "rules: {disable: [AZ004]}",
			want:   []string{"CR001 Api/Options", "CR001 Other"},
		},
		{
			name:   "tool findings follow severity overrides and disabling",
			inline: []Inline{inline("api.yaml", "Nope", "r", "", "CR001"), inline("api.yaml", "Api/Get", "", "", "AZ004")},
			cfg:    "rules: {disable: [AL003], severity: {AL001: warning}}",
			want:   []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL001 Nope"},
		},
		{
			name: "configured ignore by resource name and path",
			cfg:  "ignore:\n  - id: CR001\n    resources: [Other]\n    paths: ['*.yaml']\n    reason: legacy API\n",
			want: []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other [external: legacy API]"},
		},
		{
			name:  "configured ignore that matches nothing",
			cfg:   "ignore:\n  - id: GW004\n    reason: legacy\n",
			want:  []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL001 config"},
			notes: []string{"Configured suppression of GW004 matches no finding"},
		},
		{
			name:  "configured ignore expired",
			cfg:   "ignore:\n  - id: CR001\n    reason: legacy\n    expires: 2026-01-01\n",
			want:  []string{"CR001 Api/Options", "AZ004 Api/Get", "CR001 Other", "AL002 config"},
			notes: []string{"Configured suppression of CR001 expired on 2026-01-01"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newReport(
				mkFinding("CR001", "api.yaml", "Api/Options", 10),
				mkFinding("AZ004", "api.yaml", "Api/Get", 20),
				mkFinding("CR001", "api.yaml", "Other", 30),
			)
			opts := Options{Settings: settings(t, tt.cfg), Inline: tt.inline, Now: now, ReadFile: noFiles}
			if err := Process(r, opts); err != nil {
				t.Fatal(err)
			}
			got := summary(r)
			if !sameSet(got, tt.want) {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			for _, n := range tt.notes {
				if !slices.ContainsFunc(r.Findings, func(f finding.Finding) bool { return strings.Contains(f.Message, n) }) {
					t.Errorf("no finding says %q", n)
				}
			}
			for _, f := range r.Findings {
				if strings.HasPrefix(f.RuleID, "AL") {
					if f.Slug == "" || f.Fingerprint == "" || f.Location.File == "" || f.Location.Line == 0 {
						t.Errorf("tool finding is incomplete: %+v", f)
					}
					if f.RuleID == "AL001" && tt.name == "tool findings follow severity overrides and disabling" && f.Severity != finding.Warning {
						t.Errorf("AL001 severity = %s", f.Severity)
					}
				}
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestCommentSuppressions(t *testing.T) {
	files := map[string]string{
		"infra/api.yaml": `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  # authlint:ignore CR001 preflight served by a mock on purpose expires=2027-01-01
  Options:
    Type: AWS::ApiGateway::Method
  Get:
    Type: AWS::ApiGateway::Method # authlint:ignore AZ004,AZ010 migration in progress
  # authlint:ignore GW004 nothing here
  Other:
    Type: AWS::ApiGateway::Method
`,
		"infra/clean.yaml": "# authlint:ignore CR001 stale\nResources: {}\n",
	}
	r := &finding.Report{
		Rules:  catalogueRules(),
		Inputs: []finding.Input{{Name: "infra/api.yaml"}, {Name: "infra/clean.yaml"}, {Name: "live:123456789012/eu-west-1"}},
		Findings: []finding.Finding{
			mkFinding("CR001", "infra/api.yaml", "Api/Options", 5),
			mkFinding("AZ004", "infra/api.yaml", "Api/Get", 8),
			mkFinding("CR001", "infra/api.yaml", "Api/Get", 8),
		},
	}
	if err := Process(r, Options{Now: now, ReadFile: filesOf(files)}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"CR001 Api/Options [inSource: preflight served by a mock on purpose]",
		"AZ004 Api/Get [inSource: migration in progress]",
		"CR001 Api/Get",
		"AL001 comment", // GW004 on line 10 matches nothing
		"AL001 comment", // clean.yaml
	}
	got := summary(r)
	if !sameSet(got, want) {
		t.Errorf("findings:\n  %s", strings.Join(got, "\n  "))
	}
	for _, f := range r.Findings {
		if f.RuleID == "CR001" && f.Suppression != nil {
			if f.Suppression.Expires != "2027-01-01" || f.Suppression.Location == nil || f.Suppression.Location.Line != 4 {
				t.Errorf("suppression = %+v", f.Suppression)
			}
		}
		if f.RuleID == "AL001" && f.Location.File == "infra/api.yaml" && f.Location.Line != 9 {
			t.Errorf("unused comment reported at line %d", f.Location.Line)
		}
	}
}

func TestExcludeDisableSeverity(t *testing.T) {
	r := newReport(
		mkFinding("CR001", "api.yaml", "Api/Options", 10),
		mkFinding("AZ010", "api.yaml", "Api/Get", 20),
		mkFinding("CR001", "fixtures/bad.yaml", "X", 1),
	)
	r.Inputs = append(r.Inputs, finding.Input{Name: "fixtures/bad.yaml"})
	r.LoadErrors = []finding.LoadError{{Input: "fixtures/broken.yaml", Reason: "bad"}, {Input: "x.yaml", Reason: "bad"}}
	r.RuleErrors = []finding.RuleError{{RuleID: "AZ010", Input: "api.yaml", Message: "boom"}, {RuleID: "CR001", Input: "fixtures/bad.yaml"}}
	wd, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("c.yaml", wd, []byte("exclude: [fixtures]\nrules: {disable: [AZ010], severity: {CR001: warning}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := config.Resolve(cfg, config.Overrides{}, r.Rules)
	if err != nil {
		t.Fatal(err)
	}
	if err := Process(r, Options{Settings: s, Now: now, ReadFile: noFiles}); err != nil {
		t.Fatal(err)
	}
	if got := summary(r); !slices.Equal(got, []string{"CR001 Api/Options"}) {
		t.Errorf("findings = %v", got)
	}
	if r.Findings[0].Severity != finding.Warning {
		t.Errorf("severity not overridden")
	}
	if rule, _ := r.Rule("CR001"); rule.Severity != finding.Warning {
		t.Errorf("catalogue severity not overridden")
	}
	if _, ok := r.Rule("AZ010"); ok {
		t.Errorf("disabled rule still in the catalogue")
	}
	if len(r.Inputs) != 1 || len(r.LoadErrors) != 1 || r.LoadErrors[0].Input != "x.yaml" || len(r.RuleErrors) != 0 {
		t.Errorf("inputs %v load errors %v rule errors %v", r.Inputs, r.LoadErrors, r.RuleErrors)
	}
}

func TestBaselineAndFingerprints(t *testing.T) {
	root := t.TempDir()
	abs := filepath.Join(root, "infra", "api.yaml")
	// The same finding reached through two spellings of the path gets one
	// fingerprint once paths are made relative to the project root.
	a := mkFinding("CR001", abs, "Api/Options", 10)
	b := mkFinding("CR001", root+"/infra/./api.yaml", "Api/Options", 10)
	if a.Fingerprint == b.Fingerprint {
		t.Fatal("test setup: fingerprints should differ before normalization")
	}
	r := newReport(a, b, mkFinding("AZ004", abs, "Api/Get", 20))
	if err := Process(r, Options{Root: root, Now: now, ReadFile: noFiles}); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 3 || r.Findings[0].Fingerprint != finding.Fingerprint("CR001", "infra/api.yaml", "Api/Options", "/Resources/Api/Options") {
		t.Fatalf("fingerprints not normalized: %+v", r.Findings)
	}
	// Duplicates differ only in Source spelling: dedupe keeps both unless
	// they are identical; here Location.File differs too, so both stay.
	bl := baseline.FromFindings(r.Findings[:1])
	bl.File = "authlint-baseline.json"

	r2 := newReport(mkFinding("CR001", abs, "Api/Options", 99), mkFinding("AZ004", abs, "Api/Get", 20))
	r2.FailOn = finding.FailOn(finding.Error)
	if err := Process(r2, Options{Root: root, Baseline: bl, Now: now, ReadFile: noFiles}); err != nil {
		t.Fatal(err)
	}
	got := summary(r2)
	want := []string{"CR001 Api/Options [baseline: accepted in the baseline authlint-baseline.json]", "AZ004 Api/Get"}
	if !sameSet(got, want) {
		t.Errorf("findings = %v", got)
	}
	if r2.ExitCode() != finding.ExitFindings {
		t.Errorf("exit code = %d: the new finding must still fail", r2.ExitCode())
	}
	if err := ApplyBaseline(r2, baseline.FromFindings(r2.Findings)); err != nil {
		t.Fatal(err)
	}
	if r2.ExitCode() != finding.ExitOK {
		t.Errorf("after accepting everything exit code = %d", r2.ExitCode())
	}
}

func TestDedupe(t *testing.T) {
	f := mkFinding("CR001", "api.yaml", "Api/Options", 10)
	g := f
	g.Message = "another message for the same property"
	r := newReport(f, f, g)
	if err := Process(r, Options{Now: now, ReadFile: noFiles}); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != 2 {
		t.Errorf("got %d findings, want 2", len(r.Findings))
	}
}

func TestRunNamesFailingProcessor(t *testing.T) {
	err := Run(&finding.Report{}, []Processor{failing{}})
	if err == nil || err.Error() != "broken: nope" {
		t.Errorf("err = %v", err)
	}
}

type failing struct{}

func (failing) Name() string                  { return "broken" }
func (failing) Process(*finding.Report) error { return errors.New("nope") }

func TestRulesWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if !strings.HasPrefix(r.ID, "AL") || r.Slug == "" || r.Title == "" || r.Description == "" || r.Remediation == "" || r.ClientSees == "" || r.Severity == 0 {
			t.Errorf("incomplete rule %+v", r)
		}
		if !strings.HasSuffix(r.Remediation, ".") {
			t.Errorf("%s: remediation should end with a period", r.ID)
		}
		if seen[r.ID] || seen[r.Slug] {
			t.Errorf("duplicate %s", r.ID)
		}
		seen[r.ID], seen[r.Slug] = true, true
	}
}

func TestInlineEntryOnSeveralTargets(t *testing.T) {
	// One x-authlint-ignore on an ANY operation: the loader records it for
	// every method the operation expands to.
	loc := model.Loc{File: "api.yaml", Line: 12, Column: 7, Pointer: "/paths/~1pets/x-amazon-apigateway-any-method/x-authlint-ignore"}
	var in []Inline
	for _, target := range []string{"Api/GET /pets", "Api/POST /pets", "Api/PUT /pets"} {
		in = append(in, Inline{Source: "api.yaml", Suppression: model.Suppression{RuleIDs: []string{"AZ010"}, Reason: "public", Target: target, Loc: loc}})
	}
	r := newReport(mkFinding("AZ010", "api.yaml", "Api/GET /pets", 20))
	if err := Process(r, Options{Inline: in, Now: now, ReadFile: noFiles}); err != nil {
		t.Fatal(err)
	}
	if got := summary(r); !slices.Equal(got, []string{"AZ010 Api/GET /pets [inSource: public]"}) {
		t.Errorf("findings = %v", got)
	}
	in2 := slices.Clone(in)
	for i := range in2 {
		in2[i].Reason = ""
	}
	r = newReport(mkFinding("AZ010", "api.yaml", "Api/GET /pets", 20))
	if err := Process(r, Options{Inline: in2, Now: now, ReadFile: noFiles}); err != nil {
		t.Fatal(err)
	}
	if got := summary(r); !sameSet(got, []string{"AZ010 Api/GET /pets", "AL003 Api/GET /pets"}) {
		t.Errorf("findings = %v (one report per written entry)", got)
	}
}

func TestCommentAboveResourceCoversItsValues(t *testing.T) {
	files := map[string]string{"api.yaml": `Resources:
  # authlint:ignore AZ001 the pool is attached by a later stack
  CognitoAuth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      ProviderARNs: []
  "/odd~key":
    Properties:
      ProviderARNs: [] # authlint:ignore AZ001 trailing form
  Other:
    Properties:
      ProviderARNs: []
`}
	at := func(ref string, line int, ptr string) finding.Finding {
		f := mkFinding("AZ001", "api.yaml", ref, line)
		f.Location.Pointer = ptr
		return f
	}
	r := newReport(
		at("CognitoAuth", 6, "/Resources/CognitoAuth/Properties/ProviderARNs"),
		at("Odd", 9, "/Resources/~1odd~0key/Properties/ProviderARNs"),
		at("Other", 12, "/Resources/Other/Properties/ProviderARNs"),
	)
	r.Rules = append(r.Rules, finding.Rule{ID: "AZ001", Slug: "cognito-authorizer-without-user-pool", Severity: finding.Error})
	if err := Process(r, Options{Now: now, ReadFile: filesOf(files)}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"AZ001 CognitoAuth [inSource: the pool is attached by a later stack]",
		"AZ001 Odd [inSource: trailing form]",
		"AZ001 Other",
	}
	if got := summary(r); !sameSet(got, want) {
		t.Errorf("findings:\n  %s", strings.Join(got, "\n  "))
	}
}
