package intrinsic

import (
	"strings"

	"github.com/authlint/authlint/internal/model"
)

// sub evaluates Fn::Sub: "text ${Name} ${Res.Attr} ${!Literal}" with an
// optional variable map.
func (r *Resolver) sub(arg any) Result {
	// The expression is written out only for an unknown result.
	expr := func() string { return Render(map[string]any{"Fn::Sub": arg}) }
	var (
		text string
		vars map[string]any
	)
	switch t := arg.(type) {
	case string:
		text = t
	case []any:
		if len(t) != 2 {
			return unknown("Fn::Sub needs a string and a variable map", expr())
		}
		s := r.Resolve(t[0])
		str, ok := s.String()
		if !ok {
			return unknown("the Fn::Sub template is not a literal", expr())
		}
		text = str
		if m, ok := t[1].(map[string]any); ok {
			vars = m
		} else {
			return unknown("the Fn::Sub variables are not an object", expr())
		}
	default:
		return unknown("Fn::Sub needs a string", expr())
	}
	if u := dynamicReference(text); u != nil {
		return Result{Kind: Unknowable, Unknown: u}
	}
	var parts []Part
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			parts = append(parts, Part{Text: text})
			break
		}
		parts = append(parts, Part{Text: text[:i]})
		name, after, ok := strings.Cut(text[i+2:], "}")
		if !ok {
			parts = append(parts, Part{Text: text[i:]})
			break
		}
		text = after
		if strings.HasPrefix(name, "!") {
			// ${!Literal} writes ${Literal}.
			parts = append(parts, Part{Text: "${" + name[1:] + "}"})
			continue
		}
		parts = append(parts, r.subVar(strings.TrimSpace(name), vars)...)
	}
	return concat(parts)
}

func (r *Resolver) subVar(name string, vars map[string]any) []Part {
	if v, ok := vars[name]; ok {
		return asParts(r.Resolve(v), Render(v))
	}
	if strings.HasPrefix(name, "AWS::") {
		return asParts(r.pseudo(name, name), name)
	}
	if _, ok := r.Params[name]; ok {
		res := r.ref(name)
		if _, isList := res.Value.([]any); res.Kind == Known && isList {
			// A list parameter inside text: CloudFormation rejects it.
			return []Part{{Unknown: &model.Unknown{Reason: "a list parameter used inside Fn::Sub", Expr: name}}}
		}
		return asParts(res, "!Ref "+name)
	}
	if res, attr, ok := strings.Cut(name, "."); ok {
		return []Part{{Ref: &Ref{LogicalID: res, Attr: attr, Type: r.Resources[res]}}}
	}
	return []Part{{Ref: &Ref{LogicalID: name, Type: r.Resources[name]}}}
}
