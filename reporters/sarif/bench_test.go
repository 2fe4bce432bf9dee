package sarif

import (
	"fmt"
	"io"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/reportertest"
)

// BenchmarkReport renders 5,000 findings over 1,000 files.
func BenchmarkReport(b *testing.B) {
	r := reportertest.Sample()
	base := r.Findings[1]
	r.Findings = nil
	for i := range 5000 {
		f := base
		f.Location.File = fmt.Sprintf("infra/stack%04d.yaml", i/5)
		f.Location.Line = 10 + i%5
		f.Fingerprint = finding.Fingerprint(f.RuleID, f.Location.File, f.Resource.Ref, fmt.Sprint(i))
		r.Findings = append(r.Findings, f)
	}
	rep := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		if err := rep.Report(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
