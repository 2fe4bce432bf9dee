package intrinsic

// join evaluates Fn::Join [delimiter, [values...]].
func (r *Resolver) join(arg any) Result {
	expr := Render(map[string]any{"Fn::Join": arg})
	l, ok := arg.([]any)
	if !ok || len(l) != 2 {
		return unknown("Fn::Join needs a delimiter and a list", expr)
	}
	delim, ok := r.Resolve(l[0]).String()
	if !ok {
		return unknown("the Fn::Join delimiter is not a literal", expr)
	}
	list := r.Resolve(l[1])
	if list.Kind != Known {
		u := list.AsUnknown(Render(l[1]))
		return unknown("the list joined is not known: "+u.Reason, expr)
	}
	items, ok := list.Value.([]any)
	if !ok {
		return unknown("Fn::Join needs a list", expr)
	}
	var parts []Part
	n := 0
	for _, it := range items {
		v := r.Resolve(it)
		if v.Kind == NoValue {
			continue
		}
		if n > 0 {
			parts = append(parts, Part{Text: delim})
		}
		n++
		parts = append(parts, asParts(v, Render(it))...)
	}
	return concat(parts)
}
