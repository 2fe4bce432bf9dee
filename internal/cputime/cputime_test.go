package cputime_test

import (
	"runtime"
	"testing"

	"github.com/authlint/authlint/internal/cputime"
)

// TestProcessGrows: busy work must show as CPU time where it is measured.
func TestProcessGrows(t *testing.T) {
	start, ok := cputime.Process()
	if !ok {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" {
			t.Fatal("CPU time is not readable on a unix system")
		}
		t.Skip("CPU time is not measured on this platform")
	}
	x := 0
	for i := range 200_000_000 {
		x ^= i
	}
	end, _ := cputime.Process()
	if end <= start {
		t.Fatalf("CPU time did not grow: %v then %v (x=%d)", start, end, x)
	}
}
