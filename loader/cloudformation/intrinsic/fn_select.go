package intrinsic

import "strconv"

// selectFn evaluates Fn::Select [index, list].
func (r *Resolver) selectFn(arg any) Result {
	expr := Render(map[string]any{"Fn::Select": arg})
	l, ok := arg.([]any)
	if !ok || len(l) != 2 {
		return unknown("Fn::Select needs an index and a list", expr)
	}
	idxText, ok := r.Resolve(l[0]).String()
	if !ok {
		return unknown("the Fn::Select index is not a literal", expr)
	}
	idx, err := strconv.Atoi(idxText)
	if err != nil || idx < 0 {
		return unknown("the Fn::Select index is not a number", expr)
	}
	list := r.Resolve(l[1])
	if list.Kind != Known {
		u := list.AsUnknown(Render(l[1]))
		return unknown("the list selected from is not known: "+u.Reason, expr)
	}
	items, ok := list.Value.([]any)
	if !ok {
		return unknown("Fn::Select needs a list", expr)
	}
	if idx >= len(items) {
		return unknown("the Fn::Select index is past the end of the list", expr)
	}
	return r.Resolve(items[idx])
}
