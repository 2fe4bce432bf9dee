package cloudformation

import (
	"maps"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
)

// expandPropertyLoops expands Fn::ForEach inside resource properties, which
// CloudFormation allows there too (each loop adds the keys its output
// template makes to the object holding it). It runs after the section loops,
// so generated resources are covered, and only for templates that declare
// AWS::LanguageExtensions (CloudFormation rejects the others, and the walk
// is then saved). A loop whose collection is unknown adds unknown keys: the
// resource records it (propertyLoopUnknown), never looking complete.
func (t *template) expandPropertyLoops(st *expansion) {
	if !slices.Contains(t.transforms, "AWS::LanguageExtensions") {
		return
	}
	for _, id := range t.order {
		r := t.resources[id]
		if r == nil || r.props == nil {
			continue
		}
		t.expandIn(r, r.props, r.ptr+"/Properties", 0, st)
	}
}

// expandIn replaces, in place, the loop keys of the objects in v.
func (t *template) expandIn(r *resource, v any, ptr string, depth int, st *expansion) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			kptr := ptr + "/" + yamltree.Escape(k)
			if !isLoopKey(k) {
				t.expandIn(r, x[k], kptr, depth, st)
				continue
			}
			gen := map[string]any{}
			name := strings.TrimPrefix(k, foreachPrefix)
			why, bad := t.propertyLoop(r, kptr, x[k], map[string]string{}, depth, st, gen)
			delete(x, k)
			if bad {
				// CloudFormation rejects the template: say so, and read the
				// rest as meant.
				t.issue(kptr, "the Fn::ForEach loop %s in the properties of %s is malformed (%s); CloudFormation rejects it and it is ignored", name, r.id, why)
			}
			if why != "" {
				r.propertyLoopUnknown = append(r.propertyLoopUnknown, propertyLoop{ptr: ptr, why: why})
				continue
			}
			for gk, gv := range gen {
				if _, dup := x[gk]; dup {
					t.issue(kptr, "the Fn::ForEach loop %s generates the key %s, which the object already has; CloudFormation rejects the template", name, gk)
					continue
				}
				x[gk] = gv
			}
		}
	case []any:
		for i, e := range x {
			t.expandIn(r, e, ptr+"/"+itoa(i), depth, st)
		}
	}
}

// propertyLoop adds to out what one loop generates, or says why it cannot:
// bad is set for a loop CloudFormation rejects, why alone for a collection
// not known before deployment.
func (t *template) propertyLoop(r *resource, ptr string, raw any, env map[string]string, depth int, st *expansion, out map[string]any) (why string, bad bool) {
	if depth > maxDepthLoops {
		return "it nests more than " + itoa(maxDepthLoops) + " loops deep", true
	}
	args, ok := raw.([]any)
	if !ok || len(args) != 3 {
		return "it is " + describe(raw) + ", not a list of [Identifier, Collection, OutputTemplate]", true
	}
	ident, _ := args[0].(string)
	tpl, isMap := args[2].(map[string]any)
	if ident == "" || !isMap {
		return "its identifier is not a name or its output template not an object", true
	}
	items, why := t.collection(substitute(args[1], env, &st.work))
	if why != "" {
		return why, false
	}
	keys := slices.Sorted(maps.Keys(tpl))
	for _, item := range items {
		st.work += len(keys) + 1
		if st.exhausted() {
			return "the loops generate too much to read", false
		}
		inner := make(map[string]string, len(env)+1)
		maps.Copy(inner, env)
		inner[ident] = item
		for _, k := range keys {
			kptr := ptr + "/2/" + yamltree.Escape(k)
			if isLoopKey(k) {
				if why, bad := t.propertyLoop(r, kptr, tpl[k], inner, depth+1, st, out); why != "" {
					return why, bad
				}
				continue
			}
			v := substitute(tpl[k], inner, &st.work)
			// Loops deeper in the value take their own identifiers.
			t.expandIn(r, v, kptr, depth+1, st)
			key := replaceIdents(k, inner)
			if _, dup := out[key]; !dup {
				out[key] = v
			}
		}
	}
	return "", false
}

// propertyLoop is a loop of a resource's properties whose collection is
// unknown; ptr is the object it adds to.
type propertyLoop struct {
	ptr, why string
}

// loopUnknownUnder is what a resource's unknown property loops make unknown
// under the property key (Body, Policy): nil when none adds there.
func (r *resource) loopUnknownUnder(key string) *model.Unknown {
	p := r.propPtr(key)
	for _, l := range r.propertyLoopUnknown {
		if l.ptr == p || strings.HasPrefix(l.ptr, p+"/") {
			return &model.Unknown{Reason: "an Fn::ForEach loop in " + key + " adds what is not known before deployment (" + l.why + ")"}
		}
	}
	return nil
}
