package engine

import (
	"context"
	"testing"

	"github.com/authlint/authlint/internal/cputime"
)

// BenchmarkFamilies compiles and prepares each family of the embedded
// catalogue, as the first input that needs it does.
func BenchmarkFamilies(b *testing.B) {
	ctx := context.Background()
	e, err := New(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range append(e.families, e.token) {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			start, ok := cputime.Process()
			for b.Loop() {
				g := &family{name: f.name, scan: f.scan, tokens: f.tokens, build: f.build}
				if _, err := g.program(ctx); err != nil {
					b.Fatal(err)
				}
			}
			if end, ok2 := cputime.Process(); ok && ok2 {
				b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
			}
		})
	}
}
