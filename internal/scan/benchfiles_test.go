package scan_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteBenchFiles writes the 1,000-file sets of the benchmarks to the
// folder AUTHLINT_BENCH_FILES names, so `make bench-conftest` can time the
// built binary against other tools on the same files. Without the variable
// it does nothing.
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
	if _, err := cycleCorpus(t, corpus, 1000); err != nil {
		t.Fatal(err)
	}
}
