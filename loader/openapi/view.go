package openapi

import (
	"strings"

	"github.com/authlint/authlint/loader/internal/apigw"
)

// placeholderText stands in for a CloudFormation intrinsic where OpenAPI
// expects text; the builder never reads it (it reads the original document).
const placeholderText = "authlint:intrinsic"

// IsIntrinsic reports whether v is a CloudFormation intrinsic function object:
// a single-key map whose key is Ref, Condition or Fn::*, and returns the key.
func IsIntrinsic(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	for k := range m {
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return k, true
		}
	}
	return "", false
}

// structureView is the part of the document that authorization depends on,
// in the shape kin-openapi reads: the version, info, paths with their
// operations' security, root security and the security schemes.
//
// Models, parameters, request bodies and responses are left out. They do not
// decide authorization, and real documents carry mistakes there that API
// Gateway tolerates (a $ref to its built-in Empty model that the document
// does not define, required: true on a property); a strict reading of them
// would stop every check for the whole API.
//
// References to path items and security schemes are replaced by what they
// point to (resolved by the builder's own resolver, which never leaves the
// document), so kin-openapi follows no reference. Intrinsics become
// placeholders of the type OpenAPI expects there, x- extensions are left out
// (kin-openapi keeps them as opaque values anyway).
func structureView(r *raw, v2 bool) map[string]any {
	out := structureViewWithoutPaths(r, v2)
	doc, _ := r.root.(map[string]any)
	if v, ok := doc["paths"]; ok {
		out["paths"] = pathsView(r, v)
	}
	return out
}

// structureViewWithoutPaths is structureView without its paths.
func structureViewWithoutPaths(r *raw, v2 bool) map[string]any {
	doc, _ := r.root.(map[string]any)
	out := map[string]any{}
	for _, k := range []string{"openapi", "swagger"} {
		if v, ok := doc[k]; ok {
			out[k] = text(v)
		}
	}
	if v, ok := doc["info"]; ok {
		info := map[string]any{}
		if m, ok := object(v); ok {
			for _, k := range []string{"title", "version", "description"} {
				if f, ok := m[k]; ok {
					info[k] = text(f)
				}
			}
		}
		out["info"] = orValue(info, v)
	}
	if v, ok := doc["security"]; ok {
		out["security"] = securityView(v)
	}
	schemesKey := "components"
	if v2 {
		schemesKey = "securityDefinitions"
	}
	if v, ok := doc[schemesKey]; ok {
		if v2 {
			out[schemesKey] = schemesView(r, "/securityDefinitions", v)
		} else if m, ok := object(v); ok {
			if ss, ok := m["securitySchemes"]; ok {
				out[schemesKey] = map[string]any{"securitySchemes": schemesView(r, "/components/securitySchemes", ss)}
			} else {
				out[schemesKey] = map[string]any{}
			}
		} else {
			out[schemesKey] = orValue(map[string]any{}, v)
		}
	}
	return out
}

// text turns a scalar into text (YAML writers leave version: 1.0 unquoted)
// and an intrinsic into a placeholder; other shapes are kept for kin-openapi
// to reject.
func text(v any) any {
	if s, ok := apigw.Scalar(v); ok {
		return s
	}
	if _, ok := IsIntrinsic(v); ok {
		return placeholderText
	}
	return v
}

// isObjectLike is true for maps (intrinsics included) and nil.
func isObjectLike(v any) bool {
	_, ok := v.(map[string]any)
	return ok || v == nil
}

// orValue uses the view for an object (or an intrinsic or null in its place)
// and keeps any other shape as it is, for kin-openapi to report.
func orValue(view map[string]any, v any) any {
	if !isObjectLike(v) {
		return v
	}
	return view
}

func pathsView(r *raw, v any) any {
	m, ok := object(v)
	if !ok {
		return orValue(map[string]any{}, v)
	}
	out := make(map[string]any, len(m))
	for path, item := range m {
		if strings.HasPrefix(path, "x-") {
			continue
		}
		out[path] = pathItemView(r, apigw.Ptr("/paths", path), item)
	}
	return out
}

