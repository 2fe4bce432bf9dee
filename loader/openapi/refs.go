package openapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/yamltree"
)

// maxRefHops bounds how many $ref objects one lookup follows. Chains longer
// than this in a real document are unheard of; the bound keeps a hostile one
// from looping.
const maxRefHops = 64

// raw gives pointer access to the decoded document, following internal $refs.
// It never reads other files.
type raw struct {
	root any
}

// refOf returns the $ref string of a reference object.
func refOf(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	s, ok := m["$ref"].(string)
	return s, ok
}

// internalTarget turns an internal $ref ("#/components/schemas/A", "#") into
// the JSON pointer it names. ok is false for references to other documents
// and for anchors ("#name"), which authlint does not resolve.
func internalTarget(ref string) (string, bool) {
	if ref == "#" {
		return "", true
	}
	if !strings.HasPrefix(ref, "#/") {
		return "", false
	}
	return unescapeURIFragment(ref[1:]), true
}

// unescapeURIFragment undoes the percent-encoding a URI fragment may carry
// ("#/paths/~1pets%7Bid%7D"); JSON pointer escapes (~0, ~1) stay.
func unescapeURIFragment(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// step descends one pointer segment into v.
func step(v any, seg string) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		c, ok := t[seg]
		return c, ok
	case []any:
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= len(t) || strconv.Itoa(i) != seg {
			return nil, false
		}
		return t[i], true
	}
	return nil, false
}

func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	segs := strings.Split(p[1:], "/")
	for i, s := range segs {
		if strings.Contains(s, "~") {
			segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
		}
	}
	return segs
}

// refError describes a reference authlint cannot follow.
type refError struct {
	// Ref is the $ref value, Pointer where it is written.
	Ref, Pointer string
	// Loop is true for a chain that does not end.
	Loop   bool
	Reason string
}

func (e *refError) Error() string { return e.Reason }

// resolve follows the reference objects at p (and on the way to p) and
// returns the pointer of the value finally reached and the value. A pointer
// that reaches nothing is ok=false with a nil error; a reference that cannot
// be followed (other document, anchor, loop, dangling) is a *refError.
// A key written next to a $ref wins over the target's (OpenAPI 3.1 siblings).
func (r *raw) resolve(p string) (string, any, bool, *refError) {
	hops := 0
	return r.locate(p, true, &hops)
}

// locate walks pointer p, following a reference object whenever a segment is
// not found in it (a pointer may run through a $ref), and, with deref, the
// reference objects at p itself. hops counts references followed, across
// the recursion, so a loop ends with an error.
func (r *raw) locate(p string, deref bool, hops *int) (string, any, bool, *refError) {
	segs := splitPointer(p)
	cur, v := "", r.root
	for i := 0; ; {
		if i < len(segs) {
			if next, ok := step(v, segs[i]); ok {
				cur += "/" + yamltree.Escape(segs[i])
				v = next
				i++
				continue
			}
		}
		ref, isRef := refOf(v)
		if !isRef || (i == len(segs) && !deref) {
			if i == len(segs) {
				return cur, v, true, nil
			}
			return "", nil, false, nil
		}
		if *hops++; *hops > maxRefHops {
			return cur, v, false, &refError{Ref: ref, Pointer: cur, Loop: true, Reason: fmt.Sprintf("more than %d $ref hops from %s (a reference loop?)", maxRefHops, displayPointer(p))}
		}
		target, ok := internalTarget(ref)
		if !ok {
			return cur, v, false, &refError{Ref: ref, Pointer: cur, Reason: refReason(ref)}
		}
		tcur, tv, found, err := r.locate(target, true, hops)
		if err != nil {
			return cur, v, false, err
		}
		if !found {
			return cur, v, false, &refError{Ref: ref, Pointer: cur, Reason: fmt.Sprintf("$ref %q at %s points to nothing in the document", ref, displayPointer(cur))}
		}
		cur, v = tcur, tv
	}
}

func refReason(ref string) string {
	if strings.HasPrefix(ref, "#") {
		return fmt.Sprintf("$ref %q is an anchor reference, which authlint does not resolve", ref)
	}
	return fmt.Sprintf("$ref %q points into another document, which authlint does not read", ref)
}

