package reporters

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
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
