package openapi

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// Loader reads standalone OpenAPI files.
type Loader struct {
	// norm serves every file the loader reads.
	norm *model.Normalizer
}

// New returns the OpenAPI loader.
func New() *Loader { return &Loader{norm: model.NewNormalizer()} }

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

// standaloneAPIRef is the API's ref in a standalone file's inventory, which
// holds that one API.
const standaloneAPIRef = "api"

// Load reads the file into an inventory with one RestAPI.
func (l *Loader) Load(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	doc, err := in.Doc()
	if err != nil {
		return nil, loader.AsError(in.Name(), err)
	}
	// Long-form intrinsics are plain maps anyway; short-form tags appear in
	// files written to be included into a template (AWS::Include).
	opts := yamltree.Options{CloudFormationTags: true}
	var notes []model.SourceNote
	if doc.JSON {
		// API Gateway's importer reads JSON with a key set twice, keeping the
		// last value (real AWS samples have two "responses" in one
		// operation): read it the same way, and say so.
		opts.OnDuplicate = func(d yamltree.Duplicate) {
			notes = append(notes, duplicateNote(d))
		}
	}
	v, err := doc.Decode(opts)
	if err != nil {
		return nil, loader.AsError(in.Name(), err)
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, loader.Errorf(in.Name(), "an OpenAPI document must be an object, found %s", apigw.Describe(v))
	}
	env := &fileEnv{path: in.Name(), doc: doc}
	if IsHTTPDocument(root) {
		return loadHTTP(ctx, in, doc, root, env, notes, l.norm)
	}
	res, err := Read(ctx, root, env, Options{APIRef: standaloneAPIRef, Origin: model.KindOpenAPI})
	if err != nil {
		return nil, loader.AsError(in.Name(), err)
	}
	api := res.API
	// The document is the API: gateway responses it does not list do not
	// exist. Stages and deployments live outside it.
	api.StagesUnknown = &model.Unknown{Reason: "stages are defined outside the OpenAPI document"}
	api.DeploymentsUnknown = &model.Unknown{Reason: "deployments are made outside the OpenAPI document"}
	src := fileSource(in, doc, res.Version, notes)
	api.OpenAPI.Version = src.Version
	inv := &model.Inventory{
		Sources:      []model.Source{src},
		RestAPIs:     []model.RestAPI{*api},
		Suppressions: res.Suppressions,
	}
	l.norm.Normalize(inv)
	return []*model.Inventory{inv}, nil
}

// fileSource describes a standalone OpenAPI file, with its version as
// written (an unquoted 2.0 decodes as a number).
func fileSource(in *loader.Input, doc *yamltree.Doc, version string, notes []model.SourceNote) model.Source {
	format := "yaml"
	if doc.JSON {
		format = "json"
	}
	if raw, ok := doc.TopValue("openapi"); ok {
		version = raw
	} else if raw, ok := doc.TopValue("swagger"); ok {
		version = raw
	}
	return model.Source{Kind: model.KindOpenAPI, File: in.Name(), Format: format, Version: version, Notes: notes, Bytes: int64(doc.Size)}
}

// duplicateNote says which of a twice-set key's values was read.
func duplicateNote(d yamltree.Duplicate) model.SourceNote {
	return model.SourceNote{Kind: model.NoteDuplicateKey, Line: d.Last.Line, Message: fmt.Sprintf(
		"key %s is set twice in one object, at lines %d and %d: the value at line %d is read and the one at line %d ignored, as API Gateway's import does",
		d.QuotedKey(), d.First.Line, d.Last.Line, d.Last.Line, d.First.Line)}
}

