package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// TestInputMatchesJSON checks that the direct conversion gives exactly the
// value the JSON encoding of the inventory gives, over every fixture of the
// policies (every loader, every model field they fill).
func TestInputMatchesJSON(t *testing.T) {
	root := filepath.Join("..", "..", "policies", "testdata", "fixtures")
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasSuffix(d.Name(), "cdk.out") {
			paths = append(paths, filepath.Dir(p))
			return fs.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".json")) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res := scan.Files(context.Background(), scan.Options{Paths: paths, Loaders: registry.Files(registry.Options{})}, nil, true)
	if len(res.Loaded) < 100 {
		t.Fatalf("only %d inventories loaded from %d fixtures", len(res.Loaded), len(paths))
	}
	for _, ld := range res.Loaded {
		got, err := engine.Input(ld.Inventory)
		if err != nil {
			t.Fatal(err)
		}
		model.Normalize(ld.Inventory)
		want := viaJSON(t, ld.Inventory)
		if got.Compare(want) != 0 {
			t.Errorf("%s: direct conversion differs from JSON:\n got %v\nwant %v", ld.Source, got, want)
		}
	}
}

// TestInputNilCollectionsAreEmpty checks that a loader that forgets to
// normalize still gives rules [] rather than null.
func TestInputNilCollectionsAreEmpty(t *testing.T) {
	inv := &model.Inventory{RestAPIs: []model.RestAPI{{Object: model.Object{Ref: "api"}}}}
	got, err := engine.Input(inv)
	if err != nil {
		t.Fatal(err)
	}
	model.Normalize(inv)
	if want := viaJSON(t, inv); got.Compare(want) != 0 {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func viaJSON(t *testing.T, inv *model.Inventory) ast.Value {
	t.Helper()
	b, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ast.ValueFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
