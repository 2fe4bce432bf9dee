package openapi

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// Env resolves values and positions for a document. Pointers are relative to
// the OpenAPI document's root. Positions come from apigw.Values: Loc for a
// value, KeyLoc for the key holding it.
type Env interface {
	apigw.Values
	// ProviderARN resolves one providerARNs entry (a literal ARN, or an intrinsic
	// in a template) and links it to a user pool of the inventory when it can.
	ProviderARN(v any, pointer string) model.ProviderARN
}

// Options shape the RestAPI Build returns.
type Options struct {
	// APIRef is the ref of the API; refs of its children are built under it.
	APIRef string
	// Origin is the source kind recorded on the API (openapi, cloudformation, …).
	Origin string
}

// Result is everything Read takes from a document.
type Result struct {
	API *model.RestAPI
	// Suppressions are the x-authlint-ignore entries, targeted at refs under
	// the API. They belong in the Inventory, which Build's callers own.
	Suppressions []model.Suppression
	// Version is the document's swagger or openapi version as written.
	Version string
}

// Build converts a decoded OpenAPI document into a RestAPI. It is Read without
// the suppressions.
func Build(ctx context.Context, doc map[string]any, env Env, opts Options) (*model.RestAPI, error) {
	res, err := Read(ctx, doc, env, opts)
	if err != nil {
		return nil, err
	}
	return res.API, nil
}

// Read converts a decoded OpenAPI document (Swagger 2.0, OpenAPI 3.0 or 3.1)
// into a RestAPI and the document's inline suppressions.
//
// The document is the plain decoded tree (maps, lists, scalars) whose values
// may be CloudFormation intrinsics when it sits inline in a template; Read
// hands every such value to env and never interprets it. The errors it returns
// are *loader.Error values positioned through env: a document that is not
// OpenAPI, a $ref cycle, a structure kin-openapi rejects.
func Read(ctx context.Context, doc map[string]any, env Env, opts Options) (*Result, error) {
	b, version, err := newBuilder(ctx, doc, env, opts)
	if err != nil {
		return nil, err
	}
	api := b.build(version)
	return &Result{API: api, Suppressions: b.sups, Version: version}, nil
}

// newBuilder checks what every API read needs first (the version, $ref
// cycles, the structure kin-openapi accepts) and returns the builder and the
// document's version.
func newBuilder(ctx context.Context, doc map[string]any, env Env, opts Options) (*builder, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", fmt.Errorf("reading the OpenAPI document: %w", err)
	}
	if opts.APIRef == "" {
		opts.APIRef = "api"
	}
	if opts.Origin == "" {
		opts.Origin = model.KindOpenAPI
	}
	version, v2, verr := detectVersion(doc)
	if verr != "" {
		key := "/openapi"
		if _, ok := doc["openapi"]; !ok {
			key = "/swagger"
		}
		if _, ok := doc[key[1:]]; !ok {
			key = ""
		}
		return nil, "", errorAt(env, key, true, verr)
	}
	r := &raw{root: doc}
	if cyc := r.findCycles(); cyc != nil {
		return nil, "", errorAt(env, cyc.Pointer, true, cyc.Error())
	}
	if err := checkStructure(ctx, r, v2); err != nil {
		return nil, "", structureLoadError(env, err, v2)
	}
	return &builder{r: r, doc: doc, env: env, opts: opts, v2: v2, schemes: map[string]*scheme{}}, version, nil
}

// detectVersion reads swagger/openapi. YAML readers write 2.0 unquoted, which
// decodes as a number.
func detectVersion(doc map[string]any) (version string, v2 bool, problem string) {
	text := func(v any) string {
		switch t := v.(type) {
		case float64:
			s := strconv.FormatFloat(t, 'f', -1, 64)
			if !strings.Contains(s, ".") {
				s += ".0"
			}
			return s
		case int64:
			return strconv.FormatInt(t, 10) + ".0"
		}
		s, _ := apigw.Scalar(v)
		return s
	}
	if v, ok := doc["openapi"]; ok {
		s := text(v)
		if s == "3" || strings.HasPrefix(s, "3.") {
			return s, false, ""
		}
		return s, false, fmt.Sprintf("openapi version %q is not supported (authlint reads Swagger 2.0 and OpenAPI 3.x)", s)
	}
	if v, ok := doc["swagger"]; ok {
		s := text(v)
		if s == "2" || strings.HasPrefix(s, "2.") {
			return s, true, ""
		}
		return s, true, fmt.Sprintf("swagger version %q is not supported (authlint reads Swagger 2.0 and OpenAPI 3.x)", s)
	}
	return "", false, "the document has neither an openapi nor a swagger version"
}

// errorAt builds a load error positioned at pointer.
func errorAt(env Env, pointer string, key bool, reason string) *loader.Error {
	loc := env.Loc(pointer)
	if key {
		loc = env.KeyLoc(pointer)
	}
	return &loader.Error{Input: loc.File, Line: loc.Line, Column: loc.Column, Reason: reason}
}

// structureLoadError positions a kin-openapi failure at the value it names.
func structureLoadError(env Env, err error, v2 bool) *loader.Error {
	kind := "OpenAPI 3"
	if v2 {
		kind = "Swagger 2.0"
	}
	if se, ok := errors.AsType[*structureError](err); ok {
		e := errorAt(env, se.Pointer, true, fmt.Sprintf("not a valid %s document: %s", kind, se.Reason))
		if se.Pointer != "" {
			e.Reason += " (at " + se.Pointer + ")"
		}
		return e
	}
	e := errorAt(env, "", false, fmt.Sprintf("not a valid %s document: %v", kind, err))
	e.Err = err
	return e
}
