package origin

import (
	"maps"
	"strings"
)

type entry struct {
	ptr    string
	pinned bool
	// file is set when the subtree lives in another file than the template
	// (an OpenAPI document included with AWS::Include).
	file string
}

// Map maps document pointers to template pointers.
type Map struct {
	m map[string]entry
}

// New returns a map whose whole document is the subtree at tplPtr.
func New(tplPtr string) *Map {
	return &Map{m: map[string]entry{"": {ptr: tplPtr}}}
}

// Subtree maps docPtr and its descendants onto tplPtr and its descendants.
func (m *Map) Subtree(docPtr, tplPtr string) { m.m[docPtr] = entry{ptr: tplPtr} }

// Pin maps docPtr and every descendant onto tplPtr.
func (m *Map) Pin(docPtr, tplPtr string) { m.m[docPtr] = entry{ptr: tplPtr, pinned: true} }

// SubtreeIn maps docPtr and its descendants onto a subtree of another file.
func (m *Map) SubtreeIn(docPtr, file, ptr string) { m.m[docPtr] = entry{ptr: ptr, file: file} }

// Resolve returns the template pointer for docPtr; pinned is true when the
// node was generated and the pointer names what the user wrote instead.
func (m *Map) Resolve(docPtr string) (tplPtr string, pinned bool) {
	_, tplPtr, pinned = m.ResolveFile(docPtr)
	return tplPtr, pinned
}

// ResolveFile is Resolve that also names the file ("" for the template).
func (m *Map) ResolveFile(docPtr string) (file, tplPtr string, pinned bool) {
	p := docPtr
	for {
		if e, ok := m.m[p]; ok {
			if e.pinned {
				return e.file, e.ptr, true
			}
			return e.file, e.ptr + docPtr[len(p):], false
		}
		if p == "" {
			return "", docPtr, false
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			p = ""
			continue
		}
		p = p[:i]
	}
}

// Move re-keys the entries under from to live under to (a node the generator
// moved, as SAM moves securityDefinitions to components.securitySchemes for
// OpenAPI 3).
func (m *Map) Move(from, to string) {
	if _, ok := m.m[from]; !ok {
		file, tpl, pinned := m.ResolveFile(from)
		m.m[from] = entry{ptr: tpl, pinned: pinned, file: file}
	}
	moved := map[string]entry{}
	for k, e := range m.m {
		if k == from || strings.HasPrefix(k, from+"/") {
			moved[to+k[len(from):]] = e
			delete(m.m, k)
		}
	}
	maps.Copy(m.m, moved)
}

// Lookup reports whether docPtr has an entry of its own.
func (m *Map) Lookup(docPtr string) (string, bool) {
	e, ok := m.m[docPtr]
	return e.ptr, ok
}
