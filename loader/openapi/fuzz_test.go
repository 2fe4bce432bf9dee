package openapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

// FuzzLoad feeds arbitrary bytes to detection and, when detected, to Load.
// Nothing may panic or hang, and a loaded inventory must encode.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.*")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		positionsYAML, positionsJSON, mistakesYAML,
		"openapi: 3.0.0\npaths:\n  /a:\n    $ref: '#/x-a'\nx-a:\n  $ref: '#/x-a/b'\n",
		"openapi: 3.0.0\ncomponents:\n  schemas:\n    A: {properties: {a: {$ref: '#/components/schemas/A'}}}\n",
		"swagger: 2.0\npaths:\n  /a:\n    x-amazon-apigateway-any-method: {security: [{A: []}]}\nsecurityDefinitions:\n  A: {type: apiKey, x-amazon-apigateway-authorizer: {type: token}}\n",
		"openapi: 3.1.0\npaths:\n  /a: {$ref: '#'}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := loader.NewInput("fuzz.yaml", data)
		l := openapi.New()
		if !l.Detect(in) {
			return
		}
		type result struct {
			invs []*model.Inventory
			err  error
		}
		done := make(chan result, 1)
		go func() {
			invs, err := l.Load(context.Background(), in)
			done <- result{invs, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Load did not return within 10s on %q", data)
		}
		invs, err := r.invs, r.err
		if err != nil {
			if _, ok := errors.AsType[*loader.Error](err); !ok {
				t.Fatalf("error %T is not a *loader.Error: %v", err, err)
			}
			return
		}
		if len(invs) != 1 || len(invs[0].RestAPIs)+len(invs[0].HTTPAPIs) != 1 {
			t.Fatalf("got %d inventories", len(invs))
		}
		if _, err := json.Marshal(invs[0]); err != nil {
			t.Fatalf("the inventory does not encode: %v", err)
		}
	})
}
