package openapi

import (
	"context"
	"errors"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// Env resolves values and positions for a document. Pointers are relative to
// the OpenAPI document's root.
type Env interface {
	apigw.Values
	// KeyLoc returns where the key holding the value at pointer is written.
	KeyLoc(pointer string) model.Loc
	// ProviderARN resolves one providerARNs entry (a literal ARN, or an intrinsic
	// in a template) and links it to a user pool of the inventory when it can.
	ProviderARN(v any, pointer string) model.ProviderARN
}

// Options shape the RestAPI Build returns.
type Options struct {
	// APIRef is the ref of the API; refs of its children are built under it.
	APIRef string
	// Origin is the source kind recorded on the API (openapi, cloudformation, sam, …).
	Origin string
}

// ErrNotImplemented marks the placeholder until the loader lands.
var ErrNotImplemented = errors.New("openapi: not implemented")

// Build converts a decoded OpenAPI document into a RestAPI.
func Build(ctx context.Context, doc map[string]any, env Env, opts Options) (*model.RestAPI, error) {
	_, _, _, _ = ctx, doc, env, opts
	return nil, ErrNotImplemented
}
