package parallel_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/authlint/authlint/internal/parallel"
)

func TestDo(t *testing.T) {
	for _, tc := range []struct {
		name       string
		n, workers int
		maxRunning int64
	}{
		{"none", 0, 4, 0},
		{"one worker", 50, 1, 1},
		{"zero workers means one", 20, 0, 1},
		{"fewer pieces than workers", 2, 8, 2},
		{"many", 1000, 3, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var (
				mu            sync.Mutex
				seen          = map[int]int{}
				running, peak atomic.Int64
			)
			parallel.Do(tc.n, tc.workers, func(i int) {
				r := running.Add(1)
				for {
					p := peak.Load()
					if r <= p || peak.CompareAndSwap(p, r) {
						break
					}
				}
				mu.Lock()
				seen[i]++
				mu.Unlock()
				running.Add(-1)
			})
			if len(seen) != tc.n {
				t.Fatalf("%d indexes called, want %d", len(seen), tc.n)
			}
			for i, c := range seen {
				if i < 0 || i >= tc.n || c != 1 {
					t.Fatalf("index %d called %d times", i, c)
				}
			}
			if peak.Load() > tc.maxRunning {
				t.Fatalf("%d calls at once, want at most %d", peak.Load(), tc.maxRunning)
			}
		})
	}
}
