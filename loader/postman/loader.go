package postman

import (
	"bytes"
	"context"
	"regexp"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
)

// Options configure the loader.
type Options struct {
	// Environments are environment files (--postman-env), in order. When
	// set, the environment files beside a collection are not searched.
	Environments []string
	// Globals is a globals file (--postman-globals); when set, the globals
	// files beside a collection are not searched.
	Globals string
	// Vars are NAME=VALUE values (--postman-var) that win over every file.
	Vars []string
	// MaxObjects bounds the token and API requests of one collection over
	// all its environments (default 200,000); the rest is not checked, and
	// the load error says so.
	MaxObjects int
}

// Loader reads Postman collections (v2.0 and v2.1), environments and globals.
type Loader struct {
	opts Options
	norm *model.Normalizer
}

// New returns the loader.
func New(opts Options) *Loader { return &Loader{opts: opts, norm: model.NewNormalizer()} }

// Name is the source kind.
func (*Loader) Name() string { return model.KindPostman }

// Kinds of Postman documents.
const (
	kindNone = iota
	kindCollection
	kindVariables
	kindCollectionV1
)

// schemaMarker is in the info.schema URL of every collection format.
var schemaMarker = []byte("schema.getpostman.com/json/collection")

func classify(in *loader.Input) int {
	doc, err := in.Doc()
	if err != nil || !doc.JSON || !doc.IsMapping() {
		return kindNone
	}
	if s, ok := doc.TopValue("_postman_variable_scope"); ok && (s == "environment" || s == "globals") {
		return kindVariables
	}
	keys := map[string]bool{}
	for _, k := range doc.TopKeys() {
		keys[k] = true
	}
	if keys["openapi"] || keys["swagger"] || keys["AWSTemplateFormatVersion"] || keys["Resources"] {
		return kindNone
	}
	if keys["info"] && (keys["item"] || bytes.Contains(in.Data, schemaMarker)) {
		return kindCollection
	}
	if keys["requests"] && keys["order"] && keys["name"] && keys["id"] {
		return kindCollectionV1
	}
	return kindNone
}

// Detect accepts collections (info with item, or a collection schema URL),
// environments and globals (_postman_variable_scope), by content.
func (*Loader) Detect(in *loader.Input) bool { return classify(in) != kindNone }

// Load reads a collection into one inventory (its token requests and API
// requests for every environment it is checked with), or an environment or
// globals file on its own (the tokens committed in it).
func (l *Loader) Load(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	name := in.Name()
	kind := classify(in)
	if kind == kindCollectionV1 {
		return nil, loader.Errorf(name, "a Postman collection in the v1 format, which authlint does not read; export it again as Collection v2.1")
	}
	d, err := parse(name, in.Data, in)
	if err != nil {
		return nil, err
	}
	if kind == kindVariables {
		env := readVariables(d)
		inv := &model.Inventory{SchemaVersion: model.SchemaVersion}
		inv.Sources = []model.Source{env.source()}
		inv.CommittedTokens = env.tokens(nil)
		l.norm.Normalize(inv)
		return []*model.Inventory{inv}, nil
	}
	return l.loadCollection(ctx, in, d)
}

// parse decodes a Postman document; in, when given, holds the parse already
// done by detection.
func parse(name string, data []byte, in *loader.Input) (*document, error) {
	var (
		doc *yamltree.Doc
		err error
	)
	if in != nil {
		doc, err = in.Doc()
	} else {
		doc, err = yamltree.Parse(data)
	}
	if err != nil {
		return nil, loader.AsError(name, err)
	}
	return decode(name, doc)
}

// decode turns a parsed document into plain values.
func decode(name string, doc *yamltree.Doc) (*document, error) {
	v, err := doc.Decode(yamltree.Options{})
	if err != nil {
		return nil, loader.AsError(name, err)
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, loader.Errorf(name, "a Postman file must be a JSON object, found %s", describe(v))
	}
	return &document{file: name, doc: doc, root: root}, nil
}

// schemaVersion matches the version in info.schema.
var schemaVersion = regexp.MustCompile(`/collection/v([0-9]+(?:\.[0-9]+)*)/`)

// version checks info.schema: v2.0 and v2.1 are read; a collection without a
// schema (exports of some tools) is read as v2.1, which is a superset.
func version(d *document) (string, *loader.Error) {
	info := node{v: d.root, ptr: ""}.get("info")
	if _, ok := info.object(); !ok {
		return "", positioned(d, "/info", "the collection's info is %s, not an object", describe(info.v))
	}
	schema := info.get("schema")
	if schema.v == nil {
		return "", nil
	}
	s, ok := schema.v.(string)
	if !ok {
		return "", positioned(d, schema.ptr, "info.schema is %s, not a URL", describe(schema.v))
	}
	m := schemaVersion.FindStringSubmatch(s)
	if m == nil {
		return "", positioned(d, schema.ptr, "info.schema is not a Postman collection schema URL")
	}
	if !strings.HasPrefix(m[1], "2.0") && !strings.HasPrefix(m[1], "2.1") {
		return "", positioned(d, schema.ptr, "collection schema version %s is not read (authlint reads v2.0 and v2.1)", clip(m[1], 20))
	}
	return m[1], nil
}

// positioned is a load error at the key holding the value at ptr.
func positioned(d *document, ptr, format string, args ...any) *loader.Error {
	e := loader.Errorf(d.file, format, args...)
	l := d.loc(ptr)
	e.Line, e.Column = l.Line, l.Column
	return e
}

// collectionSource describes the collection file.
func collectionSource(d *document, version string) model.Source {
	return model.Source{Kind: model.KindPostman, File: d.file, Format: "json", Version: version, Bytes: int64(d.doc.Size)}
}
