package scan_test

import (
	"context"
	"runtime"
	"testing"
	"weak"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/registry"
)

// watched records, for each input a loader reads, whether the inputs read
// before it (and their parsed documents) are still referenced.
type watched struct {
	loader.Loader
	w *watch
}

type watch struct {
	inputs []weak.Pointer[loader.Input]
	docs   []weak.Pointer[yamltree.Doc]
	// held counts the earlier inputs and documents still referenced when
	// each input is loaded.
	held []int
}

func (w watched) Load(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	runtime.GC()
	held := 0
	for i := range w.w.inputs {
		if w.w.inputs[i].Value() != nil {
			held++
		}
		if w.w.docs[i].Value() != nil {
			held++
		}
	}
	w.w.held = append(w.w.held, held)
	doc, _ := in.Doc()
	w.w.inputs = append(w.w.inputs, weak.Make(in))
	w.w.docs = append(w.w.docs, weak.Make(doc))
	return w.Loader.Load(ctx, in)
}

// TestInputsFreedOnceLoaded: once a file is turned into a model, nothing the
// scan keeps (its list of inputs, the inventories waiting to be linked or
// returned) holds the file's bytes or its parsed document, so they are
// collected while the next files are read and before the models are
// evaluated: a large template's tree is several times the size of its model.
func TestInputsFreedOnceLoaded(t *testing.T) {
	w := &watch{}
	var loaders []loader.Loader
	for _, l := range registry.Files(registry.Options{}) {
		loaders = append(loaders, watched{Loader: l, w: w})
	}
	res := scan.Files(context.Background(), scan.Options{
		Paths:   []string{"testdata/workspace", "testdata/api-0001.yaml"},
		Loaders: loaders,
		Workers: 1, // one input after the other
	}, nil, true)
	if len(res.Loaded) < 3 || len(w.inputs) < 3 {
		t.Fatalf("%d inventories from %d inputs; load errors %v", len(res.Loaded), len(w.inputs), res.LoadErrors)
	}
	for i, held := range w.held {
		if held > 0 {
			t.Errorf("loading input %d: %d earlier inputs or documents still referenced", i, held)
		}
	}
	runtime.GC()
	for i := range w.inputs {
		if w.inputs[i].Value() != nil || w.docs[i].Value() != nil {
			t.Errorf("input %d or its document is still referenced after the scan", i)
		}
	}
	runtime.KeepAlive(res)
}
