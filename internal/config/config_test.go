package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

func testRules() []finding.Rule {
	return []finding.Rule{
		{ID: "AZ001", Slug: "cognito-authorizer-without-user-pool", Severity: finding.Error},
		{ID: "AZ010", Slug: "method-unprotected-among-cognito", Severity: finding.Warning},
		{ID: "CR001", Slug: "preflight-requires-auth", Severity: finding.Error},
		{ID: "GW004", Slug: "aws-iam-method-in-cognito-api", Severity: finding.Warning},
	}
}

const fullConfig = `# every section
version: 1
rules:
  enable: [all]
  disable: [AZ010]
  severity:
    GW004: note
    preflight-requires-auth: warning
exclude:
  - test/fixtures/**
  - "*.generated.yaml"
fail-on: warning
cloudformation:
  parameters:
    Stage: prod
    Port: 8080
    Subnets: [a, b]
  parameter-files:
    - params/prod.json
suppressions:
  inline: false
  require-expiry: true
ignore:
  - id: [GW004]
    paths: [legacy/**]
    resources: [LegacyApi]
    reason: the legacy API is IAM-only on purpose
    expires: 2027-03-01
baseline: .authlint-baseline.json
`

func TestParseFull(t *testing.T) {
	dir := t.TempDir()
	cfg, err := Parse(".authlint.yaml", dir, []byte(fullConfig))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Resolve(cfg, Overrides{}, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if got := s.FailOn.String(); got != "warning" {
		t.Errorf("fail-on = %s", got)
	}
	if !s.Disabled["AZ010"] || len(s.Disabled) != 1 {
		t.Errorf("disabled = %v", s.Disabled)
	}
	if s.Severity["GW004"] != finding.Note || s.Severity["CR001"] != finding.Warning {
		t.Errorf("severity = %v", s.Severity)
	}
	if s.Parameters["Stage"] != "prod" || s.Parameters["Port"] != "8080" || s.Parameters["Subnets"] != "a,b" {
		t.Errorf("parameters = %v", s.Parameters)
	}
	if want := filepath.Join(dir, "params", "prod.json"); !slices.Equal(s.ParameterFiles, []string{want}) {
		t.Errorf("parameter files = %v", s.ParameterFiles)
	}
	if s.InlineSuppressions || !s.RequireExpiry {
		t.Errorf("suppressions: inline=%v require-expiry=%v", s.InlineSuppressions, s.RequireExpiry)
	}
	if s.Baseline != filepath.Join(dir, ".authlint-baseline.json") {
		t.Errorf("baseline = %s", s.Baseline)
	}
	if len(s.Ignore) != 1 {
		t.Fatalf("ignore = %+v", s.Ignore)
	}
	ig := s.Ignore[0]
	if !slices.Equal(ig.IDs, []string{"GW004"}) || ig.Reason == "" || ig.Expires != "2027-03-01" || ig.Line != 24 {
		t.Errorf("ignore entry = %+v", ig)
	}
	if !ig.Paths[0].Match(filepath.Join(dir, "legacy", "api.yaml")) {
		t.Error("ignore path pattern does not match")
	}
	if !s.Excluded(filepath.Join(dir, "test", "fixtures", "bad.yaml")) || !s.Excluded(filepath.Join(dir, "x", "api.generated.yaml")) {
		t.Error("exclude patterns do not match")
	}
	if s.Excluded(filepath.Join(dir, "infra", "api.yaml")) {
		t.Error("exclude matches an ordinary file")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"unknown top key", "fail-on: error\nrule:\n  enable: [AZ001]\n", []string{`.authlint.yaml:2:1: the configuration: unknown key "rule" (did you mean "rules"?)`}},
		{"unknown nested key", "rules:\n  enabel: [AZ001]\n", []string{`.authlint.yaml:2:3: rules: unknown key "enabel" (did you mean "enable"?)`}},
		{"several at once", "foo: 1\nsuppressions:\n  inline: maybe\n", []string{`:1:1: the configuration: unknown key "foo"`, `:3:11: suppressions.inline must be true or false`}},
		{"bad fail-on", "fail-on: critical\n", []string{`:1:10: fail-on: "critical" is not error, warning, note or never`}},
		{"bad severity", "rules:\n  severity:\n    AZ001: high\n", []string{`:3:12: rules.severity.AZ001: "high" is not error, warning or note`}},
		{"list expected", "rules:\n  enable: {a: b}\n", []string{"rules.enable must be a list"}},
		{"bad date", "ignore:\n  - id: AZ001\n    reason: x\n    expires: 2027-13-01\n", []string{`:4:14: ignore[0].expires: "2027-13-01" is not a date written YYYY-MM-DD`}},
		{"reason required", "ignore:\n  - id: AZ001\n", []string{`:2:5: ignore[0]: reason is required`}},
		{"id required", "ignore:\n  - reason: because\n", []string{`ignore[0]: id is required`}},
		{"bad pattern", "exclude: ['a/[b']\n", []string{`exclude: pattern "a/[b" is malformed`}},
		{"climbing pattern", "exclude: ['../x']\n", []string{`must not use .. to leave`}},
		{"duplicate key", "fail-on: error\nfail-on: note\n", []string{`:2:1: the configuration: key "fail-on" appears twice`}},
		{"alias", "a: &x [AZ001]\nrules:\n  enable: *x\n", []string{`unknown key "a"`, `rules.enable: YAML anchors and aliases are not supported`}},
		{"not a mapping", "- a\n- b\n", []string{"the configuration must be a mapping"}},
		{"bad version", "version: 2\n", []string{`version "2" is not supported`}},
		{"syntax", "rules: [\n", []string{".authlint.yaml: not valid YAML"}},
		{"custom tag", "baseline: !Ref x\n", []string{"custom tag !Ref is not supported"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(".authlint.yaml", t.TempDir(), []byte(tt.text))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, text := range []string{"", "\n# only a comment\n", "---\n", "~\n"} {
		cfg, err := Parse("c.yaml", "/x", []byte(text))
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		s, err := Resolve(cfg, Overrides{}, testRules())
		if err != nil {
			t.Fatal(err)
		}
		if s.FailOn.String() != "error" || !s.InlineSuppressions || len(s.Disabled) != 0 {
			t.Errorf("%q: defaults not applied: %+v", text, s)
		}
	}
}

func TestResolveRuleSelection(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		o        Overrides
		disabled []string
		wantErr  string
	}{
		{name: "default: all on"},
		{name: "disable by slug", file: "rules: {disable: [preflight-requires-auth]}", disabled: []string{"CR001"}},
		{name: "ids are case-insensitive", file: "rules: {disable: [cr001]}", disabled: []string{"CR001"}},
		{name: "only some", file: "rules: {disable: [all], enable: [AZ001]}", disabled: []string{"AZ010", "CR001", "GW004"}},
		{name: "flag re-enables", file: "rules: {disable: [AZ010]}", o: Overrides{Enable: []string{"AZ010"}}},
		{name: "flag disables", file: "rules: {enable: [AZ010]}", o: Overrides{Disable: []string{"AZ010,GW004"}}, disabled: []string{"AZ010", "GW004"}},
		{name: "flag all off then one", o: Overrides{Disable: []string{"all"}, Enable: []string{"CR001"}}, disabled: []string{"AZ001", "AZ010", "GW004"}},
		{name: "unknown in file", file: "rules:\n  disable: [AZ011]\n", wantErr: `c.yaml:2:13: unknown rule "AZ011" in rules.disable (did you mean "AZ001"? authlint rules list shows the catalogue)`},
		{name: "unknown in flag", o: Overrides{Enable: []string{"preflight-require-auth"}}, wantErr: `unknown rule "preflight-require-auth" in --enable (did you mean "preflight-requires-auth"?`},
		{name: "unknown severity rule", file: "rules: {severity: {XX999: note}}", wantErr: `unknown rule "XX999" in rules.severity`},
		{name: "both", file: "rules: {enable: [AZ001], disable: [AZ001]}", wantErr: "rule AZ001 is both enabled and disabled"},
		{name: "unknown ignore rule", file: "ignore: [{id: NOPE, reason: r}]", wantErr: `unknown rule "NOPE" in ignore.id`},
		{name: "require expiry", file: "suppressions: {require-expiry: true}\nignore: [{id: AZ001, reason: r}]", wantErr: "expires is required"},
		{name: "bad fail-on flag", o: Overrides{FailOn: "sometimes"}, wantErr: "--fail-on: unknown --fail-on value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("c.yaml", "/x", []byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Resolve(cfg, tt.o, testRules())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for id := range s.Disabled {
				got = append(got, id)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.disabled) {
				t.Errorf("disabled = %v, want %v", got, tt.disabled)
			}
		})
	}
}

