package cloudformation

import (
	"context"
	"strconv"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// prepareBody turns an inline body (Body, DefinitionBody) into a document the
// OpenAPI reader can walk: structural Fn::If are decided (a known condition
// picks its branch; an unknown one keeps the branch that defines something,
// since the object may exist), AWS::NoValue entries are removed, and SAM's
// "NONE" security marker is dropped. A body that is a JSON/YAML string is
// parsed. The map says where every piece of the result is written.
func (b *builder) prepareBody(ctx context.Context, t *template, body any, ptr string) (map[string]any, *origin.Map, *model.Unknown) {
	m := origin.New(ptr)
	if fn, arg, ok := intrinsic.IsIntrinsic(body); ok {
		switch fn {
		case "Fn::Transform":
			doc, view, u := b.include(ctx, t, arg, ptr)
			if u != nil {
				return nil, nil, u
			}
			m := origin.New("")
			m.SubtreeIn("", view.file, "")
			return b.normalizeDoc(t, doc, m), m, nil
		case "Fn::If":
			chosen, sub, ok := b.chooseBranch(t, arg)
			if !ok {
				return nil, nil, &model.Unknown{Reason: "the body depends on a condition", Expr: intrinsic.Render(body)}
			}
			m = origin.New(ptr + "/Fn::If/" + strconv.Itoa(sub))
			body = chosen
		default:
			res := t.res.Resolve(body)
			if res.Kind != intrinsic.Known {
				return nil, nil, res.AsUnknown(intrinsic.Render(body))
			}
			body = res.Value
		}
	}
	if s, ok := body.(string); ok {
		doc, err := yamltree.Parse([]byte(s))
		if err != nil {
			return nil, nil, &model.Unknown{Reason: "the body is text that is not valid JSON or YAML: " + err.Error()}
		}
		v, err := doc.Decode(yamltree.Options{CloudFormationTags: true, KeepUnknownTags: true})
		if err != nil {
			return nil, nil, &model.Unknown{Reason: "the body text cannot be decoded: " + err.Error()}
		}
		// Positions inside a text body are the text's own position.
		m = origin.New(ptr)
		m.Pin("", ptr)
		body = v
	}
	doc, ok := body.(map[string]any)
	if !ok {
		return nil, nil, &model.Unknown{Reason: "the body is " + describe(body) + ", not an OpenAPI object"}
	}
	return b.normalizeDoc(t, doc, m), m, nil
}

// normalizeDoc decides structural intrinsics of a document (see prepareBody).
func (b *builder) normalizeDoc(t *template, doc map[string]any, m *origin.Map) map[string]any {
	n := &normalizer{b: b, t: t, m: m}
	out := n.value(doc, "", "")
	res, _ := out.(map[string]any)
	if res == nil {
		res = map[string]any{}
	}
	n.dropNoneMarker(res)
	return res
}

// chooseBranch decides an Fn::If at a structural position; sub is the index of
// the chosen argument (1 or 2).
func (b *builder) chooseBranch(t *template, arg any) (any, int, bool) {
	l, ok := arg.([]any)
	if !ok || len(l) != 3 {
		return nil, 0, false
	}
	name, _ := l[0].(string)
	v, known, _ := t.res.Condition(name)
	switch {
	case known && v:
		return l[1], 1, true
	case known:
		return l[2], 2, true
	}
	if isNoValue(l[1]) {
		return l[2], 2, true
	}
	return l[1], 1, true
}

func isNoValue(v any) bool {
	fn, arg, ok := intrinsic.IsIntrinsic(v)
	return ok && fn == "Ref" && arg == "AWS::NoValue"
}

type normalizer struct {
	b *builder
	t *template
	m *origin.Map
}

// value copies v (at docPtr in the source document, newPtr in the result),
// deciding structural Fn::If. Leaf intrinsics stay for the Env to resolve.
func (n *normalizer) value(v any, docPtr, newPtr string) any {
	if fn, arg, ok := intrinsic.IsIntrinsic(v); ok {
		if fn == "Fn::If" {
			l, _ := arg.([]any)
			if len(l) == 3 && (structural(l[1]) || structural(l[2])) {
				chosen, sub, ok := n.b.chooseBranch(n.t, arg)
				if !ok {
					return v
				}
				if isNoValue(chosen) {
					return noValue{}
				}
				src := docPtr + "/Fn::If/" + strconv.Itoa(sub)
				file, tpl, _ := n.m.ResolveFile(src)
				n.m.SubtreeIn(newPtr, file, tpl)
				return n.value(chosen, src, newPtr)
			}
		}
		if isNoValue(v) {
			return noValue{}
		}
		return v
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			seg := "/" + yamltree.Escape(k)
			c := n.value(e, docPtr+seg, newPtr+seg)
			if _, drop := c.(noValue); drop {
				continue
			}
			out[k] = c
		}
		return out
	case []any:
		out := make([]any, 0, len(t))
		for i, e := range t {
			np := newPtr + "/" + strconv.Itoa(len(out))
			dp := docPtr + "/" + strconv.Itoa(i)
			c := n.value(e, dp, np)
			if _, drop := c.(noValue); drop {
				continue
			}
			if np != dp || newPtr != docPtr {
				file, tpl, _ := n.m.ResolveFile(dp)
				n.m.SubtreeIn(np, file, tpl)
			}
			out = append(out, c)
		}
		return out
	default:
		return v
	}
}

