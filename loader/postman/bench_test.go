package postman_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/postman"
)

// BenchmarkLoad loads collections of growing size; time per request should
// stay flat (linear cost). The padded case is an export with embedded
// responses, about 20 MB.
func BenchmarkLoad(b *testing.B) {
	for _, tc := range []struct{ requests, pad int }{{1_000, 0}, {10_000, 0}, {2_000, 10_000}} {
		data := manyRequests(tc.requests, tc.pad)
		b.Run(fmt.Sprintf("requests=%d/bytes=%d", tc.requests, len(data)), func(b *testing.B) {
			l := postman.New(postman.Options{})
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				in := loader.NewInput("bench.json", data)
				if _, err := l.Load(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
