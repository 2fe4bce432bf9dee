package policies_test

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/authlint/authlint/internal/engine"
)

// TestRego runs every *_test.rego through OPA's test runner, one Go subtest per
// Rego test, so `go test ./...` covers the policies.
func TestRego(t *testing.T) {
	mods, err := engine.EmbeddedModules(true)
	if err != nil {
		t.Fatal(err)
	}
	c, err := engine.Compile(mods)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := tester.NewRunner().
		SetCompiler(c).
		SetModules(c.Modules).
		RaiseBuiltinErrors(true).
		RunTests(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		t.Run(r.Package+"."+r.Name, func(t *testing.T) {
			if r.Error != nil {
				t.Fatalf("%s:%d: %v", r.Location.File, r.Location.Row, r.Error)
			}
			if r.Fail {
				t.Fatalf("%s:%d: test failed", r.Location.File, r.Location.Row)
			}
		})
	}
	if n == 0 {
		t.Fatal("no Rego tests found")
	}
}
