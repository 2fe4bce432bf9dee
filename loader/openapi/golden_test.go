package openapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.json from the loader's output")

// load runs detection and Load on a file the way the scan pipeline does.
func load(t *testing.T, path string, data []byte) ([]*model.Inventory, error) {
	t.Helper()
	in := loader.NewInput(path, data)
	l := openapi.New()
	if !l.Detect(in) {
		t.Fatalf("%s: not detected as OpenAPI", path)
	}
	return l.Load(context.Background(), in)
}

func loadFile(t *testing.T, path string) *model.Inventory {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	invs, err := load(t, path, data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(invs) != 1 {
		t.Fatalf("%s: %d inventories, want 1", path, len(invs))
	}
	return invs[0]
}

// TestGolden loads every document under testdata and compares the inventory
// with testdata/golden/<name>.json. The goldens are the specification of the
// mapping: review a diff by hand before accepting it with -update.
func TestGolden(t *testing.T) {
	var files []string
	for _, pat := range []string{"testdata/*.yaml", "testdata/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("found %d test documents, expected the whole set", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		t.Run(name, func(t *testing.T) {
			inv := loadFile(t, f)
			got, err := json.MarshalIndent(inv, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./loader/openapi -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; run with -update and review the diff:\n%s", f, golden, firstDiff(string(want), string(got)))
			}
		})
	}
}

// firstDiff shows the first differing line with some context.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d", i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(no line differs)"
}
