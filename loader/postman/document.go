package postman

import (
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
)

// document is one parsed Postman file with its positions.
type document struct {
	file string
	doc  *yamltree.Doc
	root map[string]any
}

// loc is the position of the key that holds the value at ptr (the line a
// reader looks at), with the pointer.
func (d *document) loc(ptr string) model.Loc {
	l := model.Loc{File: d.file, Pointer: ptr}
	if p, ok := d.doc.KeyPos(ptr); ok {
		l.Line, l.Column = p.Line, p.Column
	}
	return l
}

// node is a decoded JSON value with its pointer.
type node struct {
	v   any
	ptr string
}

func (n node) get(key string) node {
	m, _ := n.v.(map[string]any)
	v, ok := m[key]
	if !ok {
		return node{ptr: n.ptr + "/" + yamltree.Escape(key)}
	}
	return node{v: v, ptr: n.ptr + "/" + yamltree.Escape(key)}
}

func (n node) has(key string) bool {
	m, _ := n.v.(map[string]any)
	v, ok := m[key]
	return ok && v != nil
}

func (n node) object() (map[string]any, bool) {
	m, ok := n.v.(map[string]any)
	return m, ok
}

func (n node) items() []node {
	a, _ := n.v.([]any)
	out := make([]node, len(a))
	for i, v := range a {
		out[i] = node{v: v, ptr: n.ptr + "/" + strconv.Itoa(i)}
	}
	return out
}

// str returns the value as text: strings as they are, numbers and booleans
// as Postman prints them; false for objects, arrays and null.
func (n node) str() (string, bool) {
	return scalarText(n.v)
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	default:
		return "", false
	}
}

// text returns a string value or "".
func (n node) text() string {
	s, _ := n.v.(string)
	return s
}

// truthy reads Postman's booleans, which exports write as true or "true".
func (n node) truthy() bool {
	switch x := n.v.(type) {
	case bool:
		return x
	case string:
		return strings.EqualFold(x, "true")
	default:
		return false
	}
}

// describe names the JSON type of a value for errors (never the value).
func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}
