// Command authlint finds the Amazon API Gateway and Amazon Cognito
// misconfigurations that make a COGNITO_USER_POOLS authorizer answer 401
// Unauthorized. The command line lives in internal/cli; this file only wires
// the process to it.
package main

import (
	"context"
	"math"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"syscall"

	"github.com/authlint/authlint/internal/cli"
	// Before any other package allocates: see its documentation.
	_ "github.com/authlint/authlint/internal/hugeheap"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, a second one kills the process at once.
		<-ctx.Done()
		stop()
	}()
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC trades memory for speed unless the user set GOGC or GOMEMLIMIT: a
// scan allocates a lot of short-lived parse trees and keeps little, so the
// default collector (GOGC=100) spends a third of the run collecting. Measured
// on 1,000 real templates (2 cores): GOGC=100 took 1.3 s and 72 MB, GOGC=300
// 0.9 s and 118 MB.
//
// With GOGC=300 the heap may grow to four times what a scan keeps: for a
// 21 MB template that keeps some 500 MB while it is evaluated, that is what
// the soft limit allows. The limit is therefore low (memoryFloor: the
// template's run then peaks at 760-790 MB instead of 0.8-1 GB, for about
// the same CPU time), and raised after each collection to half as much again
// as the heap kept (limitFor), so that a larger scan never has the collector
// running without pause against a limit below what it must keep (a fixed
// 256 MiB limit made the same run take three times the CPU).
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryFloor)
		followHeap()
	}
}

// memoryFloor is the soft memory limit of a scan that keeps less than
// two thirds of it.
const memoryFloor = 768 << 20

// limitFor is the soft memory limit for a heap that keeps live bytes.
func limitFor(live uint64) int64 {
	return max(memoryFloor, int64(min(live+live/2, math.MaxInt64/2)))
}

// gcSentinel is dropped as soon as it is made: its cleanup runs after the
// next collection. It is larger than the runtime's tiny allocations, which
// are grouped and freed together.
type gcSentinel struct{ _ [64]byte }

// followHeap sets the soft limit from the live heap after every collection.
func followHeap() {
	runtime.AddCleanup(&gcSentinel{}, func(struct{}) {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(limitFor(sample[0].Value.Uint64()))
		}
		followHeap()
	}, struct{}{})
}
