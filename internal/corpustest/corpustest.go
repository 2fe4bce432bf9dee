package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of the corpus ($AUTHLINT_CORPUS, else
// ../shared/corpus beside the repository root), or skips the test when the
// repository root or the corpus cannot be found.
func Dir(tb testing.TB) string {
	tb.Helper()
	// A checkout elsewhere (a worktree) names the corpus explicitly.
	if c := os.Getenv("AUTHLINT_CORPUS"); c != "" {
		//nolint:gosec // the developer names the corpus folder; tests only read it
		if _, err := os.Stat(filepath.Join(c, "labels.json")); err != nil {
			tb.Skipf("corpus not present at %s (AUTHLINT_CORPUS)", c)
		}
		return c
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root (go.mod) not found above the test directory")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(c, "labels.json")); err != nil {
		tb.Skipf("corpus not present at %s", c)
	}
	return c
}
