package parallel

import "sync"

// Do calls f(0) … f(n-1) on at most workers goroutines (at least one) and
// returns when every call has. Work is handed out one index at a time, so a
// slow piece does not hold back the pieces after it.
func Do(n, workers int, f func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(min(workers, n), 1) {
		wg.Go(func() {
			for i := range jobs {
				f(i)
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}
