package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/reportertest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func render(t *testing.T, r *finding.Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := New(opts).Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		r    func() *finding.Report
		opts Options
	}{
		{"sample.sarif", reportertest.Sample, Options{RuleDocURL: DocURL("https://github.com/authlint/authlint")}},
		{"empty.sarif", func() *finding.Report {
			return &finding.Report{Tool: finding.Tool{Name: "authlint", Version: "dev"}, FailOn: finding.FailOn(finding.Error)}
		}, Options{}},
		{"live.sarif", func() *finding.Report {
			r := reportertest.Sample()
			r.Inputs = r.Inputs[2:]
			r.Findings = r.Findings[len(r.Findings)-1:]
			r.LoadErrors = r.LoadErrors[1:]
			r.RuleErrors = nil
			r.WorkingDir = ""
			return r
		}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.r(), tt.opts)
			reportertest.Golden(t, tt.name, got, *update)
			// Deterministic: a second rendering is identical.
			if again := render(t, tt.r(), tt.opts); !bytes.Equal(got, again) {
				t.Error("two renderings differ")
			}
		})
	}
}

// TestGoldenFilesValidate checks every golden file against the official
// SARIF 2.1.0 schema.
func TestGoldenFilesValidate(t *testing.T) {
	sch := compileSchema(t)
	files, err := filepath.Glob(filepath.Join("testdata", "*.sarif"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files (%v)", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s does not validate:\n%v", f, err)
		}
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestSchemaCatchesMistakes proves the validation can fail: a document the
// schema rejects is rejected.
func TestSchemaCatchesMistakes(t *testing.T) {
	sch := compileSchema(t)
	bad := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("an invalid level was accepted")
	}
}

// The parts of the document GitHub code scanning depends on.
type doc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID   string `json:"id"`
					Name string `json:"name"`
					Help struct {
						Text     string `json:"text"`
						Markdown string `json:"markdown"`
					} `json:"help"`
					HelpURI    string         `json:"helpUri"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		AutomationDetails struct {
			ID string `json:"id"`
		} `json:"automationDetails"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Suppressions        []struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

func decode(t *testing.T, data []byte) doc {
	t.Helper()
	var d doc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Runs) != 1 {
		t.Fatalf("%d runs", len(d.Runs))
	}
	return d
}

func TestGitHubRequirements(t *testing.T) {
	r := reportertest.Sample()
	d := decode(t, render(t, r, Options{}))
	run := d.Runs[0]
	if run.AutomationDetails.ID != "authlint/iac/" {
		t.Errorf("automation id = %q", run.AutomationDetails.ID)
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.Help.Text == "" || rule.Help.Markdown == "" || rule.Name == "" {
			t.Errorf("%s: help or name missing", rule.ID)
		}
		tags, _ := rule.Properties["tags"].([]any)
		sev, isString := rule.Properties["security-severity"].(string)
		if rule.ID == "AL001" {
			if isString || len(tags) == 0 || tags[0] != "suppression" {
				t.Errorf("AL001 must not be a security rule: %v", rule.Properties)
			}
			continue
		}
		if !isString || sev == "" || len(tags) == 0 || tags[0] != "security" {
			t.Errorf("%s: security-severity %v (must be a string) tags %v", rule.ID, rule.Properties["security-severity"], tags)
		}
	}
	// security-severity follows the rule's security impact, not its level:
	// AZ010 is a warning that leaves a method open (high); CR001 is an error
	// that fails closed (low); GW004 says nothing, so its level decides.
	wantScore := map[string]string{"AZ001": "5.5", "AZ010": "8.0", "CR001": "3.0", "GW004": "5.5"}
	for _, rule := range run.Tool.Driver.Rules {
		if want, ok := wantScore[rule.ID]; ok && rule.Properties["security-severity"] != want {
			t.Errorf("%s: security-severity %v, want %s", rule.ID, rule.Properties["security-severity"], want)
		}
	}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	hashes := map[string]bool{}
	suppressed := 0
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("%s: ruleIndex %d points at %s", res.RuleID, res.RuleIndex, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
		pl := res.Locations[0].PhysicalLocation
		if pl.Region.StartLine < 1 || pl.ArtifactLocation.URI == "" {
			t.Errorf("%s: location %+v", res.RuleID, pl)
		}
		h := res.PartialFingerprints["primaryLocationLineHash"]
		if h == "" || hashes[h] {
			t.Errorf("%s: primaryLocationLineHash %q missing or repeated", res.RuleID, h)
		}
		hashes[h] = true
		if len(res.Suppressions) > 0 {
			suppressed++
			if res.Suppressions[0].Justification == "" {
				t.Errorf("%s: suppression without justification", res.RuleID)
			}
		}
	}
	if want := r.Summary().Suppressed; suppressed != want {
		t.Errorf("%d suppressed results, want %d", suppressed, want)
	}
	byRule := map[string]int{}
	for i, res := range run.Results {
		if _, seen := byRule[res.RuleID]; !seen {
			byRule[res.RuleID] = i
		}
	}
	az004 := run.Results[byRule["AZ004"]].Locations[0].PhysicalLocation
	if az004.ArtifactLocation.URI != "infra/api.yaml" || az004.ArtifactLocation.URIBaseID != "%SRCROOT%" || az004.Region.StartLine != 42 || az004.Region.StartColumn != 7 {
		t.Errorf("AZ004 location = %+v", az004)
	}
	live := run.Results[byRule["GW004"]].Locations[0]
	if live.PhysicalLocation.ArtifactLocation.URI != "live/123456789012/eu-west-1" || live.PhysicalLocation.Region.StartLine != 1 ||
		!strings.HasPrefix(live.LogicalLocations[0].FullyQualifiedName, "arn:aws:apigateway:") {
		t.Errorf("live result location = %+v", live)
	}
	inv := run.Invocations[0]
	// Three load errors and a rule error, then the two notices at note level.
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 4+2 {
		t.Errorf("invocation = %+v", inv)
	}
	levels := []string{}
	for _, n := range inv.ToolExecutionNotifications {
		levels = append(levels, n.Level)
	}
	if strings.Join(levels, ",") != "error,error,error,error,note,note" {
		t.Errorf("notification levels = %v", levels)
	}
}

