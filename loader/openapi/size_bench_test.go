package openapi_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/authlint/authlint/internal/cputime"
	"github.com/authlint/authlint/internal/synth"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

// growthSizes are the method counts `make bench` reports the growth curve
// over; loading should take time proportional to the size.
var growthSizes = []int{1000, 2000, 4000, 8000, 16000}

// BenchmarkLoadSize loads generated OpenAPI definitions (YAML and JSON) of
// growing size, parsing included. It reports CPU time per load (cpu-ns/op)
// beside wall time, which swings with the other load on a shared machine.
func BenchmarkLoadSize(b *testing.B) {
	ctx := context.Background()
	for _, f := range []synth.Format{synth.OpenAPIYAML, synth.OpenAPIJSON} {
		for _, n := range growthSizes {
			b.Run(fmt.Sprintf("%s/n=%d", f, n), func(b *testing.B) {
				data := synth.Generate(f, n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				start, ok := cputime.Process()
				for b.Loop() {
					in := loader.NewInput("bench"+f.Ext(), data)
					l := openapi.New()
					if !l.Detect(in) {
						b.Fatal("not detected")
					}
					invs, err := l.Load(ctx, in)
					if err != nil {
						b.Fatal(err)
					}
					if got := len(invs[0].RestAPIs[0].Methods); got != n {
						b.Fatalf("%d methods, want %d", got, n)
					}
				}
				if end, ok2 := cputime.Process(); ok && ok2 {
					b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}