type noValue struct{}

func structural(v any) bool {
	if _, _, ok := intrinsic.IsIntrinsic(v); ok {
		return false
	}
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// dropNoneMarker removes {"NONE": []} security requirements when NONE is not a
// declared scheme: SAM writes it to mean "no authorizer" and API Gateway
// imports such a method without authorization.
func (n *normalizer) dropNoneMarker(doc map[string]any) {
	if declaredScheme(doc, "NONE") {
		return
	}
	paths, _ := doc["paths"].(map[string]any)
	for pk, pv := range paths {
		item, _ := pv.(map[string]any)
		for ok, ov := range item {
			op, _ := ov.(map[string]any)
			sec, isList := op["security"].([]any)
			if !isList {
				continue
			}
			base := "/paths/" + yamltree.Escape(pk) + "/" + yamltree.Escape(ok) + "/security"
			kept := make([]any, 0, len(sec))
			for i, req := range sec {
				if r, _ := req.(map[string]any); len(r) == 1 {
					if _, isNone := r["NONE"]; isNone {
						continue
					}
				}
				if len(kept) != i {
					file, tpl, pinned := n.m.ResolveFile(base + "/" + strconv.Itoa(i))
					if pinned {
						n.m.Pin(base+"/"+strconv.Itoa(len(kept)), tpl)
					} else {
						n.m.SubtreeIn(base+"/"+strconv.Itoa(len(kept)), file, tpl)
					}
				}
				kept = append(kept, req)
			}
			op["security"] = kept
		}
	}
}

func declaredScheme(doc map[string]any, name string) bool {
	if sd, ok := doc["securityDefinitions"].(map[string]any); ok {
		if _, ok := sd[name]; ok {
			return true
		}
	}
	if c, ok := doc["components"].(map[string]any); ok {
		if ss, ok := c["securitySchemes"].(map[string]any); ok {
			if _, ok := ss[name]; ok {
				return true
			}
		}
	}
	return false
}

// bodyEnv is the openapi.Env for a document inline in (or generated from) a
// template.
type bodyEnv struct {
	b *builder
	t *template
	m *origin.Map
}

func (e *bodyEnv) Loc(ptr string) model.Loc {
	file, tpl, pinned := e.m.ResolveFile(ptr)
	t := e.view(file)
	if pinned {
		return t.keyLoc(tpl)
	}
	return t.valLoc(tpl)
}

func (e *bodyEnv) KeyLoc(ptr string) model.Loc {
	file, tpl, _ := e.m.ResolveFile(ptr)
	return e.view(file).keyLoc(tpl)
}

// view is the template, or the file an included document came from.
func (e *bodyEnv) view(file string) *template {
	if file == "" {
		return e.t
	}
	if v := e.b.views[file]; v != nil {
		return v
	}
	return e.t
}

func (e *bodyEnv) String(v any, ptr string) model.String {
	return e.t.strAt(v, e.Loc(ptr))
}

func (e *bodyEnv) ProviderARN(v any, ptr string) model.ProviderARN {
	return e.b.providerARN(e.t, v, e.Loc(ptr))
}
