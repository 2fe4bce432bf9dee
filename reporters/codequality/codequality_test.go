package codequality

import (
	"bytes"
	"encoding/json"
	"flag"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/reportertest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func render(t *testing.T, r *finding.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := New().Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	tests := map[string]func() *finding.Report{
		"sample.json": reportertest.Sample,
		"empty.json":  func() *finding.Report { return &finding.Report{} },
	}
	for name, mk := range tests {
		t.Run(name, func(t *testing.T) {
			got := render(t, mk())
			reportertest.Golden(t, name, got, *update)
			if !bytes.Equal(got, render(t, mk())) {
				t.Error("two renderings differ")
			}
		})
	}
}

var fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{32,64}$`)

// TestShape checks the report against the shape GitLab documents for Code
// Quality reports: a JSON array of objects with a string description,
// check_name and fingerprint (unique), a severity among info, minor, major,
// critical and blocker, and location.path (relative) with a positive
// location.lines.begin. It decodes into generic values so a field of the
// wrong type or name fails.
func TestShape(t *testing.T) {
	data := render(t, reportertest.Sample())
	var issues []map[string]any
	if err := json.Unmarshal(data, &issues); err != nil {
		t.Fatalf("not a JSON array of objects: %v", err)
	}
	r := reportertest.Sample()
	s := r.Summary()
	if want := s.Findings + s.LoadErrors + s.RuleErrors + s.Notices; len(issues) != want {
		t.Fatalf("%d issues, want %d (active findings, load and rule errors, notices)", len(issues), want)
	}
	seen := map[string]bool{}
	for i, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if v, ok := is[k].(string); !ok || v == "" {
				t.Errorf("issue %d: %s is %v, want a non-empty string", i, k, is[k])
			}
		}
		fp, _ := is["fingerprint"].(string)
		if !fingerprintPattern.MatchString(fp) || seen[fp] {
			t.Errorf("issue %d: fingerprint %q is not a unique hex digest", i, fp)
		}
		seen[fp] = true
		if sev, _ := is["severity"].(string); !slices.Contains([]string{Info, Minor, Major, Critical, Blocker}, sev) {
			t.Errorf("issue %d: severity %q", i, sev)
		}
		loc, ok := is["location"].(map[string]any)
		if !ok {
			t.Errorf("issue %d: no location object", i)
			continue
		}
		path, _ := loc["path"].(string)
		if path == "" || path[0] == '/' {
			t.Errorf("issue %d: location.path %q must be relative", i, path)
		}
		lines, _ := loc["lines"].(map[string]any)
		if begin, ok := lines["begin"].(float64); !ok || begin < 1 || begin != float64(int(begin)) {
			t.Errorf("issue %d: location.lines.begin %v", i, lines["begin"])
		}
	}
}

func TestSeverityAndSuppression(t *testing.T) {
	issues := Build(reportertest.Sample())
	by := map[string][]Issue{}
	for _, is := range issues {
		by[is.CheckName] = append(by[is.CheckName], is)
	}
	tests := []struct {
		check, severity string
		count           int
	}{
		{"AZ004", Major, 1},
		{"AZ010", Minor, 2}, // the suppressed AZ010 is left out
		{"AL001", Info, 1},
		{"CR001", "", 0},    // suppressed
		{"AZ001", Major, 1}, // the other one is in the baseline
		{"authlint/load-error", Major, 3},
		{"authlint/rule-error", Major, 1},
		{"authlint/notice", Info, 2},
	}
	for _, tt := range tests {
		got := by[tt.check]
		if len(got) != tt.count {
			t.Errorf("%s: %d issues, want %d", tt.check, len(got), tt.count)
			continue
		}
		for _, is := range got {
			if is.Severity != tt.severity {
				t.Errorf("%s: severity %s, want %s", tt.check, is.Severity, tt.severity)
			}
		}
	}
	r := reportertest.Sample()
	r.Strict = true
	for _, is := range Build(r) {
		if is.CheckName == "authlint/notice" && is.Severity != Major {
			t.Errorf("with --strict a notice fails the run, so it is major: %+v", is)
		}
	}
}

// TestHostileText: characters from the input that could control a terminal
// or reorder text never appear raw in the document.
func TestHostileText(t *testing.T) {
	out := render(t, reportertest.Sample())
	if !strings.Contains(string(out), `\u001b]0;title\u0007`) {
		t.Error("the hostile name is not kept, escaped by the encoder")
	}
	for _, c := range string(out) {
		if escape.Unsafe(c) && c != '\n' {
			t.Errorf("raw %U in the document", c)
		}
	}
}

func TestRelativePaths(t *testing.T) {
	r := &finding.Report{WorkingDir: "/home/ci/project", FailOn: finding.FailOn(finding.Error)}
	r.Findings = []finding.Finding{{RuleID: "AZ001", Severity: finding.Error, Message: "m", Fingerprint: "0123456789abcdef0123456789abcdef",
		Location: finding.Location{File: "/home/ci/project/infra/api.yaml", Line: 0}}}
	got := Build(r)[0].Location
	if got.Path != "infra/api.yaml" || got.Lines.Begin != 1 {
		t.Errorf("location = %+v", got)
	}
}
