package intrinsic

import "strings"

// split evaluates Fn::Split [delimiter, string].
func (r *Resolver) split(arg any) Result {
	expr := Render(map[string]any{"Fn::Split": arg})
	l, ok := arg.([]any)
	if !ok || len(l) != 2 {
		return unknown("Fn::Split needs a delimiter and a string", expr)
	}
	delim, ok := r.Resolve(l[0]).String()
	if !ok || delim == "" {
		return unknown("the Fn::Split delimiter is not a literal", expr)
	}
	src := r.Resolve(l[1])
	s, ok := src.String()
	if !ok {
		u := src.AsUnknown(Render(l[1]))
		if u == nil {
			return unknown("Fn::Split needs a string", expr)
		}
		return unknown("the string split is not known: "+u.Reason, expr)
	}
	out := []any{}
	for p := range strings.SplitSeq(s, delim) {
		out = append(out, p)
	}
	return known(out)
}
