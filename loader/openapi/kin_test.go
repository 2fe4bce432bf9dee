package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// decodeForTest decodes a document the way Load does; ok is false for text
// that is not an object.
func decodeForTest(data []byte) (map[string]any, bool) {
	doc, err := loader.NewInput("t.yaml", data).Doc()
	if err != nil {
		return nil, false
	}
	v, err := doc.Decode(yamltree.Options{CloudFormationTags: true})
	if err != nil {
		return nil, false
	}
	m, ok := v.(map[string]any)
	return m, ok
}

// TestDistinctPathsAgree: reading each distinct path item once accepts
// exactly the documents kin-openapi accepts as a whole, in both versions,
// whichever path item is bad and however often it is repeated.
func TestDistinctPathsAgree(t *testing.T) {
	const v3 = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\n"
	const v2 = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n"
	const schemes3 = "components:\n  securitySchemes:\n    A: {type: apiKey, name: x, in: header}\n"
	const schemes2 = "securityDefinitions:\n  A: {type: apiKey, name: x, in: header}\n"
	tests := []struct {
		name, doc string
		accepted  bool
	}{
		{"v3 repeated items", v3 + schemes3 + "paths:\n  /a: {get: {security: [{A: []}]}}\n  /b: {get: {security: [{A: []}]}}\n  /c: {get: {security: [{A: [s]}]}, post: {}}\n", true},
		{"v3 items differing in scopes", v3 + schemes3 + "paths:\n  /a: {get: {security: [{A: [a.read]}]}}\n  /b: {get: {security: [{A: [b.read, '']}]}}\n  /c: {get: {security: [{A: ['']}]}}\n", true},
		{"v3 a scope that is a list", v3 + schemes3 + "paths:\n  /a: {get: {security: [{A: [a]}]}}\n  /b: {get: {security: [{A: [[b]]}]}}\n", false},
		{"v3 a scope that is an object", v3 + schemes3 + "paths:\n  /a: {get: {security: [{A: [a]}]}}\n  /b: {get: {security: [{A: [{b: c}]}]}}\n", false},
		{"v3 no paths", v3 + schemes3, true},
		{"v3 empty paths", v3 + "paths: {}\n", true},
		{"v3 paths not an object", v3 + "paths: [a]\n", false},
		{"v3 intrinsic paths", v3 + "paths: {Ref: P}\n", true},
		{"v3 operation is text", v3 + "paths:\n  /a: {get: {}}\n  /b: {get: text}\n", false},
		{"v3 repeated bad operation", v3 + "paths:\n  /a: {get: text}\n  /b: {get: text}\n", false},
		{"v3 security is an object in a list", v3 + "paths:\n  /a: {get: {security: [{A: {x: 1}}]}}\n", false},
		{"v3 scopes are numbers", v3 + "paths:\n  /a: {get: {security: [{A: [1, 2]}]}}\n", true},
		{"v3 bad root security", v3 + "security: [1]\npaths:\n  /a: {get: {}}\n", false},
		{"v3 bad scheme", v3 + "components:\n  securitySchemes:\n    A: [1]\npaths:\n  /a: {get: {}}\n", false},
		{"v3 path item reference", v3 + "paths:\n  /a: {$ref: '#/x-items/a'}\n  /b: {get: {}}\nx-items:\n  a: {get: 5}\n", false},
		{"v3 extension paths", v3 + "paths:\n  x-a: 5\n  /a: {get: {}}\n", true},
		{"v2 repeated items", v2 + schemes2 + "paths:\n  /a: {get: {security: [{A: []}]}}\n  /b: {get: {security: [{A: []}]}}\n", true},
		{"v2 items differing in scopes", v2 + schemes2 + "paths:\n  /a: {get: {security: [{A: [a]}]}}\n  /b: {get: {security: [{A: [b]}]}}\n  /c: {get: {security: [{A: [[c]]}]}}\n", false},
		{"v2 operation is a list", v2 + "paths:\n  /a: {get: {}}\n  /b: {post: [1]}\n", false},
		{"v2 repeated bad operation", v2 + "paths:\n  /a: {get: 1}\n  /b: {get: 1}\n", false},
		{"v2 bad scheme", v2 + "securityDefinitions:\n  A: 5\npaths:\n  /a: {get: {}}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ok := decodeForTest([]byte(tt.doc))
			if !ok {
				t.Fatal("the test document does not decode")
			}
			_, isV2, _ := detectVersion(doc)
			r := &raw{root: doc}
			ctx := context.Background()
			whole := checkView(ctx, structureView(r, isV2), isV2) == nil
			distinct := distinctPathsAccepted(ctx, r, isV2)
			if whole != tt.accepted {
				t.Errorf("kin-openapi accepts the whole view: %v, want %v", whole, tt.accepted)
			}
			// An intrinsic in place of paths is read as a whole.
			if _, isMap := object(doc["paths"]); isMap && distinct != whole {
				t.Errorf("distinct path items accepted: %v, whole view: %v", distinct, whole)
			}
			if !isMapOrAbsent(doc["paths"]) && distinct {
				t.Error("distinct path items accepted paths that are not an object")
			}
		})
	}
}

