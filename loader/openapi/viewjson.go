package openapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/loader/internal/apigw"
)

// encodePathItemView appends the JSON text of the path item's structure view
// (pathItemView) to b, the same bytes json.Marshal writes for it. The usual
// shapes (operations holding a security list of scheme names and scope
// texts) are written straight from the document, without building the view's
// maps for each of thousands of operations; any other shape goes through
// pathItemView and json.Marshal.
func encodePathItemView(b []byte, r *raw, path string, item any) ([]byte, error) {
	if out, ok := appendPathItemView(b, item, true); ok {
		return out, nil
	}
	data, err := json.Marshal(pathItemView(r, apigw.Ptr("/paths", path), item))
	if err != nil {
		return nil, fmt.Errorf("encoding a path item's structure view: %w", err)
	}
	return append(b, data...), nil
}

// viewVerbs are the operation keys of a path item's view in the order
// json.Marshal writes map keys (sorted).
var viewVerbs = func() []string {
	var keys []string
	for _, vb := range verbs {
		if !strings.HasPrefix(vb.key, "x-") {
			keys = append(keys, vb.key)
		}
	}
	slices.Sort(keys)
	return keys
}()

// appendPathItemView writes pathItemView(v) for the usual shapes; ok is false
// (and b is to be dropped) for any other. Without scopes, each scope is
// written as "": the text compares items by shape (see
// distinctPathsAccepted).
func appendPathItemView(b []byte, v any, scopes bool) ([]byte, bool) {
	if _, isRef := refOf(v); isRef {
		return b, false
	}
	m, ok := object(v)
	if !ok {
		if isObjectLike(v) {
			return append(b, "{}"...), true
		}
		return b, false
	}
	b = append(b, '{')
	first := true
	for _, k := range viewVerbs {
		op, present := m[k]
		if !present {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(append(append(b, '"'), k...), `":`...)
		om, ok := object(op)
		if !ok {
			if !isObjectLike(op) {
				return b, false
			}
			b = append(b, "{}"...)
			continue
		}
		sec, ok := om["security"]
		if !ok {
			b = append(b, "{}"...)
			continue
		}
		b = append(b, `{"security":`...)
		if b, ok = appendSecurityView(b, sec, scopes); !ok {
			return b, false
		}
		b = append(b, '}')
	}
	return append(b, '}'), true
}

// appendSecurityView writes securityView(v) for the usual shapes, with or
// without the scope texts.
func appendSecurityView(b []byte, v any, scopes bool) ([]byte, bool) {
	list, ok := v.([]any)
	if !ok {
		return append(b, "[]"...), true
	}
	b = append(b, '[')
	for i, req := range list {
		if i > 0 {
			b = append(b, ',')
		}
		m, ok := req.(map[string]any)
		if !ok {
			return b, false
		}
		if _, fn := IsIntrinsic(m); fn {
			b = append(b, "{}"...)
			continue
		}
		b = append(b, '{')
		for j, name := range sortedKeys(m) {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, name), ':')
			switch t := m[name].(type) {
			case []any:
				b = append(b, '[')
				for k, s := range t {
					if k > 0 {
						b = append(b, ',')
					}
					txt, ok := text(s).(string)
					switch {
					case !ok:
						return b, false
					case scopes:
						b = appendJSONString(b, txt)
					default:
						b = append(b, `""`...)
					}
				}
				b = append(b, ']')
			case nil:
				b = append(b, "[]"...)
			default:
				if _, fn := IsIntrinsic(t); !fn {
					return b, false
				}
				b = append(b, "[]"...)
			}
		}
		b = append(b, '}')
	}
	return append(b, ']'), true
}

// appendJSONString writes s as json.Marshal does: plain ASCII text as it is,
// anything json.Marshal escapes (quotes, control and non-ASCII characters,
// <, > and &) through json.Marshal itself.
func appendJSONString(b []byte, s string) []byte {
	for i := range len(s) {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			data, _ := json.Marshal(s) // a string always encodes
			return append(b, data...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}
