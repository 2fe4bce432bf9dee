package openapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// API Gateway extension keys.
const (
	extAuthorizer       = "x-amazon-apigateway-authorizer"
	extAuthtype         = "x-amazon-apigateway-authtype"
	extAuth             = "x-amazon-apigateway-auth"
	extAnyMethod        = "x-amazon-apigateway-any-method"
	extIntegration      = "x-amazon-apigateway-integration"
	extPolicy           = "x-amazon-apigateway-policy"
	extGatewayResponses = "x-amazon-apigateway-gateway-responses"
	extAPIKeySource     = "x-amazon-apigateway-api-key-source" //nolint:gosec // an extension name, not a credential
	extEndpointConfig   = "x-amazon-apigateway-endpoint-configuration"
	extIgnore           = "x-authlint-ignore"
)

// verbs are the operations of a path item in the order methods are listed.
var verbs = []struct{ key, method string }{
	{"get", "GET"}, {"put", "PUT"}, {"post", "POST"}, {"delete", "DELETE"}, {"options", "OPTIONS"},
	{"head", "HEAD"}, {"patch", "PATCH"}, {"trace", "TRACE"}, {extAnyMethod, "ANY"},
}

type builder struct {
	r    *raw
	doc  map[string]any
	env  Env
	opts Options
	v2   bool

	api     *model.RestAPI
	schemes map[string]*scheme
	// schemesUnknown is set when the scheme declarations cannot be read as a
	// whole: a name missing from them is then unknown, not missing.
	schemesUnknown *model.Unknown
	methodsUnknown []string
	sups           []model.Suppression
}

func (b *builder) build(version string) *model.RestAPI {
	b.api = &model.RestAPI{
		Object:           model.Object{Ref: b.opts.APIRef, Loc: b.env.Loc("")},
		Origin:           b.opts.Origin,
		Authorizers:      []model.Authorizer{},
		Methods:          make([]model.Method, 0, b.operationCount()),
		GatewayResponses: []model.GatewayResponse{},
	}
	b.suppressions(b.doc, "", b.opts.APIRef)
	b.info()
	b.openAPIInfo(version)
	b.readSchemes()
	b.readPaths()
	if len(b.methodsUnknown) > 0 {
		b.api.MethodsUnknown = &model.Unknown{Reason: joinReasons(b.methodsUnknown)}
	}
	b.rootExtensions()
	return b.api
}

// operationCount is the number of operations written in the paths (path
// items behind a $ref not counted), the capacity of the method list: a
// method is a large value, and growing the list by doubling copies and
// clears it again and again on an API of thousands.
func (b *builder) operationCount() int {
	paths, _ := object(b.doc["paths"])
	n := 0
	for _, item := range paths {
		if m, ok := object(item); ok {
			for _, vb := range verbs {
				if m[vb.key] != nil {
					n++
				}
			}
		}
	}
	return n
}

func (b *builder) info() {
	info, ok := object(b.doc["info"])
	if !ok {
		return
	}
	if t, ok := info["title"]; ok {
		s := b.env.String(t, "/info/title")
		b.api.Name = &s
	}
}

func (b *builder) openAPIInfo(version string) {
	key := "/openapi"
	if b.v2 {
		key = "/swagger"
	}
	oi := &model.OpenAPIInfo{Version: version, Loc: b.env.KeyLoc(key)}
	if sec, ok := b.doc["security"].([]any); ok {
		var names []string
		for _, req := range sec {
			if m, ok := object(req); ok {
				for _, n := range sortedKeys(m) {
					if !slices.Contains(names, n) {
						names = append(names, n)
					}
				}
			}
		}
		if len(names) > 0 {
			oi.RootSecurity = &model.SecurityRequirement{Schemes: names, Loc: b.env.KeyLoc("/security")}
		}
	}
	b.api.OpenAPI = oi
}

func (b *builder) rootExtensions() {
	if v, ok := b.doc[extPolicy]; ok {
		if _, fn := IsIntrinsic(v); fn {
			b.api.ResourcePolicy = &model.Policy{Statements: []model.PolicyStatement{}, Unknown: b.unknownOf(v, extPolicy), Loc: b.env.Loc("/" + extPolicy)}
		} else {
			b.api.ResourcePolicy = apigw.Policy(v, "/"+extPolicy, b.env)
		}
	}
	b.gatewayResponses()
	if v, ok := b.doc[extAPIKeySource]; ok {
		s := b.env.String(v, "/"+extAPIKeySource)
		if val, known := s.Get(); known {
			s = model.Known(strings.ToUpper(strings.TrimSpace(val)), s.Loc)
		}
		b.api.APIKeySource = &s
	}
	if v, ok := b.doc[extEndpointConfig]; ok {
		p := "/" + extEndpointConfig
		if m, ok := object(v); ok {
			if d, ok := m["disableExecuteApiEndpoint"]; ok {
				bv := b.boolValue(d, p+"/disableExecuteApiEndpoint")
				b.api.DisableExecuteAPIEndpoint = &bv
			}
		} else {
			b.api.DisableExecuteAPIEndpoint = &model.Bool{Unknown: b.unknownOf(v, extEndpointConfig), Loc: b.env.Loc(p)}
		}
	}
	b.endpointType()
}