func isMapOrAbsent(v any) bool {
	_, ok := object(v)
	return ok || v == nil
}

// checkPathItemEncoding fails t when the direct encoding of a path item's
// view differs from json.Marshal's.
func checkPathItemEncoding(t *testing.T, r *raw, doc map[string]any) {
	t.Helper()
	paths, _ := object(doc["paths"])
	for path, item := range paths {
		got, ok := appendPathItemView(nil, item, true)
		if !ok {
			continue
		}
		want, err := json.Marshal(pathItemView(r, apigw.Ptr("/paths", path), item))
		if err != nil {
			t.Fatalf("%s: json.Marshal: %v", path, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: encoded %s, json.Marshal writes %s", path, got, want)
		}
	}
}

// TestPathItemEncoding: the path item views written directly are the bytes
// json.Marshal writes, and the shapes left to json.Marshal are left to it.
func TestPathItemEncoding(t *testing.T) {
	tests := []struct {
		name, item string
		direct     bool
	}{
		{"operations", "{get: {security: [{A: [a, b]}, {B: []}]}, post: {}, put: ~, x-amazon-apigateway-any-method: {security: [{C: []}]}, parameters: []}", true},
		{"no operations", "{summary: s}", true},
		{"null item", "~", true},
		{"intrinsic item", "{Ref: P}", true},
		{"security not a list", "{get: {security: {A: []}}}", true},
		{"intrinsic requirement and scopes", "{get: {security: [{Fn::If: [c, a, b]}, {A: {Ref: S}, B: ~}]}}", true},
		{"intrinsic scope", "{get: {security: [{A: [{Ref: S}, 5, true, 1.5]}]}}", true},
		{"text to escape", "{get: {security: [{\"<A&\\\"\": [\"é\\t\\u2028\", \"\\x7f\"]}]}}", true},
		{"one character to escape", "{get: {security: [{A: [a<b, c>d, e&f]}]}}", true},
		{"many schemes", "{get: {security: [{C: [], A: [], B: [x]}]}}", true},
		{"item is text", "text", false},
		{"operation is a list", "{get: [1]}", false},
		{"requirement is text", "{get: {security: [A]}}", false},
		{"scopes are text", "{get: {security: [{A: read}]}}", false},
		{"scope is a list", "{get: {security: [{A: [[a]]}]}}", false},
		{"reference", "{$ref: '#/x-a'}", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ok := decodeForTest([]byte("openapi: 3.0.0\nx-a: {get: {}}\npaths:\n  /a: " + tt.item + "\n"))
			if !ok {
				t.Fatal("the test document does not decode")
			}
			paths, _ := object(doc["paths"])
			r := &raw{root: doc}
			if _, direct := appendPathItemView(nil, paths["/a"], true); direct != tt.direct {
				t.Errorf("written directly: %v, want %v", direct, tt.direct)
			}
			checkPathItemEncoding(t, r, doc)
			got, err := encodePathItemView([]byte("prefix"), r, "/a", paths["/a"])
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(pathItemView(r, "/paths/~1a", paths["/a"]))
			if string(got) != "prefix"+string(want) {
				t.Errorf("encodePathItemView wrote %s, want prefix%s", got, want)
			}
		})
	}
}

// TestPathItemShape: the text that compares path items leaves the scopes
// out and keeps everything else.
func TestPathItemShape(t *testing.T) {
	shape := func(item string) string {
		t.Helper()
		doc, ok := decodeForTest([]byte("openapi: 3.0.0\npaths:\n  /a: " + item + "\n"))
		if !ok {
			t.Fatal("the test document does not decode")
		}
		paths, _ := object(doc["paths"])
		b, ok := appendPathItemView(nil, paths["/a"], false)
		if !ok {
			t.Fatalf("%s is not written directly", item)
		}
		return string(b)
	}
	same := [][2]string{
		{"{get: {security: [{A: [a.read]}]}}", "{get: {security: [{A: [b.write]}]}}"},
		{"{get: {security: [{A: [a, b]}]}}", "{get: {security: [{A: ['', {Ref: S}]}]}}"},
		{"{get: {security: [{A: []}]}, post: {}}", "{get: {security: [{A: []}]}, post: {operationId: x}}"},
		{"{get: {security: [{A: []}]}}", "{get: {security: [{A: ~}]}}"},
	}
	for _, p := range same {
		if a, b := shape(p[0]), shape(p[1]); a != b {
			t.Errorf("%s and %s have different shapes: %s, %s", p[0], p[1], a, b)
		}
	}
	different := [][2]string{
		{"{get: {security: [{A: [a]}]}}", "{get: {security: [{A: [a, b]}]}}"},
		{"{get: {security: [{A: [a]}]}}", "{get: {security: [{B: [a]}]}}"},
		{"{get: {security: [{A: [a]}]}}", "{post: {security: [{A: [a]}]}}"},
		{"{get: {security: []}}", "{get: {}}"},
	}
	for _, p := range different {
		if a, b := shape(p[0]), shape(p[1]); a == b {
			t.Errorf("%s and %s have the same shape %s", p[0], p[1], a)
		}
	}
}