func pathItemView(r *raw, p string, v any) any {
	if _, ok := refOf(v); ok {
		_, target, found, err := r.resolve(p)
		if err != nil || !found {
			// Unreadable targets are reported by the builder.
			return map[string]any{}
		}
		v = target
	}
	m, ok := object(v)
	if !ok {
		return orValue(map[string]any{}, v)
	}
	out := map[string]any{}
	for _, vb := range verbs {
		if strings.HasPrefix(vb.key, "x-") {
			continue
		}
		op, present := m[vb.key]
		if !present {
			continue
		}
		om, ok := object(op)
		if !ok {
			out[vb.key] = orValue(map[string]any{}, op)
			continue
		}
		view := map[string]any{}
		if sec, ok := om["security"]; ok {
			view["security"] = securityView(sec)
		}
		out[vb.key] = view
	}
	return out
}

// securityView keeps a security requirement list. A list written as a single
// object (security: {Auth: []}, which SAM accepts) is left to the builder,
// which cannot tell what API Gateway makes of it either.
func securityView(v any) any {
	list, ok := v.([]any)
	if !ok {
		return []any{}
	}
	out := make([]any, len(list))
	for i, req := range list {
		m, ok := req.(map[string]any)
		if !ok {
			out[i] = req
			continue
		}
		if _, fn := IsIntrinsic(m); fn {
			out[i] = map[string]any{}
			continue
		}
		rv := make(map[string]any, len(m))
		for name, scopes := range m {
			switch t := scopes.(type) {
			case []any:
				items := make([]any, len(t))
				for j, s := range t {
					items[j] = text(s)
				}
				rv[name] = items
			case nil:
				rv[name] = []any{}
			default:
				if _, fn := IsIntrinsic(t); fn {
					rv[name] = []any{}
				} else {
					rv[name] = t
				}
			}
		}
		out[i] = rv
	}
	return out
}

// schemeFields are the security scheme fields kin-openapi reads as text.
var schemeFields = []string{"type", "name", "in", "scheme", "bearerFormat", "openIdConnectUrl", "description",
	"flow", "authorizationUrl", "tokenUrl"}

func schemesView(r *raw, base string, v any) any {
	m, ok := object(v)
	if !ok {
		return orValue(map[string]any{}, v)
	}
	out := make(map[string]any, len(m))
	for name, sv := range m {
		if _, isRef := refOf(sv); isRef {
			_, target, found, err := r.resolve(apigw.Ptr(base, name))
			if err != nil || !found {
				out[name] = map[string]any{}
				continue
			}
			sv = target
		}
		sm, ok := object(sv)
		if !ok {
			out[name] = orValue(map[string]any{}, sv)
			continue
		}
		view := map[string]any{}
		for _, f := range schemeFields {
			if fv, ok := sm[f]; ok {
				view[f] = text(fv)
			}
		}
		if flows, ok := sm["flows"]; ok {
			view["flows"] = flowsView(flows)
		}
		if scopes, ok := sm["scopes"]; ok {
			view["scopes"] = scopesView(scopes)
		}
		out[name] = view
	}
	return out
}

func flowsView(v any) any {
	m, ok := object(v)
	if !ok {
		return orValue(map[string]any{}, v)
	}
	out := make(map[string]any, len(m))
	for k, f := range m {
		if strings.HasPrefix(k, "x-") {
			continue
		}
		fm, ok := object(f)
		if !ok {
			out[k] = orValue(map[string]any{}, f)
			continue
		}
		view := map[string]any{}
		for _, field := range []string{"authorizationUrl", "tokenUrl", "refreshUrl"} {
			if fv, ok := fm[field]; ok {
				view[field] = text(fv)
			}
		}
		if s, ok := fm["scopes"]; ok {
			view["scopes"] = scopesView(s)
		}
		out[k] = view
	}
	return out
}

// scopesView keeps an OAuth scope map (name → description).
func scopesView(v any) any {
	m, ok := object(v)
	if !ok {
		return orValue(map[string]any{}, v)
	}
	out := make(map[string]any, len(m))
	for k, d := range m {
		out[k] = text(d)
	}
	return out
}