// loadHTTP reads a standalone HTTP API document (see IsHTTPDocument).
func loadHTTP(ctx context.Context, in *loader.Input, doc *yamltree.Doc, root map[string]any, env *fileEnv, notes []model.SourceNote, norm *model.Normalizer) ([]*model.Inventory, error) {
	res, err := ReadHTTP(ctx, root, env, Options{APIRef: standaloneAPIRef, Origin: model.KindOpenAPI})
	if err != nil {
		return nil, loader.AsError(in.Name(), err)
	}
	api := res.API
	api.StagesUnknown = &model.Unknown{Reason: "stages are defined outside the OpenAPI document"}
	api.DeploymentsUnknown = &model.Unknown{Reason: "deployments are made outside the OpenAPI document"}
	inv := &model.Inventory{
		Sources:      []model.Source{fileSource(in, doc, res.Version, notes)},
		HTTPAPIs:     []model.HTTPAPI{*api},
		Suppressions: res.Suppressions,
	}
	norm.Normalize(inv)
	return []*model.Inventory{inv}, nil
}

// fileEnv resolves values and positions in a standalone file. Scalars are
// known; a CloudFormation intrinsic (a file meant for SAM's DefinitionUri or
// AWS::Include) is unknown, since only the template that includes the file
// can give it a value.
type fileEnv struct {
	path string
	doc  *yamltree.Doc
}

func (e *fileEnv) loc(pointer string, pos yamltree.Pos, ok bool) model.Loc {
	l := model.Loc{File: e.path, Pointer: pointer}
	if ok {
		l.Line, l.Column = pos.Line, pos.Column
	}
	return l
}

// Loc is the position of the value at pointer.
func (e *fileEnv) Loc(pointer string) model.Loc {
	pos, ok := e.doc.Pos(pointer)
	return e.loc(pointer, pos, ok)
}

// KeyLoc is the position of the key holding the value at pointer.
func (e *fileEnv) KeyLoc(pointer string) model.Loc {
	pos, ok := e.doc.KeyPos(pointer)
	return e.loc(pointer, pos, ok)
}

// String converts a scalar; intrinsics and other shapes are unknown, and so is
// text holding a ${name} placeholder: a standalone file with one is a template
// that a tool (CDK, Terraform templatefile, envsubst, AWS::Include's Fn::Sub)
// fills in before API Gateway sees it. API Gateway's own ${stageVariables.x}
// stays: it is part of the deployed value.
func (e *fileEnv) String(v any, pointer string) model.String {
	loc := e.Loc(pointer)
	if s, ok := apigw.Scalar(v); ok {
		if name, found := placeholderIn(s); found {
			return model.UnknownString(model.Unknown{
				Reason: fmt.Sprintf("${%s} is a placeholder that a template tool fills in before deployment", name),
				Expr:   s,
			}, loc)
		}
		return model.Known(s, loc)
	}
	if fn, ok := IsIntrinsic(v); ok {
		return model.UnknownString(model.Unknown{
			Reason: fn + " is resolved by CloudFormation when a template includes this file",
			Expr:   exprOf(v),
		}, loc)
	}
	return model.UnknownString(model.Unknown{Reason: "expected a text value, found " + apigw.Describe(v)}, loc)
}

// ProviderARN is the entry as written: a standalone file has no user pools
// to link to.
func (e *fileEnv) ProviderARN(v any, pointer string) model.ProviderARN {
	s := e.String(v, pointer)
	return model.ProviderARN{ARN: s, Loc: s.Loc}
}

// Issuer is the issuer as written: a standalone file has no user pools to
// link to.
func (e *fileEnv) Issuer(v any, pointer string) (model.String, *model.Link) {
	return e.String(v, pointer), nil
}

// AudienceEntry is the entry as written, unlinked.
func (e *fileEnv) AudienceEntry(v any, pointer string) model.AudienceEntry {
	s := e.String(v, pointer)
	return model.AudienceEntry{Value: s, Loc: s.Loc}
}

// placeholders matches ${name} in text.
var placeholders = regexp.MustCompile(`\$\{([^}]*)\}`)

// placeholderIn returns the first ${name} that is not a stage variable.
func placeholderIn(s string) (string, bool) {
	if !strings.Contains(s, "${") {
		return "", false
	}
	for _, m := range placeholders.FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(strings.TrimSpace(m[1]), "stageVariables.") {
			return m[1], true
		}
	}
	return "", false
}
