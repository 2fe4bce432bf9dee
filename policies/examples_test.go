package policies_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

const examplesDir = "../examples"

// exampleKinds are the example folders, each with broken/ and fixed/.
var exampleKinds = []string{"openapi", "cloudformation", "sam", "httpapi", "cdk", "terraform", "snapshot", "postman"}

// documentedRule matches the first cell of a README table row: "| [AZ001](…) |".
var documentedRule = regexp.MustCompile(`(?m)^\| \[([A-Z]{2}[0-9]{3})\]`)

// TestExamples scans every example folder through the real pipeline: a broken
// folder must produce exactly the rules its README documents (and fail the
// default --fail-on error), a fixed folder nothing at all.
func TestExamples(t *testing.T) {
	for _, kind := range exampleKinds {
		t.Run(kind+"/broken", func(t *testing.T) {
			dir := filepath.Join(examplesDir, kind, "broken")
			readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, m := range documentedRule.FindAllStringSubmatch(string(readme), -1) {
				if !slices.Contains(want, m[1]) {
					want = append(want, m[1])
				}
			}
			if len(want) == 0 {
				t.Fatal("README.md documents no rule (table rows \"| [ID](…) | …\")")
			}
			res := scanPath(t, dir)
			checkClean(t, dir, res)
			var got []string
			for _, f := range res.Findings {
				if !slices.Contains(got, f.RuleID) {
					got = append(got, f.RuleID)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("rules found %v, README documents %v:\n%s", got, want, describe(res.Findings, ""))
			}
			rep := finding.Report{Findings: res.Findings, FailOn: finding.FailOn(finding.Error)}
			if code := rep.ExitCode(); code != finding.ExitFindings {
				t.Errorf("exit code %d, want 1", code)
			}
		})
		t.Run(kind+"/fixed", func(t *testing.T) {
			dir := filepath.Join(examplesDir, kind, "fixed")
			res := scanPath(t, dir)
			checkClean(t, dir, res)
			if len(res.Findings) > 0 {
				t.Errorf("the fixed example has findings:\n%s", describe(res.Findings, ""))
			}
			if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
				t.Error(err)
			}
		})
	}
}
