package cloudformation

import (
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

const typeUserPool = "AWS::Cognito::UserPool"

// providerARNs converts an authorizer's ProviderARNs.
func (b *builder) providerARNs(t *template, v any, ptr string) model.ProviderARNs {
	out := model.ProviderARNs{Loc: t.keyLoc(ptr)}
	out.Items, out.Unknown = listOf(t, v, ptr, out.Loc, func(it any, loc model.Loc) model.ProviderARN {
		return b.providerARN(t, it, loc)
	})
	return out
}

// listOf reads a list property whose items item turns into model values: a
// written list (items at their own positions, AWS::NoValue items left out),
// a single value, or an intrinsic that resolves to either (items at the
// property's position) or stays unknown.
func listOf[T any](t *template, v any, ptr string, loc model.Loc, item func(v any, loc model.Loc) T) ([]T, *model.Unknown) {
	out := []T{}
	if _, _, isFn := intrinsic.IsIntrinsic(v); isFn {
		res := t.res.Resolve(v)
		switch res.Kind {
		case intrinsic.Known:
			if l, ok := res.Value.([]any); ok {
				for _, it := range l {
					out = append(out, item(it, loc))
				}
				return out, nil
			}
			return append(out, item(res.Value, loc)), nil
		case intrinsic.NoValue:
			return out, nil
		default:
			return out, res.AsUnknown(intrinsic.Render(v))
		}
	}
	switch l := v.(type) {
	case []any:
		for i, it := range l {
			if isNoValue(it) {
				continue
			}
			out = append(out, item(it, t.valLoc(ptr+"/"+strconv.Itoa(i))))
		}
	default:
		out = append(out, item(v, loc))
	}
	return out, nil
}

// providerARN resolves one provider ARN and links it to the user pool it
// names: !GetAtt Pool.Arn, !Sub "arn:…:userpool/${Pool}", an Fn::Join of the
// same, or a literal ARN (known, linked to a pool of the inventory only when
// that pool's ARN is known).
func (b *builder) providerARN(t *template, v any, loc model.Loc) model.ProviderARN {
	p := model.ProviderARN{Loc: loc}
	res := t.res.Resolve(v)
	expr := intrinsic.Render(v)
	switch res.Kind {
	case intrinsic.Known:
		s, ok := res.String()
		if !ok {
			p.ARN = model.UnknownString(model.Unknown{Reason: "expected an ARN, found " + describe(res.Value)}, loc)
			return p
		}
		p.ARN = model.Known(s, loc)
		return p
	case intrinsic.Parts:
		p.ARN = model.UnknownString(*res.AsUnknown(expr), loc)
		if ref := res.SingleRef(); ref != nil && ref.Type == typeUserPool && ref.Attr == "" {
			p.ARN = model.UnknownString(model.Unknown{Reason: "!Ref of a user pool gives its id, not the ARN API Gateway expects (use !GetAtt " + ref.LogicalID + ".Arn)", Expr: expr}, loc)
		}
		p.UserPool = b.poolLink(t, res.Parts, loc)
		return p
	default:
		u := res.AsUnknown(expr)
		p.ARN = model.UnknownString(*u, loc)
		p.UserPool = &model.Link{Unknown: u, Loc: loc}
		return p
	}
}

// poolLink reads the user pool off the pieces of an ARN expression.
func (b *builder) poolLink(t *template, parts []intrinsic.Part, loc model.Loc) *model.Link {
	last := parts[len(parts)-1]
	// !GetAtt Pool.Arn
	if len(parts) == 1 && last.Ref != nil {
		ref := last.Ref
		switch {
		case ref.Missing():
			return t.missing(ref.LogicalID, loc)
		case ref.Type == typeUserPool && ref.Attr == "Arn":
			return &model.Link{Target: t.refOf(ref), Loc: loc}
		case ref.Type == typeUserPool && ref.Attr == "":
			return &model.Link{Target: t.refOf(ref), Loc: loc}
		default:
			return &model.Link{Unknown: &model.Unknown{Reason: ref.Render() + " is an attribute of a " + ref.Type + ", not a user pool ARN", Expr: ref.Render()}, Loc: loc}
		}
	}
	// …:userpool/${Pool}
	if last.Ref != nil && last.Ref.Attr == "" && len(parts) >= 2 {
		prev := parts[len(parts)-2]
		if prev.Ref == nil && prev.Unknown == nil && strings.HasSuffix(prev.Text, "userpool/") && strings.Contains(intrinsic.Text(parts), "cognito-idp") {
			ref := last.Ref
			switch {
			case ref.Missing():
				return t.missing(ref.LogicalID, loc)
			case ref.Type == typeUserPool:
				return &model.Link{Target: t.refOf(ref), Loc: loc}
			}
		}
	}
	// …:userpool/${PoolId} with PoolId imported from another stack: the
	// workspace step joins it when the exporting stack is in the scan.
	if last.Unknown != nil && last.Unknown.Import != "" && len(parts) >= 2 {
		prev := parts[len(parts)-2]
		if prev.Ref == nil && prev.Unknown == nil && strings.HasSuffix(prev.Text, "userpool/") && strings.Contains(intrinsic.Text(parts), "cognito-idp") {
			u := *last.Unknown
			u.Reason = "the pool id is " + u.Reason
			u.Expr = intrinsic.Text(parts)
			return &model.Link{Unknown: &u, Loc: loc}
		}
	}
	for _, p := range parts {
		if p.Ref != nil && p.Ref.Missing() {
			return t.missing(p.Ref.LogicalID, loc)
		}
	}
	return &model.Link{Unknown: &model.Unknown{Reason: "the ARN is built from values known only after deployment", Expr: intrinsic.Text(parts)}, Loc: loc}
}