func displayPointer(p string) string {
	if p == "" {
		return "the document root"
	}
	return p
}

// cycleError reports a chain of $ref objects that leads back to itself with
// nothing but references in between.
type cycleError struct {
	Pointer string
	Chain   []string
}

func (e *cycleError) Error() string {
	return "$ref cycle: " + strings.Join(e.Chain, " → ")
}

// findCycles walks the whole document and reports the first chain of pure
// reference objects that loops (A → B → A): such a chain names nothing, and
// API Gateway cannot import the document. Recursive structures (a schema
// property referring back to its schema) are not cycles of this kind: there
// is an object with content in between, and they load.
//
// Whether a document has such a chain does not depend on the order its
// references are followed in, only which one is reported first does: a
// first walk in map order, which builds no pointers, answers for the
// documents without one (nearly all), and the walk in key order that names
// the first cycle runs only for the others.
func (r *raw) findCycles() *cycleError {
	if !r.hasCycle() {
		return nil
	}
	return r.firstCycle()
}

// hasCycle reports whether following some reference object of the document
// leads to a cycle (see findCycles). It follows each chain from the target
// of its first reference: the reference object itself is where the walk
// stands, so neither its pointer nor a lookup from the root is needed, and a
// chain that comes back to it loops through its target as well.
func (r *raw) hasCycle() bool {
	state := map[string]int{}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch t := v.(type) {
		case map[string]any:
			if ref, isRef := refOf(t); isRef {
				if target, internal := internalTarget(ref); internal && r.followChain(target, state) != nil {
					return true
				}
			}
			for _, c := range t {
				if walk(c) {
					return true
				}
			}
		case []any:
			return slices.ContainsFunc(t, walk)
		}
		return false
	}
	return walk(r.root)
}

// firstCycle walks the document in key order and reports the first cycle.
func (r *raw) firstCycle() *cycleError {
	// state: 1 = being followed, 2 = known to end.
	state := map[string]int{}
	var walk func(v any, p string) *cycleError
	walk = func(v any, p string) *cycleError {
		switch t := v.(type) {
		case map[string]any:
			if _, isRef := refOf(t); isRef {
				if err := r.followChain(p, state); err != nil {
					return err
				}
			}
			for _, k := range sortedKeys(t) {
				if err := walk(t[k], p+"/"+yamltree.Escape(k)); err != nil {
					return err
				}
			}
		case []any:
			for i, c := range t {
				if err := walk(c, p+"/"+strconv.Itoa(i)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(r.root, "")
}

// followChain follows the references starting at the reference object at p.
func (r *raw) followChain(p string, state map[string]int) *cycleError {
	var chain []string
	cur := p
	for {
		switch state[cur] {
		case 2:
			markDone(chain, state)
			return nil
		case 1:
			loop := append([]string{}, chain[max(slices.Index(chain, cur), 0):]...)
			loop = append(loop, cur)
			at := loop[0]
			for i, c := range loop {
				loop[i] = displayPointer(c)
			}
			return &cycleError{Pointer: at, Chain: loop}
		}
		v, ok, looped := r.atThroughRefs(cur)
		if looped {
			return &cycleError{Pointer: p, Chain: []string{displayPointer(p), displayPointer(cur), "…"}}
		}
		ref, isRef := refOf(v)
		if !ok || !isRef {
			markDone(chain, state)
			state[cur] = 2
			return nil
		}
		target, internal := internalTarget(ref)
		if !internal {
			markDone(chain, state)
			state[cur] = 2
			return nil
		}
		state[cur] = 1
		chain = append(chain, cur)
		cur = target
	}
}

// atThroughRefs is the value at p, following references on the way but not
// the one at p itself. looped is true when the references do not end.
func (r *raw) atThroughRefs(p string) (v any, found, looped bool) {
	hops := 0
	_, v, found, err := r.locate(p, false, &hops)
	if err != nil {
		return nil, false, err.Loop
	}
	return v, found, false
}

func markDone(chain []string, state map[string]int) {
	for _, c := range chain {
		state[c] = 2
	}
}
