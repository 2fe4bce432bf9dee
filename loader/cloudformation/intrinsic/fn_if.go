package intrinsic

// ifFn evaluates Fn::If [condition, then, else]. When the condition cannot be
// evaluated the result is known only if both branches agree.
func (r *Resolver) ifFn(arg any) Result {
	expr := Render(map[string]any{"Fn::If": arg})
	l, ok := arg.([]any)
	if !ok || len(l) != 3 {
		return unknown("Fn::If needs a condition and two values", expr)
	}
	name, ok := l[0].(string)
	if !ok {
		return unknown("the Fn::If condition is not a name", expr)
	}
	v, known, why := r.Condition(name)
	if known {
		if v {
			return r.Resolve(l[1])
		}
		return r.Resolve(l[2])
	}
	a, b := r.Resolve(l[1]), r.Resolve(l[2])
	if Equal(a, b) {
		return a
	}
	reason := "depends on condition " + name
	if why != nil && why.Reason != "" {
		reason += " (" + why.Reason + ")"
	}
	return unknown(reason, expr)
}
