package parsefloor

import (
	"context"
	"fmt"
	"runtime"

	"github.com/authlint/authlint/internal/parallel"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
)

// Parse walks paths the way a scan does, then reads and YAML-parses every
// file on GOMAXPROCS goroutines. It returns how many files it parsed and the
// first error.
func Parse(ctx context.Context, paths []string) (int, error) {
	cands, _, errs := loader.Expand(ctx, paths, nil)
	if len(errs) > 0 {
		return 0, fmt.Errorf("walking the inputs: %w", errs[0])
	}
	failed := make([]error, len(cands))
	parallel.Do(len(cands), runtime.GOMAXPROCS(0), func(i int) {
		data, err := loader.ReadFile(ctx, cands[i].Path, loader.DefaultMaxFileSize)
		if err == nil {
			_, err = yamltree.Parse(data)
		}
		if err != nil {
			failed[i] = fmt.Errorf("%s: %w", cands[i].Path, err)
		}
	})
	return len(cands), firstError(failed)
}

// firstError is the first error of errs in file order, or nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
