package openapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

// TestReferenceEdgeCases: reference shapes that could make a resolver loop or
// overflow the stack. Each must end quickly, with the documented outcome.
func TestReferenceEdgeCases(t *testing.T) {
	const h = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\n"
	const v2 = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n"
	tests := []struct {
		name, doc string
		// err is a substring of the expected error; "" means the document loads.
		err string
		// line of the error, when one is expected.
		line int
	}{
		{"path items swap", h + "paths:\n  /a: {$ref: '#/paths/~1b'}\n  /b: {$ref: '#/paths/~1a'}\n", "$ref cycle", 4},
		{"schema refers to itself", h + "paths: {}\ncomponents:\n  schemas:\n    A: {items: {$ref: '#/components/schemas/A/items'}}\n", "$ref cycle", 6},
		{"cycle through a property", h + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B/properties/x'}\n    B: {properties: {x: {$ref: '#/components/schemas/A'}}}\n", "$ref cycle", 6},
		{"pointer runs through its own ref", h + "paths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A/x'}\n", "$ref cycle", 6},
		{"parameter refers to itself", h + "paths:\n  /a:\n    parameters: [{$ref: '#/paths/~1a/parameters/0'}]\n", "$ref cycle", 5},
		{"scheme refers to itself", h + "paths: {}\ncomponents:\n  securitySchemes:\n    S: {$ref: '#/components/securitySchemes/S'}\n", "$ref cycle", 6},
		{"swagger definitions loop", v2 + "paths: {}\ndefinitions:\n  A: {$ref: '#/definitions/B'}\n  B: {$ref: '#/definitions/A'}\n", "$ref cycle", 5},
		{"path item refers to paths", h + "paths:\n  /a: {$ref: '#/paths'}\n", "", 0},
		{"scheme refers to an operation", h + "paths:\n  /a:\n    get: {security: [{S: []}], responses: {'200': {description: d}}}\ncomponents:\n  securitySchemes:\n    S: {$ref: '#/paths/~1a/get'}\n", "", 0},
		{"recursive schema", h + "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: d, content: {a/b: {schema: {$ref: '#/components/schemas/A'}}}}\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/A'}], properties: {b: {$ref: '#/components/schemas/A'}}}\n", "", 0},
		{"recursive swagger definition", v2 + "paths:\n  /a:\n    get:\n      parameters: [{in: body, name: b, schema: {$ref: '#/definitions/A'}}]\n      responses: {'200': {description: d, schema: {$ref: '#/definitions/A'}}}\ndefinitions:\n  A: {properties: {a: {$ref: '#/definitions/A'}}}\n", "", 0},
		{"callback back to its path", h + "paths:\n  /a:\n    get:\n      responses: {'200': {description: d}}\n      callbacks:\n        cb:\n          '{$url}': {$ref: '#/paths/~1a'}\n", "", 0},
		{"path item refers to the root", h + "paths:\n  /a: {$ref: '#'}\n", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := openapi.New().Load(context.Background(), loader.NewInput("refs.yaml", []byte(tt.doc)))
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Load did not return")
			}
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.err == "":
				return
			case err == nil:
				t.Fatalf("loaded; want an error mentioning %q", tt.err)
			case !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "refs.yaml:"):
				t.Fatalf("error %q, want one naming refs.yaml and mentioning %q", err, tt.err)
			}
			if le, ok := errors.AsType[*loader.Error](err); !ok || le.Line != tt.line {
				t.Errorf("error %q not at line %d", err, tt.line)
			}
		})
	}
}
