package policies_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/postman"
)

// postmanCollection generates a collection of n requests: half inherit the
// collection's oauth2 setting (one setting shared by n/2 requests), half
// carry their own (n/2 settings), and each sends a literal JWT header.
func postmanCollection(n int) []byte {
	const oauth2 = `{"type":"oauth2","oauth2":[{"key":"grant_type","value":"authorization_code"},{"key":"authUrl","value":"https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize"},{"key":"scope","value":"email"},{"key":"addTokenTo","value":"queryParams"}]}`
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2NvZ25pdG8taWRwLmV1LXdlc3QtMS5hbWF6b25hd3MuY29tL3AiLCJleHAiOjF9.c2ln"
	var b bytes.Buffer
	b.WriteString(`{"info":{"name":"big","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"auth":` + oauth2 + `,"item":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		auth := ""
		if i%2 == 1 {
			auth = `,"auth":` + oauth2
		}
		fmt.Fprintf(&b, `{"name":"r%d","request":{"method":"GET","url":"https://api.example.com/r%d","header":[{"key":"X-Token","value":"%s"}]%s}}`, i, i, jwt, auth)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// BenchmarkPostmanGrowth evaluates the catalogue on generated collections of
// N requests (loading is outside the timing): linear rules make
// t(8,000)/t(1,000) 8, whether requests share a setting or carry their own.
func BenchmarkPostmanGrowth(b *testing.B) {
	eng := testEngine(b)
	ctx := context.Background()
	for _, n := range []int{1000, 2000, 4000, 8000} {
		invs, err := postman.New(postman.Options{}).Load(ctx, loader.NewInput("big.json", postmanCollection(n)))
		if err != nil || len(invs) != 1 {
			b.Fatalf("loading the generated collection: %v", err)
		}
		inv := invs[0]
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			measureCPU(b, func() {
				for b.Loop() {
					fs, errs := eng.Evaluate(ctx, inv, "big.json")
					if len(errs) > 0 {
						b.Fatal(errs)
					}
					checkPostmanFindings(b, inv, len(fs))
				}
			})
		})
	}
}

// checkPostmanFindings makes sure the benchmark measures rules that fire:
// PM007, PM008 and PM010 per setting, PM012 per request.
func checkPostmanFindings(b *testing.B, inv *model.Inventory, got int) {
	b.Helper()
	if want := 3*len(inv.TokenRequests) + len(inv.CommittedTokens); got != want {
		b.Fatalf("%d findings, want %d", got, want)
	}
}
