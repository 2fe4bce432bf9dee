package intrinsic

import "fmt"

// findInMap evaluates Fn::FindInMap [map, topKey, secondKey(, {DefaultValue})].
func (r *Resolver) findInMap(arg any) Result {
	expr := Render(map[string]any{"Fn::FindInMap": arg})
	l, ok := arg.([]any)
	if !ok || (len(l) != 3 && len(l) != 4) {
		return unknown("Fn::FindInMap needs a map name and two keys", expr)
	}
	keys := make([]string, 3)
	for i := range 3 {
		res := r.Resolve(l[i])
		s, ok := res.String()
		if !ok {
			u := res.AsUnknown(Render(l[i]))
			reason := "a key is not a literal"
			if u != nil {
				reason = "a key is not known: " + u.Reason
			}
			return unknown(reason, expr)
		}
		keys[i] = s
	}
	fallback := func(reason string) Result {
		if len(l) == 4 {
			if m, ok := l[3].(map[string]any); ok {
				if d, ok := m["DefaultValue"]; ok {
					return r.Resolve(d)
				}
			}
		}
		return unknown(reason, expr)
	}
	top, ok := r.Mappings[keys[0]].(map[string]any)
	if !ok {
		return fallback("the template has no mapping " + keys[0])
	}
	second, ok := top[keys[1]].(map[string]any)
	if !ok {
		return fallback(fmt.Sprintf("mapping %s has no key %s", keys[0], keys[1]))
	}
	v, ok := second[keys[2]]
	if !ok {
		return fallback(fmt.Sprintf("mapping %s.%s has no key %s", keys[0], keys[1], keys[2]))
	}
	return r.Resolve(v)
}
