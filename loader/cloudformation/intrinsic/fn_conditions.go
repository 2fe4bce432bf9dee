package intrinsic

import (
	"fmt"
	"reflect"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// Condition evaluates a named condition of the template. known is false when
// it depends on something that cannot be known statically; why says what.
func (r *Resolver) Condition(name string) (value, known bool, why *model.Unknown) {
	if r.depth == 0 {
		r.steps = 0
	}
	if r.conds == nil {
		r.conds = map[string]condResult{}
	}
	if c, ok := r.conds[name]; ok {
		if c.running {
			r.limited = true
			return false, false, &model.Unknown{Reason: fmt.Sprintf("condition %s refers to itself", name), Expr: "!Condition " + name}
		}
		return c.value, c.known, c.why
	}
	def, ok := r.Conditions[name]
	if !ok {
		return false, false, &model.Unknown{Reason: "the template defines no condition " + name, Expr: "!Condition " + name}
	}
	r.conds[name] = condResult{running: true}
	v, k, w := r.evalCondition(def)
	r.conds[name] = condResult{value: v, known: k, why: w}
	return v, k, w
}

// evalCondition evaluates a condition expression.
func (r *Resolver) evalCondition(v any) (bool, bool, *model.Unknown) {
	if r.depth > maxDepth {
		r.limited = true
		return false, false, &model.Unknown{Reason: "the condition nests too deeply"}
	}
	r.depth++
	defer func() { r.depth-- }()
	expr := Render(v)
	fn, arg, ok := IsIntrinsic(v)
	if !ok {
		if b, isBool := v.(bool); isBool {
			return b, true, nil
		}
		return false, false, &model.Unknown{Reason: "not a condition", Expr: expr}
	}
	switch fn {
	case "Condition":
		name, ok := arg.(string)
		if !ok {
			return false, false, &model.Unknown{Reason: "the condition name is not a literal", Expr: expr}
		}
		return r.Condition(name)
	case "Fn::Equals":
		l, ok := arg.([]any)
		if !ok || len(l) != 2 {
			return false, false, &model.Unknown{Reason: "Fn::Equals needs two values", Expr: expr}
		}
		a, ka := r.deepKnown(l[0])
		b, kb := r.deepKnown(l[1])
		if !ka || !kb {
			reason := "a compared value is known only at deployment"
			for _, side := range []any{l[0], l[1]} {
				if res := r.Resolve(side); res.Kind != Known {
					if u := res.AsUnknown(Render(side)); u != nil {
						reason = u.Reason
					}
					break
				}
			}
			return false, false, &model.Unknown{Reason: reason, Expr: expr}
		}
		as, aok := apigw.Scalar(a)
		bs, bok := apigw.Scalar(b)
		if aok && bok {
			return as == bs, true, nil
		}
		return reflect.DeepEqual(a, b), true, nil
	case "Fn::Not":
		l, ok := arg.([]any)
		if !ok || len(l) != 1 {
			return false, false, &model.Unknown{Reason: "Fn::Not needs one condition", Expr: expr}
		}
		b, k, w := r.evalCondition(l[0])
		return !b, k, w
	case "Fn::And", "Fn::Or":
		l, ok := arg.([]any)
		if !ok || len(l) == 0 {
			return false, false, &model.Unknown{Reason: fn + " needs conditions", Expr: expr}
		}
		isAnd := fn == "Fn::And"
		var firstWhy *model.Unknown
		allKnown := true
		for _, c := range l {
			b, k, w := r.evalCondition(c)
			if !k {
				allKnown = false
				if firstWhy == nil {
					firstWhy = w
				}
				continue
			}
			// A false operand decides And; a true one decides Or.
			if isAnd && !b {
				return false, true, nil
			}
			if !isAnd && b {
				return true, true, nil
			}
		}
		if !allKnown {
			return false, false, firstWhy
		}
		return isAnd, true, nil
	case "Fn::If":
		res := r.ifFn(arg)
		if b, ok := res.Value.(bool); ok && res.Kind == Known {
			return b, true, nil
		}
		return false, false, res.AsUnknown(expr)
	default:
		res := r.Resolve(v)
		if b, ok := res.Value.(bool); ok && res.Kind == Known {
			return b, true, nil
		}
		if s, ok := res.String(); ok && (s == "true" || s == "false") {
			return s == "true", true, nil
		}
		return false, false, &model.Unknown{Reason: fn + " is not a condition function", Expr: expr}
	}
}
