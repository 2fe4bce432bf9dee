package parsefloor

import (
	"context"
	"fmt"
	"runtime"
	"sync"

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
	jobs := make(chan string)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range jobs {
				data, err := loader.ReadFile(ctx, p, loader.DefaultMaxFileSize)
				if err == nil {
					_, err = yamltree.Parse(data)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", p, err)
					}
					mu.Unlock()
				}
			}
		})
	}
	for _, c := range cands {
		jobs <- c.Path
	}
	close(jobs)
	wg.Wait()
	return len(cands), firstErr
}
