package openapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// checkStructure has kin-openapi read the part of the document authorization
// depends on (see structureView): it rejects documents whose structure is not
// OpenAPI there (an operation that is a string, a list where an object
// belongs). The model is then built from the decoded document itself, which
// keeps CloudFormation intrinsics, integer types and positions that the typed
// structs lose.
//
// kin-openapi never reads another file or URL here: the view holds no
// reference, and the loader refuses any read as a second lock.
//
// kin-openapi reads each path item on its own, so a path item written the
// same way as another one reads the same way: distinctPathsAccepted has it
// read each distinct path item once, which in a real API (hundreds of
// operations with the same security) is a small part of the document. Only
// when that reading fails is the whole view read, for the error kin-openapi
// reports on the whole document.
func checkStructure(ctx context.Context, r *raw, v2 bool) (err error) {
	defer func() {
		if rec := recover(); rec != nil {
			err = fmt.Errorf("the OpenAPI parser failed: %v", rec)
		}
	}()
	if distinctPathsAccepted(ctx, r, v2) {
		return nil
	}
	return checkView(ctx, structureView(r, v2), v2)
}

// checkView has kin-openapi read a structure view as one document.
func checkView(ctx context.Context, view map[string]any, v2 bool) error {
	data, err := json.Marshal(view)
	if err != nil {
		return fmt.Errorf("re-encoding the document: %w", err)
	}
	ld := newKinLoader(ctx)
	if v2 {
		var d2 openapi2.T
		if err := openapi2.UnmarshalFromData(data, &d2); err != nil {
			return kinError(err)
		}
		if _, err := openapi2conv.ToV3WithLoader(&d2, ld, nil); err != nil {
			return kinError(err)
		}
		return nil
	}
	// The JSON decoder is the fast path; kin-openapi's own loader parses the
	// text again as YAML, which costs as much as the whole rest of the load
	// but names the pointer of a bad value, so it only runs to explain a
	// failure.
	var d3 openapi3.T
	if err := json.Unmarshal(data, &d3); err != nil {
		if _, yerr := openapi3.NewLoader().LoadFromData(data); yerr != nil {
			return kinError(yerr)
		}
		return kinError(err)
	}
	if err := ld.ResolveRefsIn(&d3, nil); err != nil {
		return kinError(err)
	}
	return nil
}

// newKinLoader is a kin-openapi loader that reads no other document.
func newKinLoader(ctx context.Context) *openapi3.Loader {
	ld := openapi3.NewLoader()
	ld.IsExternalRefsAllowed = false
	ld.Context = ctx
	ld.ReadFromURIFunc = refuseURI
	return ld
}

// distinctPathsAccepted reports whether kin-openapi accepts the structure
// view with each distinct path item read once. false says nothing more: the
// caller then reads the whole view, which explains a failure (or accepts the
// document after all).
//
// A path item's view is encoded on its own and compared as JSON text: equal
// texts are equal inputs to kin-openapi's path item reader, whose result does
// not depend on the path it sits under. The text compared leaves the scopes
// out (each is written as ""), as a list of scopes is read as a list of any
// texts: items that differ only in their scopes (api/orders.read,
// api/users.read) are read once, the first one met with its scopes as
// written.
//
// For OpenAPI 3 the items are handed to that reader (PathItem.UnmarshalJSON)
// directly, as openapi3.Paths does for each of its entries, which saves
// re-encoding the whole paths object twice inside kin-openapi.
func distinctPathsAccepted(ctx context.Context, r *raw, v2 bool) (ok bool) {
	defer func() {
		if rec := recover(); rec != nil {
			ok = false
		}
	}()
	doc, _ := r.root.(map[string]any)
	pv, hasPaths := doc["paths"]
	paths, isMap := object(pv)
	if !hasPaths || !isMap {
		return false
	}
	view := structureViewWithoutPaths(r, v2)
	distinct := map[string]bool{}
	items := map[string]json.RawMessage{}
	var key []byte
	for path, item := range paths {
		if strings.HasPrefix(path, "x-") {
			continue
		}
		// The shape of the usual items, the whole text of the others.
		k, direct := appendPathItemView(key[:0], item, false)
		if direct {
			key = k
		} else {
			data, err := encodePathItemView(nil, r, path, item)
			if err != nil {
				return false
			}
			k = data
		}
		if distinct[string(k)] {
			continue
		}
		distinct[string(k)] = true
		data, err := encodePathItemView(nil, r, path, item)
		if err != nil {
			return false
		}
		items[path] = data
	}
	if v2 {
		view["paths"] = items
		return checkView(ctx, view, true) == nil
	}
	view["paths"] = map[string]any{}
	data, err := json.Marshal(view)
	if err != nil {
		return false
	}
	var d3 openapi3.T
	if err := json.Unmarshal(data, &d3); err != nil {
		return false
	}
	d3.Paths = openapi3.NewPathsWithCapacity(len(items))
	for path, data := range items {
		var item openapi3.PathItem
		if err := item.UnmarshalJSON(data); err != nil {
			return false
		}
		d3.Paths.Set(path, &item)
	}
	return newKinLoader(ctx).ResolveRefsIn(&d3, nil) == nil
}

// refuseURI is kin-openapi's reader for other documents: it reads nothing.
// sanitize has already removed every external reference; this is the second
// lock.
func refuseURI(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
	return nil, fmt.Errorf("reading %s: authlint does not follow references to other documents", u.String())
}

// structureError is a document kin-openapi could not read, with the JSON
// pointer of the offending value when kin-openapi names it.
type structureError struct {
	Pointer string
	Reason  string
}

func (e *structureError) Error() string { return e.Reason }

var (
	// "… in /paths/~1a/get" at the end of a yaml construct error.
	pointerSuffix = regexp.MustCompile(` in (/[^ ]*)$`)
	// "line 1: " positions refer to the re-encoded JSON, not to the file.
	linePrefix = regexp.MustCompile(`^line \d+: `)
	// "cannot construct a string `x` into Operation".
	constructMsg = regexp.MustCompile("^cannot construct (.+) into (.+)$")
	yamlTags     = strings.NewReplacer("!!str", "a string", "!!int", "a number", "!!float", "a number",
		"!!bool", "a boolean", "!!seq", "a list", "!!map", "an object", "!!null", "null",
		"openapi3.", "", "openapi2.", "")
)

// kinError turns a kin-openapi error into a readable reason. kin-openapi
// reports both its JSON and its YAML attempt; the YAML one names the pointer.
func kinError(err error) error {
	msg := err.Error()
	if _, y, ok := strings.Cut(msg, "yaml error: "); ok {
		msg = y
	} else if _, j, ok := strings.Cut(msg, "json error: "); ok {
		msg = j
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.TrimPrefix(msg, "construct errors: ")
	msg = strings.TrimPrefix(msg, "json: ")
	if first, _, ok := strings.Cut(msg, "\n"); ok {
		msg = first
	}
	msg = linePrefix.ReplaceAllString(strings.TrimSpace(msg), "")
	se := &structureError{}
	if m := pointerSuffix.FindStringSubmatch(msg); m != nil {
		se.Pointer = m[1]
		msg = strings.TrimSuffix(msg, m[0])
	}
	msg = yamlTags.Replace(msg)
	if m := constructMsg.FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("found %s where %s belongs", m[1], m[2])
	}
	se.Reason = msg
	return se
}