// endpointType: the document does not name its endpoint type (the import
// or the template does), but VPC endpoint ids are accepted only on a
// PRIVATE API, at the root (Swagger 2.0) or on a server (OpenAPI 3).
func (b *builder) endpointType() {
	configs := map[string]any{"/" + extEndpointConfig: b.doc[extEndpointConfig]}
	if servers, ok := b.doc["servers"].([]any); ok {
		for i, sv := range servers {
			if m, ok := object(sv); ok {
				configs[apigw.Ptr(apigw.Ptr("/servers", i), extEndpointConfig)] = m[extEndpointConfig]
			}
		}
	}
	for _, p := range slices.Sorted(maps.Keys(configs)) {
		m, ok := object(configs[p])
		if !ok {
			continue
		}
		ids := apigw.StringList(m["vpcEndpointIds"], p+"/vpcEndpointIds", b.env)
		if len(ids.Items) > 0 {
			s := model.Known(apigw.EndpointPrivate, ids.Loc)
			b.api.EndpointType = &s
			return
		}
	}
}

func (b *builder) gatewayResponses() {
	v, ok := b.doc[extGatewayResponses]
	if !ok {
		return
	}
	p := "/" + extGatewayResponses
	m, ok := object(v)
	if !ok {
		b.api.GatewayResponsesUnknown = b.unknownOf(v, extGatewayResponses)
		return
	}
	for _, typ := range sortedKeys(m) {
		rp := apigw.Ptr(p, typ)
		loc := b.env.KeyLoc(rp)
		gr := model.GatewayResponse{
			Object:  model.Object{Ref: b.opts.APIRef + "/gatewayResponse/" + typ, Loc: loc},
			Type:    model.Known(typ, loc),
			Headers: []model.Header{},
		}
		rm, ok := object(m[typ])
		if !ok {
			if m[typ] != nil {
				gr.HeadersUnknown = b.unknownOf(m[typ], "gateway response "+typ)
			}
			b.api.GatewayResponses = append(b.api.GatewayResponses, gr)
			continue
		}
		if sc, ok := rm["statusCode"]; ok {
			s := b.env.String(sc, rp+"/statusCode")
			gr.StatusCode = &s
		}
		gr.Headers, gr.HeadersUnknown = b.headers(rm["responseParameters"], rp+"/responseParameters", apigw.GatewayHeaderPrefix)
		b.api.GatewayResponses = append(b.api.GatewayResponses, gr)
	}
}

// headers reads response parameters; an intrinsic in their place is unknown.
func (b *builder) headers(params any, p, prefix string) ([]model.Header, *model.Unknown) {
	if _, fn := IsIntrinsic(params); fn {
		return []model.Header{}, b.unknownOf(params, "responseParameters")
	}
	return apigw.Headers(params, p, prefix, b.env)
}

// unknownOf explains why a value authlint expected to read is not readable.
func (b *builder) unknownOf(v any, what string) *model.Unknown {
	if fn, ok := IsIntrinsic(v); ok {
		return &model.Unknown{Reason: fmt.Sprintf("%s is %s, which CloudFormation resolves at deploy time", what, fn), Expr: exprOf(v)}
	}
	if ref, ok := refOf(v); ok {
		if _, internal := internalTarget(ref); !internal {
			return &model.Unknown{Reason: what + ": " + refReason(ref), Expr: ref}
		}
	}
	return &model.Unknown{Reason: fmt.Sprintf("%s is %s", what, apigw.Describe(v))}
}

// exprOf renders an intrinsic compactly for Unknown.Expr.
func exprOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	const limit = 200
	if len(b) > limit {
		return string(b[:limit]) + "…"
	}
	return string(b)
}

// boolValue reads a boolean (or its text) at pointer.
func (b *builder) boolValue(v any, p string) model.Bool {
	loc := b.env.Loc(p)
	if t, ok := v.(bool); ok {
		return model.KnownBool(t, loc)
	}
	s := b.env.String(v, p)
	if val, known := s.Get(); known {
		if t, err := strconv.ParseBool(strings.TrimSpace(val)); err == nil {
			return model.KnownBool(t, s.Loc)
		}
		return model.Bool{Unknown: &model.Unknown{Reason: fmt.Sprintf("%q is not a boolean", val)}, Loc: s.Loc}
	}
	return model.Bool{Unknown: s.Unknown, Loc: s.Loc}
}

// intValue reads an integer (or its text) at pointer.
func (b *builder) intValue(v any, p string) model.Int {
	loc := b.env.Loc(p)
	switch t := v.(type) {
	case int64:
		return model.KnownInt(t, loc)
	case int:
		return model.KnownInt(int64(t), loc)
	case float64:
		if t == float64(int64(t)) {
			return model.KnownInt(int64(t), loc)
		}
	}
	s := b.env.String(v, p)
	if val, known := s.Get(); known {
		if n, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64); err == nil {
			return model.KnownInt(n, s.Loc)
		}
		return model.Int{Unknown: &model.Unknown{Reason: fmt.Sprintf("%q is not an integer", val)}, Loc: s.Loc}
	}
	return model.Int{Unknown: s.Unknown, Loc: s.Loc}
}

func joinReasons(rs []string) string {
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return rs[0]
	default:
		return fmt.Sprintf("%s (and %d more)", rs[0], len(rs)-1)
	}
}

// object returns v as an object; an intrinsic function is not one.
func object(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	if _, fn := IsIntrinsic(m); fn {
		return nil, false
	}
	return m, true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
