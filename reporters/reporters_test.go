package reporters

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/reportertest"
)

// TestAll guards the list every --format name comes from: unique lower-case
// names, found by Lookup in any case, and every format able to write an empty
// report and one with a finding and a load error.
func TestAll(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range Names() {
		if name == "" || name != strings.ToLower(name) || seen[name] {
			t.Errorf("format name %q: empty, not lower-case or listed twice", name)
		}
		seen[name] = true
		r, ok := Lookup(strings.ToUpper(name), Options{})
		if !ok || r.Name() != name {
			t.Errorf("Lookup(%q) = %v, %v", strings.ToUpper(name), r, ok)
		}
	}
	for _, want := range []string{"text", "json"} {
		if !seen[want] {
			t.Errorf("format %s is not listed", want)
		}
	}
	if _, ok := Lookup("xml", Options{}); ok {
		t.Error("Lookup(xml) found a reporter")
	}

	rule := finding.Rule{ID: "AZ001", Slug: "cognito-authorizer-without-user-pool", Severity: finding.Error, Title: "Cognito authorizer without a user pool", Remediation: "Add the pool."}
	reports := map[string]*finding.Report{
		"empty": {Tool: finding.Tool{Name: "authlint", Version: "test"}},
		"findings": {
			Tool:   finding.Tool{Name: "authlint", Version: "test"},
			Inputs: []finding.Input{{Name: "api.yaml", Kind: "openapi"}},
			Rules:  []finding.Rule{rule},
			Findings: []finding.Finding{{
				RuleID: rule.ID, Slug: rule.Slug, Severity: rule.Severity, Message: "no pool",
				Location: finding.Location{File: "api.yaml", Line: 3, Column: 5},
				Resource: finding.Resource{Kind: "authorizer", Ref: "api/authorizer/A", Name: "A"},
				Source:   "api.yaml", Fingerprint: "0123456789abcdef0123456789abcdef",
			}},
			LoadErrors: []finding.LoadError{{Input: "bad.yaml", Line: 1, Reason: "not valid YAML"}},
		},
	}
	for _, r := range All(Options{}) {
		for name, rep := range reports {
			t.Run(r.Name()+"/"+name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := r.Report(&buf, rep); err != nil {
					t.Fatal(err)
				}
				if name == "findings" && !strings.Contains(buf.String(), "AZ001") {
					t.Errorf("the %s output does not name the rule:\n%s", r.Name(), buf.String())
				}
			})
		}
	}
}

// TestHostileNames renders a report whose names and reasons carry terminal
// controls: text-like formats show them escaped, JSON-based formats keep
// the original string through their encoder.
func TestHostileNames(t *testing.T) {
	rep := reportertest.Sample()
	for _, r := range All(Options{Color: true}) {
		t.Run(r.Name(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := r.Report(&buf, rep); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			switch r.Name() {
			case "json", "sarif", "codequality":
				if !json.Valid(buf.Bytes()) {
					t.Fatal("not valid JSON")
				}
				if !strings.Contains(out, `\u001b]0;title\u0007\u009b\u202e`) {
					t.Errorf("the encoder did not keep the hostile name escaped")
				}
				for _, c := range out {
					if escape.Unsafe(c) && c != '\n' {
						t.Errorf("raw %U in the JSON document", c)
					}
				}
				return
			}
			for i, line := range strings.Split(out, "\n") {
				for _, c := range line {
					// The text reporter's own colours are the one allowed ESC; they
					// are stripped before the check.
					if escape.Unsafe(c) && (r.Name() != "text" || c != 0x1b) {
						t.Errorf("line %d keeps %U: %q", i+1, c, line)
					}
				}
				if strings.Contains(line, "\x1b]") || strings.Contains(line, "\x1b[2J") || strings.Contains(line, "\x1b[31mred") {
					t.Errorf("line %d keeps a control sequence from the input: %q", i+1, line)
				}
			}
			want := `\x1b]0;title\x07`
			if r.Name() == "markdown" {
				want = `\x1b\]0;title\x07` // Markdown punctuation is escaped too
			}
			if !strings.Contains(out, want) {
				t.Errorf("the hostile name is not shown escaped:\n%s", out)
			}
		})
	}
}
