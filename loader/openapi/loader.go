package openapi

import (
	"context"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// Loader reads standalone OpenAPI files.
type Loader struct{}

// New returns the OpenAPI loader.
func New() *Loader { return &Loader{} }

// Name is the source kind.
func (*Loader) Name() string { return model.KindOpenAPI }

// Detect accepts documents with a top-level openapi or swagger version.
func (*Loader) Detect(in *loader.Input) bool {
	doc, err := in.Doc()
	if err != nil || !doc.IsMapping() {
		return false
	}
	_, o := doc.TopValue("openapi")
	_, s := doc.TopValue("swagger")
	return o || s
}

// Load reads the file.
func (*Loader) Load(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	_ = ctx
	return nil, loader.Errorf(in.Path, "the OpenAPI loader is not implemented yet")
}