func TestFlagsOnly(t *testing.T) {
	cfg, err := Parse("c.yaml", "/x", []byte("rules: {disable: [NOPE]}"))
	if err != nil {
		t.Fatal(err)
	}
	_, fileErr := Resolve(cfg, Overrides{Enable: []string{"NADA"}}, testRules())
	_, flagErr := Resolve(nil, Overrides{Enable: []string{"NADA"}, FailOn: "x"}, testRules())
	if FlagsOnly(fileErr) || !FlagsOnly(flagErr) || FlagsOnly(nil) {
		t.Errorf("FlagsOnly: file+flag %v, flags %v", FlagsOnly(fileErr), FlagsOnly(flagErr))
	}
}

func TestResolveFlagsWin(t *testing.T) {
	cfg, err := Parse("c.yaml", "/repo", []byte("fail-on: note\nbaseline: b.json\nsuppressions: {inline: true}\ncloudformation: {parameters: {A: file, B: file}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Resolve(cfg, Overrides{FailOn: "never", Baseline: "other.json", NoInlineSuppressions: true, Parameters: map[string]string{"B": "flag"}}, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if s.FailOn.String() != "never" || s.Baseline != "other.json" || s.InlineSuppressions {
		t.Errorf("flags did not win: %+v", s)
	}
	if s.Parameters["A"] != "file" || s.Parameters["B"] != "flag" {
		t.Errorf("parameters = %v", s.Parameters)
	}
	s, err = Resolve(cfg, Overrides{}, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if s.FailOn.String() != "note" || s.Baseline != filepath.Join("/repo", "b.json") || !s.InlineSuppressions {
		t.Errorf("file not applied: %+v", s)
	}
}

func TestPattern(t *testing.T) {
	base := t.TempDir()
	tests := []struct {
		pattern string
		file    string
		want    bool
	}{
		{"fixtures", "test/fixtures/a.yaml", true},
		{"fixtures", "fixtures.yaml", false},
		{"*.json", "deep/er/x.json", true},
		{"*.json", "x.yaml", false},
		{"test/fixtures", "test/fixtures/a/b.yaml", true},
		{"test/fixtures", "other/test/fixtures/a.yaml", false},
		{"test/fixtures/", "test/fixtures/a.yaml", true},
		{"./infra/*.yaml", "infra/api.yaml", true},
		{"infra/*.yaml", "infra/sub/api.yaml", false},
		{"infra/**/*.yaml", "infra/sub/deeper/api.yaml", true},
		{"infra/**/*.yaml", "infra/api.yaml", true},
		{"**/legacy", "a/b/legacy/x.json", true},
		{"/top.yaml", "top.yaml", true},
		{"/top.yaml", "sub/top.yaml", false}, // a leading slash anchors
		{"sub/top.yaml", "sub/top.yaml", true},
	}
	for _, tt := range tests {
		p, err := NewPattern(tt.pattern, base)
		if err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		if got := p.Match(filepath.Join(base, filepath.FromSlash(tt.file))); got != tt.want {
			t.Errorf("%q matches %q = %v, want %v", tt.pattern, tt.file, got, tt.want)
		}
	}
	p, _ := NewPattern("*.yaml", base)
	for _, f := range []string{"live:123456789012/eu-west-1", "<stdin>", "", filepath.Join(filepath.Dir(base), "outside.yaml")} {
		if p.Match(f) {
			t.Errorf("%q matched", f)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	mk := func(p string) {
		t.Helper()
		full := filepath.Join(root, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			return
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("fail-on: error\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk(".authlint.yaml")         // above the repository: must not be used
	mk("repo/.git/")             // repository root
	mk("repo/infra/api/x.yaml")  // scanned file
	mk("repo/svc/.authlint.yml") // nearer configuration
	mk("repo/svc/deep/api/y.yaml")
	mk("norepo/a/b.yaml")

	tests := []struct {
		start, file, root string
	}{
		{"repo/infra/api", "", "repo"},
		{"repo/infra/api/x.yaml", "", "repo"},
		{"repo/svc/deep/api", "repo/svc/.authlint.yml", "repo"},
		{"norepo/a", ".authlint.yaml", "."},
	}
	for _, tt := range tests {
		got, err := Find(filepath.Join(root, tt.start))
		if err != nil {
			t.Fatal(err)
		}
		wantFile := ""
		if tt.file != "" {
			wantFile = filepath.Join(root, filepath.FromSlash(tt.file))
		}
		if got.File != wantFile || got.Root != filepath.Join(root, tt.root) {
			t.Errorf("Find(%s) = %+v, want file %q root %q", tt.start, got, wantFile, tt.root)
		}
	}
	mk("repo/svc/.authlint.yaml")
	if _, err := Find(filepath.Join(root, "repo/svc/deep")); err == nil || !strings.Contains(err.Error(), "keep one") {
		t.Errorf("both names: err = %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte("rules:\n  disable: [AZ010]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.File != p || cfg.Dir != dir || len(cfg.Rules.Disable) != 1 {
		t.Errorf("cfg = %+v", cfg)
	}
	_, err = Load(filepath.Join(dir, "missing.yaml"))
	if err == nil || !strings.Contains(err.Error(), "missing.yaml: cannot read the configuration: no such file") {
		t.Errorf("missing file: %v", err)
	}
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("folder: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(fullConfig))
	f.Add([]byte("rules: {enable: [a], severity: {x: y}}\nignore: [{id: a}]"))
	f.Add([]byte("a: &a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("f.yaml", "/x", data)
		if err != nil {
			return
		}
		_, _ = Resolve(cfg, Overrides{}, testRules())
	})
}
