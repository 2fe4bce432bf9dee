package policies_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// BenchmarkCatalogue measures evaluating the whole catalogue on one inventory:
// on each of the three largest corpus inputs, and on 1,000 inventories (the
// corpus cycled), reported as ns per inventory.
func BenchmarkCatalogue(b *testing.B) {
	eng := testEngine(b)
	loaded := loadCorpus(b)
	ctx := context.Background()
	bySize := slices.Clone(loaded)
	size := func(l scan.Loaded) int64 {
		st, err := os.Stat(l.Source)
		if err != nil {
			return 0
		}
		return st.Size()
	}
	slices.SortFunc(bySize, func(a, c scan.Loaded) int { return int(size(c) - size(a)) })
	for _, l := range bySize[:min(3, len(bySize))] {
		b.Run("largest/"+filepath.Base(l.Source), func(b *testing.B) {
			for b.Loop() {
				if _, errs := eng.Evaluate(ctx, l.Inventory, l.Source); len(errs) > 0 {
					b.Fatal(errs)
				}
			}
		})
	}
	b.Run("1000-inventories", func(b *testing.B) {
		for b.Loop() {
			for i := range 1000 {
				l := loaded[i%len(loaded)]
				if _, errs := eng.Evaluate(ctx, l.Inventory, l.Source); len(errs) > 0 {
					b.Fatal(errs)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*1000), "ns/inventory")
	})
}

// BenchmarkCorpusScan compares a whole scan of the corpus (read, parse, load,
// evaluate) with the same scan without the engine: the difference is the
// share of scan time spent evaluating the catalogue.
func BenchmarkCorpusScan(b *testing.B) {
	eng := testEngine(b)
	dir := corpustest.Dir(b)
	opts := scan.Options{Paths: []string{dir}, Loaders: registry.Files(registry.Options{})}
	b.Run("load-only", func(b *testing.B) {
		for b.Loop() {
			scan.Files(context.Background(), opts, nil, false)
		}
	})
	b.Run("load-and-evaluate", func(b *testing.B) {
		for b.Loop() {
			scan.Files(context.Background(), opts, eng, false)
		}
	})
}
