package scan_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/cputime"
	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/parsefloor"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/registry"
)

// The benchmarks compare the whole scan (walk, read, detect, load, evaluate
// every rule) with the floor of merely reading and YAML-parsing the same files
// in parallel. `make bench` prints files/s and the ratio of the two.

var benchSizes = []int{1, 100, 1000}

func BenchmarkScan(b *testing.B) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	loaders := registry.Files(registry.Options{})
	run := func(b *testing.B, dir string, files int) {
		b.Helper()
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			res := scan.Files(ctx, scan.Options{Paths: []string{dir}, Loaders: loaders}, eng, false)
			if len(res.Inputs) == 0 {
				b.Fatalf("nothing scanned; load errors: %v", res.LoadErrors)
			}
		}
		b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	}
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := WriteOpenAPIFiles(dir, n); err != nil {
				b.Fatal(err)
			}
			// A generated file that does not load would make the figures lie.
			res := scan.Files(ctx, scan.Options{Paths: []string{dir}, Loaders: loaders}, eng, false)
			if len(res.LoadErrors) > 0 || len(res.Inputs) != n {
				b.Fatalf("generated files: %d inputs, load errors %v", len(res.Inputs), res.LoadErrors)
			}
			b.ResetTimer()
			run(b, dir, n)
		})
	}
	b.Run("corpus=1000", func(b *testing.B) {
		dir := b.TempDir()
		n, err := cycleCorpus(b, dir, 1000)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		run(b, dir, n)
	})
	b.Run(fmt.Sprintf("terraform-modules=%d", tfModules), func(b *testing.B) { benchScanTerraform(b, eng, loaders) })
}

// BenchmarkColdStart is what one `authlint scan one-file.yaml` does besides
// starting the process: read the catalogue, scan one 21-operation file, which
// compiles and prepares the rule families it needs (the REST API ones).
func BenchmarkColdStart(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	if err := WriteOpenAPIFiles(dir, 1); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	// CPU time too: on a shared machine wall time swings with the other load.
	start, ok := cputime.Process()
	defer func() {
		if end, ok2 := cputime.Process(); ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
		}
	}()
	for b.Loop() {
		eng, err := engine.New(ctx, engine.Options{})
		if err != nil {
			b.Fatal(err)
		}
		res := scan.Files(ctx, scan.Options{Paths: []string{dir}, Loaders: registry.Files(registry.Options{})}, eng, false)
		if len(res.Inputs) != 1 {
			b.Fatalf("load errors: %v", res.LoadErrors)
		}
	}
}

func BenchmarkParseOnly(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, dir string, files int) {
		b.Helper()
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if err := parseAll(ctx, dir); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	}
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := WriteOpenAPIFiles(dir, n); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			run(b, dir, n)
		})
	}
	b.Run("corpus=1000", func(b *testing.B) {
		dir := b.TempDir()
		n, err := cycleCorpus(b, dir, 1000)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		run(b, dir, n)
	})
	b.Run(fmt.Sprintf("terraform-modules=%d", tfModules), benchParseTerraform)
}

// reportCPU starts measuring the process's CPU time; the function it returns
// reports it per op. On a shared machine wall time swings with the other
// load, while CPU time is what the work itself costs.
func reportCPU(b *testing.B) func() {
	b.Helper()
	start, ok := cputime.Process()
	return func() {
		if end, ok2 := cputime.Process(); ok && ok2 && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
		}
	}
}

// parseAll is the floor a scan cannot go below (package parsefloor).
func parseAll(ctx context.Context, dir string) error {
	_, err := parsefloor.Parse(ctx, []string{dir}, parsefloor.Own)
	return err
}

// cycleCorpus fills dir with n files copied round-robin from the shared corpus
// of real templates (skipping the benchmark when it is absent). Files that are
// not YAML or JSON are left out. It returns the number of files written.
func cycleCorpus(tb testing.TB, dir string, n int) (int, error) {
	tb.Helper()
	root := corpustest.Dir(tb)
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".md") || filepath.Base(p) == "labels.json" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, perr := yamltree.Parse(data); perr == nil {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(files) == 0 {
		tb.Skip("the corpus holds no YAML or JSON file")
	}
	slices.Sort(files)
	for i := range n {
		src := files[i%len(files)]
		data, err := os.ReadFile(src)
		if err != nil {
			return 0, err
		}
		ext := filepath.Ext(src)
		if ext != ".yaml" && ext != ".yml" && ext != ".json" && ext != ".template" {
			ext = ".yaml"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%04d%s", i, ext)), data, 0o644); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// TestGeneratedFilesLoad keeps the benchmark honest: the generated files must
// load without errors, and the seeded mistakes must be found.
func TestGeneratedFilesLoad(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := WriteOpenAPIFiles(dir, 10); err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := scan.Files(ctx, scan.Options{Paths: []string{dir}, Loaders: registry.Files(registry.Options{})}, eng, false)
	if len(res.LoadErrors) > 0 || len(res.RuleErrors) > 0 {
		t.Fatalf("load errors %v, rule errors %v", res.LoadErrors, res.RuleErrors)
	}
	if len(res.Inputs) != 10 {
		t.Fatalf("%d inputs, want 10", len(res.Inputs))
	}
	var az001 []string
	for _, f := range res.Findings {
		if f.RuleID == "AZ001" {
			az001 = append(az001, filepath.Base(f.Location.File))
		}
	}
	// Every fifth file (0 and 5) has an authorizer without a pool.
	if want := []string{"api-0000.yaml", "api-0005.yaml"}; !slices.Equal(az001, want) {
		t.Errorf("AZ001 in %v, want %v", az001, want)
	}
	if err := parseAll(ctx, dir); err != nil {
		t.Fatal(err)
	}
}
