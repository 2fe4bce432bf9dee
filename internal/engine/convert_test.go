package engine

import (
	"reflect"
	"strings"
	"testing"
)

// TestParallelConversionPanic checks that a value the converter cannot
// convert, met on one of the goroutines of a long list, fails the conversion
// on the calling goroutine (where inventory turns it into an error) instead of
// taking the process down.
func TestParallelConversionPanic(t *testing.T) {
	type bad struct {
		C chan int `json:"c"`
	}
	tests := []struct {
		name    string
		n       int
		workers int
	}{
		{"one goroutine", 3, 1},
		{"several goroutines", parallelMin + 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := make([]bad, tt.n)
			got := func() (r any) {
				defer func() { r = recover() }()
				(&converter{}).start(tt.workers).value(reflect.ValueOf(items))
				return nil
			}()
			if msg, _ := got.(string); !strings.Contains(msg, "cannot convert chan int") {
				t.Fatalf("recovered %v, want the conversion's panic", got)
			}
		})
	}
}