// TestHasCycleAgrees: the walk in map order finds a $ref cycle exactly when
// the walk in key order reports one.
func TestHasCycleAgrees(t *testing.T) {
	tests := []struct {
		name, doc string
		cycle     bool
	}{
		{"none", "openapi: 3.0.0\npaths:\n  /a: {$ref: '#/x-a'}\nx-a: {get: {}}\n", false},
		{"recursive schema", "openapi: 3.0.0\ncomponents:\n  schemas:\n    A: {properties: {a: {$ref: '#/components/schemas/A'}}}\n", false},
		{"two references", "openapi: 3.0.0\nx-a: {$ref: '#/x-b'}\nx-b: {$ref: '#/x-a'}\n", true},
		{"self", "openapi: 3.0.0\npaths:\n  /a: {$ref: '#/paths/~1a'}\n", true},
		{"through a list", "openapi: 3.0.0\nx-l: [{$ref: '#/x-l/1'}, {$ref: '#/x-l/0'}]\n", true},
		{"through a reference on the way", "openapi: 3.0.0\nx-a: {$ref: '#/x-b'}\nx-b: {$ref: '#/x-a/c'}\n", true},
		{"escaped key", "openapi: 3.0.0\nx-a:\n  a/b~c: {$ref: '#/x-a/a~1b~0c'}\n", true},
		{"external", "openapi: 3.0.0\nx-a: {$ref: 'other.yaml#/a'}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ok := decodeForTest([]byte(tt.doc))
			if !ok {
				t.Fatal("the test document does not decode")
			}
			r := &raw{root: doc}
			if got := r.hasCycle(); got != tt.cycle {
				t.Errorf("hasCycle = %v, want %v", got, tt.cycle)
			}
			if got := r.firstCycle() != nil; got != tt.cycle {
				t.Errorf("firstCycle found one: %v, want %v", got, tt.cycle)
			}
		})
	}
}

// FuzzDistinctPaths: whatever the document, reading each distinct path item
// once never accepts a document kin-openapi rejects as a whole (the load
// would then miss the error it reports), and the quick $ref cycle check
// agrees with the one that names the cycle.
func FuzzDistinctPaths(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.*")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("openapi: 3.0.1\npaths:\n  /a: {get: {security: [{A: []}]}}\n  /b: {get: {security: [{A: []}]}}\n"))
	f.Add([]byte("openapi: 3.0.0\nx-a: {$ref: '#/x-b'}\nx-b: {$ref: '#/x-a/c'}\nx-l: [{$ref: '#/x-l/1'}, {$ref: '#/x-l/0'}]\n"))
	f.Add([]byte("swagger: '2.0'\npaths:\n  /a: {get: {security: [{A: [x]}]}}\n  /b: {get: 5}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("no verdict within 10s on %q", data))
			}
		}()
		doc, ok := decodeForTest(data)
		if !ok {
			return
		}
		_, isV2, problem := detectVersion(doc)
		if problem != "" {
			return
		}
		r := &raw{root: doc}
		checkPathItemEncoding(t, r, doc)
		quick, cyc := r.hasCycle(), r.firstCycle()
		if quick != (cyc != nil) {
			t.Fatalf("hasCycle = %v, firstCycle = %v", quick, cyc)
		}
		if cyc != nil {
			return
		}
		ctx := context.Background()
		if !distinctPathsAccepted(ctx, r, isV2) {
			return
		}
		func() {
			defer func() {
				if rec := recover(); rec != nil {
					t.Fatalf("the whole view panics in kin-openapi (%v) where the distinct path items were accepted", rec)
				}
			}()
			if err := checkView(ctx, structureView(r, isV2), isV2); err != nil {
				t.Fatalf("the distinct path items were accepted, the whole view is not: %v", err)
			}
		}()
	})
}
