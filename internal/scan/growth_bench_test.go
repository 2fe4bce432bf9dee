package scan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/authlint/authlint/internal/cputime"
	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/internal/synth"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/registry"
)

// The growth benchmarks time one generated document of N methods three ways:
// the whole scan (read, detect, load, evaluate every rule), loading only
// (read, detect, load), and parsing only (read and parse). `make bench`
// prints how each grows from N = 1,000 to 16,000 (linear is 16) and the
// ratio of scan and load to parsing. The loader packages have a benchmark
// each over the same sizes for the other formats (OpenAPI JSON, SAM).

var (
	growthSizes   = []int{1000, 2000, 4000, 8000, 16000}
	growthFormats = []synth.Format{synth.CloudFormationYAML, synth.CloudFormationJSON, synth.OpenAPIYAML}
)

// growthFile writes the document of format f with n methods into a new
// temporary directory and returns its path.
func growthFile(b *testing.B, f synth.Format, n int) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "api"+f.Ext())
	if err := os.WriteFile(p, synth.Generate(f, n), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// eachGrowthCase runs one sub-benchmark per format and size, reporting CPU
// time per run (cpu-ns/op) beside wall time.
//
// The first run of each format is a warm-up outside the timings: lazily built
// state (the policy engine's compiled rules and indexes) would otherwise count
// against the smallest size and flatter the growth ratio.
func eachGrowthCase(b *testing.B, run func(b *testing.B, path string, n int)) {
	b.Helper()
	for _, f := range growthFormats {
		b.Run(fmt.Sprintf("%s/warmup", f), func(b *testing.B) {
			run(b, growthFile(b, f, growthSizes[0]), growthSizes[0])
		})
		for _, n := range growthSizes {
			b.Run(fmt.Sprintf("%s/n=%d", f, n), func(b *testing.B) {
				p := growthFile(b, f, n)
				// Every size starts from a collected heap with its pages
				// returned, as a fresh process does: otherwise the smaller
				// sizes reuse pages the warm-up already touched while the
				// larger pay for new ones, and the generator's garbage is
				// collected inside the timed run.
				debug.FreeOSMemory()
				b.ReportAllocs()
				start, ok := cputime.Process()
				run(b, p, n)
				if end, ok2 := cputime.Process(); ok && ok2 {
					b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
				}
			})
		}
	}
}

func BenchmarkGrowthScan(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	loaders := registry.Files(registry.Options{})
	eachGrowthCase(b, func(b *testing.B, p string, n int) {
		b.Helper()
		for b.Loop() {
			res := scan.Files(ctx, scan.Options{Paths: []string{p}, Loaders: loaders}, eng, false)
			if len(res.Inputs) != 1 || len(res.LoadErrors) > 0 || len(res.RuleErrors) > 0 {
				b.Fatalf("%d inputs, load errors %v, rule errors %v", len(res.Inputs), res.LoadErrors, res.RuleErrors)
			}
		}
	})
}

func BenchmarkGrowthLoad(b *testing.B) {
	ctx := context.Background()
	loaders := registry.Files(registry.Options{})
	eachGrowthCase(b, func(b *testing.B, p string, n int) {
		b.Helper()
		for b.Loop() {
			data, err := loader.ReadFile(ctx, p, loader.DefaultMaxFileSize)
			if err != nil {
				b.Fatal(err)
			}
			in := loader.NewInput(p, data)
			loaded := false
			for _, l := range loaders {
				if !l.Detect(in) {
					continue
				}
				invs, err := l.Load(ctx, in)
				if err != nil || len(invs) != 1 || len(invs[0].RestAPIs) == 0 || len(invs[0].RestAPIs[0].Methods) < n {
					b.Fatalf("%s: %d inventories, error %v", l.Name(), len(invs), err)
				}
				loaded = true
				break
			}
			if !loaded {
				b.Fatal("no loader detected the document")
			}
		}
	})
}

func BenchmarkGrowthParse(b *testing.B) {
	ctx := context.Background()
	eachGrowthCase(b, func(b *testing.B, p string, _ int) {
		b.Helper()
		for b.Loop() {
			data, err := loader.ReadFile(ctx, p, loader.DefaultMaxFileSize)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := yamltree.Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