// TestFingerprintIgnoresLines: moving a finding to another line keeps its
// primaryLocationLineHash, so the GitHub alert stays the same.
func TestFingerprintIgnoresLines(t *testing.T) {
	r1 := reportertest.Clean()
	r2 := reportertest.Clean()
	for i := range r2.Findings {
		r2.Findings[i].Location.Line += 17
	}
	d1, d2 := decode(t, render(t, r1, Options{})), decode(t, render(t, r2, Options{}))
	for i := range d1.Runs[0].Results {
		a, b := d1.Runs[0].Results[i], d2.Runs[0].Results[i]
		if a.PartialFingerprints["primaryLocationLineHash"] != b.PartialFingerprints["primaryLocationLineHash"] {
			t.Errorf("%s: hash changed when the line moved", a.RuleID)
		}
	}
}

func TestArtifactURIs(t *testing.T) {
	b := builder{root: "/home/ci/project"}
	tests := []struct{ file, source, uri, base string }{
		{"infra/api.yaml", "infra/api.yaml", "infra/api.yaml", "%SRCROOT%"},
		{"./infra/../infra/api.yaml", "", "infra/api.yaml", "%SRCROOT%"},
		{"/home/ci/project/a b/c.yaml", "", "a%20b/c.yaml", "%SRCROOT%"},
		{"/elsewhere/x.yaml", "", "file:///elsewhere/x.yaml", ""},
		{"../x.yaml", "", "file:///home/ci/x.yaml", ""},
		{"a:b.yaml", "", "./a:b.yaml", "%SRCROOT%"},
		{"", "live:123456789012/eu-west-1", "live/123456789012/eu-west-1", ""},
		{"", "<stdin>", "stdin", "%SRCROOT%"},
	}
	for _, tt := range tests {
		a := b.artifact(tt.file, tt.source)
		base := ""
		if a.URIBaseId != nil {
			base = *a.URIBaseId
		}
		if *a.URI != tt.uri || base != tt.base {
			t.Errorf("artifact(%q, %q) = %q %q, want %q %q", tt.file, tt.source, *a.URI, base, tt.uri, tt.base)
		}
	}
}

func TestGUIDIsStableAndValid(t *testing.T) {
	g := guid("x")
	if g != guid("x") || g == guid("y") {
		t.Error("guid not stable or not distinct")
	}
	if len(g) != 36 || g[14] != '5' || !strings.ContainsRune("89ab", rune(g[19])) {
		t.Errorf("guid %s is not a version 5 UUID", g)
	}
}

func TestTruncate(t *testing.T) {
	s := strings.Repeat("é", 600) // 1200 bytes
	got := truncate(s, maxDescription)
	if len(got) > maxDescription+2 || !strings.HasSuffix(got, "…") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("bad truncation (%d bytes)", len(got))
	}
	if truncate("short", 10) != "short" {
		t.Error("short text changed")
	}
}
