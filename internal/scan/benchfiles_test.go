package scan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/internal/synth"
)

// TestWriteBenchFiles writes the inputs of the benchmarks to the folder
// AUTHLINT_BENCH_FILES names, so the built binary can be timed as a user runs
// it: the 1,000-file sets (`make bench-conftest` times authlint against
// conftest on them) and one document per growth format of 1,000 and 16,000
// methods (`make bench-cli`). Without the variable it does nothing.
func TestWriteBenchFiles(t *testing.T) {
	out := os.Getenv("AUTHLINT_BENCH_FILES")
	if out == "" {
		t.Skip("AUTHLINT_BENCH_FILES is not set")
	}
	gen := filepath.Join(out, "generated")
	if err := os.MkdirAll(gen, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteOpenAPIFiles(gen, 1000); err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(out, "corpus")
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	growth := filepath.Join(out, "growth")
	if err := os.MkdirAll(growth, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range growthFormats {
		for _, n := range []int{growthSizes[0], growthSizes[len(growthSizes)-1]} {
			p := filepath.Join(growth, fmt.Sprintf("%s-%d%s", f, n, f.Ext()))
			if err := os.WriteFile(p, synth.Generate(f, n), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := cycleCorpus(t, corpus, 1000); err != nil {
		t.Fatal(err)
	}
}
