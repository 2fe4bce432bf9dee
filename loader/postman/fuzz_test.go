package postman_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/postman"
)

// FuzzLoad loads arbitrary bytes as a Postman file the user named: no input
// may panic or hang, and whatever loads must encode.
func FuzzLoad(f *testing.F) {
	for _, pat := range []string{"testdata/*/*.json", "../../policies/testdata/fixtures/PM*/postman/*.json"} {
		seeds, _ := filepath.Glob(pat)
		for _, s := range seeds[:min(len(seeds), 12)] {
			if data, err := os.ReadFile(s); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte(`{"info":{"name":"x"},"variable":[{"key":"a","value":"{{b}}{{b}}"},{"key":"b","value":"{{a}}"}],"item":[{"request":{"url":{"host":"{{a}}","path":[{"value":1}]},"header":"Authorization: Bearer {{a}}"}}]}`))
	f.Add([]byte(`{"info":{"_postman_id":"1"},"auth":{"type":"oauth2","oauth2":{"scope":7,"useBrowser":"true"}},"item":[{"item":[{"item":null,"request":"u"}],"auth":{"type":"noauth"}}]}`))
	f.Add([]byte(`{"name":"e","values":[{"key":"t","value":"eyJhbGciOiJub25lIn0.eyJleHAiOiJ4In0."}],"_postman_variable_scope":"environment"}`))
	l := postman.New(postman.Options{Vars: []string{"a=1"}})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := loader.NewInput("fuzz.postman_collection.json", data)
		in.Explicit = true
		if !l.Detect(in) {
			return
		}
		invs, _ := l.Load(context.Background(), in)
		for _, inv := range invs {
			if _, err := json.Marshal(inv); err != nil {
				t.Fatalf("encoding a loaded inventory: %v", err)
			}
		}
	})
}
