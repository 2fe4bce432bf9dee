package suppress

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// BenchmarkProcess runs the pipeline over 1,000 inputs of 16 KiB (one in ten
// with a comment suppression) and 5,000 findings, with one inline
// suppression per input: the post-evaluation cost of a large scan.
func BenchmarkProcess(b *testing.B) {
	const inputs, perInput = 1000, 5
	files := map[string][]byte{}
	filler := strings.Repeat("    Description: some text that is not a comment\n", 300)
	var inline []Inline
	for i := range inputs {
		name := fmt.Sprintf("infra/stack%04d.yaml", i)
		body := "Resources:\n  Auth:\n    Type: AWS::ApiGateway::Authorizer\n    Properties:\n" + filler
		if i%10 == 0 {
			body = "Resources:\n  # authlint:ignore AZ004 reviewed\n  Auth:\n    Type: AWS::ApiGateway::Authorizer\n    Properties:\n" + filler
		}
		files[name] = []byte(body)
		inline = append(inline, Inline{Source: name, Suppression: model.Suppression{RuleIDs: []string{"CR001"}, Reason: "r", Target: "Api/m0"}})
	}
	read := func(name string) ([]byte, error) { return files[name], nil }
	mk := func() *finding.Report {
		r := &finding.Report{Rules: catalogueRules()}
		for i := range inputs {
			name := fmt.Sprintf("infra/stack%04d.yaml", i)
			r.Inputs = append(r.Inputs, finding.Input{Name: name})
			for j := range perInput {
				f := mkFinding([]string{"CR001", "AZ004", "AZ010"}[j%3], name, fmt.Sprintf("Api/m%d", j), 10+j)
				r.Findings = append(r.Findings, f)
			}
		}
		return r
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		r := mk()
		b.StartTimer()
		if err := Process(r, Options{Root: "/repo", Inline: inline, Now: now, ReadFile: read}); err != nil {
			b.Fatal(err)
		}
	}
}
