package cloudformation

import (
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// prop returns a property, treating AWS::NoValue (also through Fn::If) as
// absent.
func (t *template) prop(m map[string]any, key string) (any, bool) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, false
	}
	if fn, _, isFn := intrinsic.IsIntrinsic(v); isFn {
		// Fn::Sub and Fn::GetAtt never yield AWS::NoValue: not evaluated
		// twice (the caller evaluates the value itself).
		if fn == "Fn::Sub" || fn == "Fn::GetAtt" {
			return v, true
		}
		if t.res.Resolve(v).Kind == intrinsic.NoValue {
			return nil, false
		}
	}
	return v, true
}

// str converts a property value at ptr (property values point at their key).
func (t *template) str(v any, ptr string) model.String {
	return t.strAt(v, t.keyLoc(ptr))
}

func (t *template) strAt(v any, loc model.Loc) model.String {
	res := t.res.Resolve(v)
	if s, ok := res.String(); ok {
		return model.Known(s, loc)
	}
	if res.Kind == intrinsic.Known {
		return model.UnknownString(model.Unknown{Reason: "expected text, found " + apigw.Describe(res.Value)}, loc)
	}
	return model.UnknownString(*res.AsUnknown(intrinsic.Render(v)), loc)
}

// optStr returns nil when the property is absent.
func (t *template) optStr(r *resource, key string) *model.String {
	v, ok := t.prop(r.props, key)
	if !ok {
		return nil
	}
	s := t.str(v, r.propPtr(key))
	return &s
}

func (t *template) boolean(v any, ptr string) model.Bool {
	loc := t.keyLoc(ptr)
	res := t.res.Resolve(v)
	if res.Kind == intrinsic.Known {
		switch b := res.Value.(type) {
		case bool:
			return model.KnownBool(b, loc)
		case string:
			if pb, err := strconv.ParseBool(strings.TrimSpace(b)); err == nil {
				return model.KnownBool(pb, loc)
			}
		}
		return model.Bool{Unknown: &model.Unknown{Reason: "expected true or false, found " + apigw.Describe(res.Value)}, Loc: loc}
	}
	return model.Bool{Unknown: res.AsUnknown(intrinsic.Render(v)), Loc: loc}
}

func (t *template) optBool(r *resource, key string) *model.Bool {
	v, ok := t.prop(r.props, key)
	if !ok {
		return nil
	}
	b := t.boolean(v, r.propPtr(key))
	return &b
}

func (t *template) integer(v any, ptr string) model.Int {
	loc := t.keyLoc(ptr)
	res := t.res.Resolve(v)
	if s, ok := res.String(); ok {
		if i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			return model.KnownInt(i, loc)
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && f == float64(int64(f)) {
			return model.KnownInt(int64(f), loc)
		}
		return model.Int{Unknown: &model.Unknown{Reason: "expected a number, found " + strconv.Quote(s)}, Loc: loc}
	}
	if res.Kind == intrinsic.Known {
		return model.Int{Unknown: &model.Unknown{Reason: "expected a number, found " + apigw.Describe(res.Value)}, Loc: loc}
	}
	return model.Int{Unknown: res.AsUnknown(intrinsic.Render(v)), Loc: loc}
}

func (t *template) optInt(r *resource, key string) *model.Int {
	v, ok := t.prop(r.props, key)
	if !ok {
		return nil
	}
	i := t.integer(v, r.propPtr(key))
	return &i
}

// list converts a list property (items may be intrinsics; the whole list may
// be an intrinsic such as a CommaDelimitedList parameter).
func (t *template) list(v any, ptr string) model.Strings {
	out := model.Strings{Items: []model.String{}, Loc: t.keyLoc(ptr)}
	if _, _, isFn := intrinsic.IsIntrinsic(v); isFn {
		res := t.res.Resolve(v)
		switch res.Kind {
		case intrinsic.Known:
			v = res.Value
		case intrinsic.NoValue:
			return out
		default:
			if _, isStr := v.(string); !isStr {
				out.Unknown = res.AsUnknown(intrinsic.Render(v))
				return out
			}
		}
	}
	switch l := v.(type) {
	case []any:
		for i, it := range l {
			if _, _, isFn := intrinsic.IsIntrinsic(it); isFn && t.res.Resolve(it).Kind == intrinsic.NoValue {
				continue
			}
			out.Items = append(out.Items, t.strAt(it, t.valLoc(ptr+"/"+strconv.Itoa(i))))
		}
	case nil:
	default:
		out.Items = append(out.Items, t.str(l, ptr))
	}
	return out
}

