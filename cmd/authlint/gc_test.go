package main

import (
	"math"
	"testing"
)

func TestLimitFor(t *testing.T) {
	tests := []struct {
		name string
		live uint64
		want int64
	}{
		{"nothing kept", 0, memoryFloor},
		{"a small scan", 100 << 20, memoryFloor},
		{"two thirds of the floor", memoryFloor * 2 / 3, memoryFloor},
		{"a large scan keeps headroom", 1 << 30, 3 << 29},
		{"no overflow", math.MaxUint64, math.MaxInt64 / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := limitFor(tt.live); got != tt.want {
				t.Fatalf("limitFor(%d) = %d, want %d", tt.live, got, tt.want)
			}
		})
	}
}
