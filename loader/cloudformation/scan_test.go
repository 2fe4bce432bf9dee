package cloudformation

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader"
)

// TestAssemblyFolderOnce walks a cdk.out folder: the manifest loads each
// stack (with its nested stack) once, and the templates the walk also finds
// are skipped as part of it.
func TestAssemblyFolderOnce(t *testing.T) {
	res := scan.Files(context.Background(), scan.Options{Paths: []string{"testdata/cdk"}, Loaders: []loader.Loader{New(Options{})}}, nil, true)
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors %+v", res.LoadErrors)
	}
	if len(res.Loaded) != 1 || filepath.Base(res.Loaded[0].Source) != "manifest.json" {
		t.Fatalf("loaded %+v", res.Loaded)
	}
	skipped := map[string]string{}
	for _, s := range res.Skipped {
		skipped[filepath.Base(s.Path)] = s.Reason
	}
	for _, f := range []string{"AppStack.template.json", "AppStackNestedB9A4C3A2.nested.template.json"} {
		if skipped[f] == "" {
			t.Errorf("%s was not skipped as part of the assembly (skipped: %v)", f, skipped)
		}
	}
}