func (t *template) optList(r *resource, key string) *model.Strings {
	v, ok := t.prop(r.props, key)
	if !ok {
		return nil
	}
	l := t.list(v, r.propPtr(key))
	return &l
}

// objectProp reads a property that must be an object. A known Fn::If is followed
// to its branch (the returned pointer says where that branch is written);
// AWS::NoValue yields nil; any other intrinsic in place of the object, or a
// value of another shape, is unknown: it says "is <why>" so callers can prefix
// the property's name.
func (t *template) objectProp(v any, ptr string) (map[string]any, string, *model.Unknown) {
	for range maxBranchDepth {
		fn, arg, isFn := intrinsic.IsIntrinsic(v)
		if !isFn {
			break
		}
		if fn == "Fn::If" {
			l, _ := arg.([]any)
			if len(l) == 3 {
				if name, ok := l[0].(string); ok {
					if val, known, _ := t.res.Condition(name); known {
						sub := 2
						if val {
							sub = 1
						}
						v, ptr = l[sub], ptr+"/Fn::If/"+strconv.Itoa(sub)
						continue
					}
				}
			}
		}
		res := t.res.Resolve(v)
		switch res.Kind {
		case intrinsic.NoValue:
			return nil, ptr, nil
		case intrinsic.Known:
			// A lookup that yields an object (Fn::FindInMap): its entries have
			// no position of their own, so they point at the expression.
			if m, ok := res.Value.(map[string]any); ok {
				return m, ptr, nil
			}
			return nil, ptr, &model.Unknown{Reason: "is " + apigw.Describe(res.Value) + ", not an object", Expr: intrinsic.Render(v)}
		case intrinsic.Parts, intrinsic.Unknowable:
			u := res.AsUnknown(intrinsic.Render(v))
			return nil, ptr, &model.Unknown{Reason: "cannot be known statically: " + u.Reason, Expr: u.Expr}
		}
	}
	if _, _, isFn := intrinsic.IsIntrinsic(v); isFn {
		return nil, ptr, &model.Unknown{Reason: "nests conditions too deeply to be read", Expr: intrinsic.Render(v)}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, ptr, &model.Unknown{Reason: "is " + describe(v) + ", not an object"}
	}
	return m, ptr, nil
}

// maxBranchDepth bounds the Fn::If chain objectProp follows.
const maxBranchDepth = 16

// values adapts the template to apigw.Values for shared helpers (policy
// documents, response parameters).
type values struct{ t *template }

func (v values) Loc(ptr string) model.Loc { return v.t.keyLoc(ptr) }

func (v values) KeyLoc(ptr string) model.Loc { return v.t.keyLoc(ptr) }

func (v values) String(x any, ptr string) model.String { return v.t.str(x, ptr) }

// link resolves a reference to another object (!Ref Authorizer, !Ref Pool).
// want lists the resource types the link may point at; kind names them.
func (t *template) link(v any, ptr string, kind string, want ...string) *model.Link {
	loc := t.keyLoc(ptr)
	res := t.res.Resolve(v)
	if ref := res.SingleRef(); ref != nil {
		if ref.Missing() {
			return t.missing(ref.LogicalID, loc)
		}
		if slices.Contains(want, ref.Type) {
			return &model.Link{Target: t.refOf(ref), Loc: loc}
		}
		return &model.Link{Missing: &model.Missing{Name: ref.LogicalID, Reason: ref.LogicalID + " is a " + ref.Type + ", not a " + kind}, Loc: loc}
	}
	if s, ok := res.String(); ok {
		return &model.Link{Unknown: &model.Unknown{Reason: "a literal id (" + s + ") names a " + kind + " outside the template", Expr: s}, Loc: loc}
	}
	u := res.AsUnknown(intrinsic.Render(v))
	if u == nil {
		u = &model.Unknown{Reason: "not a reference", Expr: intrinsic.Render(v)}
	}
	return &model.Link{Unknown: u, Loc: loc}
}
