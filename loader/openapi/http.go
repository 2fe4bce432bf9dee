package openapi

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// HTTP API extension keys (API Gateway v2 only).
const (
	extCORS             = "x-amazon-apigateway-cors"
	extImportExport     = "x-amazon-apigateway-importexport-version"
	extDefaultRouteFlag = "isDefaultRoute"
	defaultRouteKey     = "$default"
)

// HTTPEnv is the Env of an HTTP API document: JWT issuers and audience
// entries are linked to the user pools and app clients they name.
type HTTPEnv interface {
	Env
	// Issuer resolves jwtConfiguration.issuer and links it to the user pool
	// it names, when the inventory can tell (nil otherwise).
	Issuer(v any, pointer string) (model.String, *model.Link)
	// AudienceEntry resolves one jwtConfiguration.audience entry and links
	// it to the app client (or, wrongly, the user pool) it names.
	AudienceEntry(v any, pointer string) model.AudienceEntry
}

// HTTPResult is everything ReadHTTP takes from a document.
type HTTPResult struct {
	API          *model.HTTPAPI
	Suppressions []model.Suppression
	Version      string
}

// httpAuthorizerFields are x-amazon-apigateway-authorizer fields that only
// HTTP API (Lambda) authorizers have.
var httpAuthorizerFields = []string{"authorizerPayloadFormatVersion", "enableSimpleResponses"}

// IsHTTPDocument tells a standalone OpenAPI document written for an HTTP API
// (API Gateway v2) from one written for a REST API. The rule: the document
// is OpenAPI 3 and uses something only HTTP APIs have — a security scheme
// whose x-amazon-apigateway-authorizer has type jwt, or the HTTP-only Lambda
// authorizer fields authorizerPayloadFormatVersion and enableSimpleResponses,
// or a root x-amazon-apigateway-cors or
// x-amazon-apigateway-importexport-version. REST APIs define none of them,
// so no REST document is read as an HTTP API; an HTTP API document without
// any of them (plain routes only) is read as a REST API, as before. A document used as the
// Body of an AWS::ApiGatewayV2::Api or the DefinitionBody of an
// AWS::Serverless::HttpApi is an HTTP API whatever it holds.
func IsHTTPDocument(doc map[string]any) bool {
	if _, ok := doc["openapi"]; !ok {
		return false
	}
	if _, swagger := doc["swagger"]; swagger {
		return false
	}
	if version, _, problem := detectVersion(doc); problem != "" || version == "" {
		return false
	}
	if _, ok := doc[extCORS]; ok {
		return true
	}
	if _, ok := doc[extImportExport]; ok {
		return true
	}
	comps, _ := object(doc["components"])
	schemes, _ := object(comps["securitySchemes"])
	for _, name := range sortedKeys(schemes) {
		s, _ := object(schemes[name])
		az, _ := object(s[extAuthorizer])
		if t, ok := apigw.Scalar(az["type"]); ok && strings.EqualFold(strings.TrimSpace(t), "jwt") {
			return true
		}
		// Fields of HTTP API Lambda authorizers only.
		for _, k := range httpAuthorizerFields {
			if _, ok := az[k]; ok {
				return true
			}
		}
	}
	return false
}

// ReadHTTP converts a decoded OpenAPI document (OpenAPI 3, or Swagger 2.0,
// which HTTP APIs also import) into an HTTPAPI and the document's inline
// suppressions. Like Read, it hands every value to env and returns
// *loader.Error values positioned through env.
func ReadHTTP(ctx context.Context, doc map[string]any, env HTTPEnv, opts Options) (*HTTPResult, error) {
	b, version, err := newBuilder(ctx, doc, env, opts)
	if err != nil {
		return nil, err
	}
	hb := &httpBuilder{builder: b, env: env, schemes: map[string]*httpScheme{}}
	api := hb.build()
	return &HTTPResult{API: api, Suppressions: b.sups, Version: version}, nil
}

// httpBuilder builds an HTTPAPI; the embedded builder supplies the shared
// helpers (reference resolution, unknowns, suppressions).
type httpBuilder struct {
	*builder
	env     HTTPEnv
	api     *model.HTTPAPI
	schemes map[string]*httpScheme
	// schemesUnknown is set when the scheme declarations cannot be read.
	schemesUnknown *model.Unknown
	routesUnknown  []string
}

// httpScheme is what a security scheme means for an HTTP API route.
type httpScheme struct {
	name string
	ref  string
	// routeType is JWT, CUSTOM or AWS_IAM; empty when unknown.
	routeType string
	// authorizer is true when the scheme is an authorizer routes link to.
	authorizer bool
	unknown    *model.Unknown
}

func (s *httpScheme) why() *model.Unknown {
	if s.unknown != nil {
		return s.unknown
	}
	return &model.Unknown{Reason: "security scheme " + s.name + " cannot be read"}
}

func (hb *httpBuilder) build() *model.HTTPAPI {
	hb.api = &model.HTTPAPI{
		Object:      model.Object{Ref: hb.opts.APIRef, Loc: hb.env.Loc("")},
		Origin:      hb.opts.Origin,
		Routes:      []model.Route{},
		Authorizers: []model.HTTPAuthorizer{},
		Stages:      []model.HTTPStage{},
		Deployments: []model.Deployment{},
	}
	hb.suppressions(hb.doc, "", hb.opts.APIRef)
	if info, ok := object(hb.doc["info"]); ok {
		if t, ok := info["title"]; ok {
			s := hb.env.String(t, "/info/title")
			hb.api.Name = &s
		}
	}
	hb.readSchemes()
	hb.readPaths()
	if len(hb.routesUnknown) > 0 {
		hb.api.RoutesUnknown = &model.Unknown{Reason: joinReasons(hb.routesUnknown)}
	}
	hb.readCORS()
	hb.readEndpointConfig()
	return hb.api
}

func (hb *httpBuilder) readSchemes() {
	what := "components.securitySchemes"
	if hb.v2 {
		what = "securityDefinitions"
	}
	m, u := hb.schemeDecls(hb.schemesBase(), what)
	if u != nil {
		hb.schemesUnknown = u
		hb.api.AuthorizersUnknown = u
		return
	}
	for _, name := range sortedKeys(m) {
		hb.readScheme(name, apigw.Ptr(hb.schemesBase(), name))
	}
}

func (hb *httpBuilder) readScheme(name, declPtr string) {
	decl := hb.env.KeyLoc(declPtr)
	s := &httpScheme{name: name, ref: hb.opts.APIRef + "/authorizer/" + name}
	hb.schemes[name] = s
	ptr, v, _, rerr := hb.r.resolve(declPtr)
	var m map[string]any
	switch {
	case rerr != nil:
		s.unknown = &model.Unknown{Reason: fmt.Sprintf("security scheme %s: %s", name, rerr.Reason), Expr: rerr.Ref}
	default:
		var isMap bool
		if m, isMap = object(v); !isMap {
			s.unknown = hb.unknownOf(v, "security scheme "+name)
		}
	}
	if s.unknown != nil {
		s.authorizer = true
		hb.api.Authorizers = append(hb.api.Authorizers, model.HTTPAuthorizer{
			Object: model.Object{Ref: s.ref, Loc: decl},
			Name:   new(model.Known(name, decl)),
			Type:   model.UnknownString(*s.unknown, decl),
		})
		return
	}
	hb.suppressions(m, ptr, s.ref)
	authz, hasAuthz := m[extAuthorizer]
	authtype, hasAuthtype := m[extAuthtype]
	switch {
	case hasAuthz:
		s.authorizer = true
		hb.authorizer(s, ptr, authz, decl)
	case hasAuthtype:
		at := hb.env.String(authtype, apigw.Ptr(ptr, extAuthtype))
		val, known := at.Get()
		switch {
		case known && strings.EqualFold(strings.TrimSpace(val), "awsSigv4"):
			s.routeType = "AWS_IAM"
		case !known:
			s.unknown = at.Unknown
		default:
			s.unknown = &model.Unknown{Reason: fmt.Sprintf("security scheme %s sets %s %q, which HTTP APIs do not define", name, extAuthtype, val)}
		}
	default:
		typ, _ := apigw.Scalar(m["type"])
		if typ == "" {
			typ = "without a type"
		}
		s.unknown = &model.Unknown{Reason: fmt.Sprintf("security scheme %s is %s with no %s; how API Gateway imports it for an HTTP API is not documented", name, typ, extAuthorizer)}
	}
}

// authorizer reads x-amazon-apigateway-authorizer for an HTTP API: type jwt
// (jwtConfiguration, identitySource) or request (a Lambda authorizer).
func (hb *httpBuilder) authorizer(s *httpScheme, ptr string, authz any, decl model.Loc) {
	azPtr := apigw.Ptr(ptr, extAuthorizer)
	a := model.HTTPAuthorizer{
		Object: model.Object{Ref: s.ref, Loc: decl},
		Name:   new(model.Known(s.name, decl)),
	}
	az, ok := object(authz)
	if !ok {
		s.unknown = hb.unknownOf(authz, extAuthorizer+" of "+s.name)
		a.Type = model.UnknownString(*s.unknown, hb.env.Loc(azPtr))
		hb.api.Authorizers = append(hb.api.Authorizers, a)
		return
	}
	if t, present := az["type"]; present {
		a.Type = hb.env.String(t, apigw.Ptr(azPtr, "type"))
		if val, known := a.Type.Get(); known {
			a.Type = model.Known(strings.ToUpper(strings.TrimSpace(val)), a.Type.Loc)
		}
	} else {
		a.Type = model.UnknownString(model.Unknown{Reason: extAuthorizer + " of " + s.name + " has no type"}, hb.env.KeyLoc(azPtr))
	}
	typ, known := a.Type.Get()
	switch {
	case !known:
		s.unknown = a.Type.Unknown
	case typ == "JWT":
		s.routeType = "JWT"
	case typ == "REQUEST":
		s.routeType = "CUSTOM"
	default:
		s.unknown = &model.Unknown{Reason: fmt.Sprintf("authorizer %s has type %q, which HTTP APIs do not define (jwt or request)", s.name, typ)}
	}
	if v, ok := az["identitySource"]; ok {
		is := hb.identitySource(v, apigw.Ptr(azPtr, "identitySource"))
		a.IdentitySource = &is
	}
	if typ == "JWT" || !known {
		hb.jwtConfiguration(&a, az, azPtr)
	}
	hb.api.Authorizers = append(hb.api.Authorizers, a)
}

// identitySource reads a list of identity sources, or the text form, whose
// entries are separated by commas.
func (hb *httpBuilder) identitySource(v any, p string) model.Strings {
	out := model.Strings{Items: []model.String{}, Loc: hb.env.KeyLoc(p)}
	switch t := v.(type) {
	case []any:
		for i, it := range t {
			out.Items = append(out.Items, hb.env.String(it, apigw.Ptr(p, i)))
		}
	default:
		s := hb.env.String(v, p)
		val, known := s.Get()
		if !known {
			if _, fn := IsIntrinsic(v); fn {
				out.Unknown = s.Unknown
			} else {
				out.Items = append(out.Items, s)
			}
			return out
		}
		for part := range strings.SplitSeq(val, ",") {
			out.Items = append(out.Items, model.Known(strings.TrimSpace(part), s.Loc))
		}
	}
	return out
}

// jwtConfiguration reads issuer and audience.
func (hb *httpBuilder) jwtConfiguration(a *model.HTTPAuthorizer, az map[string]any, azPtr string) {
	jp := apigw.Ptr(azPtr, "jwtConfiguration")
	raw, ok := az["jwtConfiguration"]
	if !ok {
		return
	}
	jc, isMap := object(raw)
	if !isMap {
		u := hb.unknownOf(raw, "jwtConfiguration")
		a.Issuer = new(model.UnknownString(*u, hb.env.KeyLoc(jp)))
		a.Audience = &model.Audience{Items: []model.AudienceEntry{}, Unknown: u, Loc: hb.env.KeyLoc(jp)}
		return
	}
	if v, ok := jc["issuer"]; ok {
		s, link := hb.env.Issuer(v, apigw.Ptr(jp, "issuer"))
		a.Issuer, a.IssuerUserPool = &s, link
	}
	if v, ok := jc["audience"]; ok {
		ap := apigw.Ptr(jp, "audience")
		aud := &model.Audience{Items: []model.AudienceEntry{}, Loc: hb.env.KeyLoc(ap)}
		switch t := v.(type) {
		case nil:
		case []any:
			for i, it := range t {
				aud.Items = append(aud.Items, hb.env.AudienceEntry(it, apigw.Ptr(ap, i)))
			}
		default:
			if _, fn := IsIntrinsic(v); fn {
				// A whole list behind an intrinsic: even its length is unknown.
				if e := hb.env.AudienceEntry(v, ap); e.Value.Unknown != nil && e.AppClient == nil && e.UserPool == nil {
					aud.Unknown = e.Value.Unknown
					break
				}
			}
			aud.Items = append(aud.Items, hb.env.AudienceEntry(v, ap))
		}
		a.Audience = aud
	}
}

func (hb *httpBuilder) readPaths() {
	_, v, ok, rerr := hb.r.resolve("/paths")
	switch {
	case rerr != nil:
		hb.routesUnknown = append(hb.routesUnknown, "paths: "+rerr.Reason)
		return
	case !ok || v == nil:
		return
	}
	m, isMap := object(v)
	if !isMap {
		hb.routesUnknown = append(hb.routesUnknown, hb.unknownOf(v, "paths").Reason)
		return
	}
	for _, path := range sortedKeys(m) {
		if strings.HasPrefix(path, "x-") {
			continue
		}
		hb.readPathItem(path, apigw.Ptr("/paths", path))
	}
}

func (hb *httpBuilder) readPathItem(path, declPtr string) {
	ptr, v, _, rerr := hb.r.resolve(declPtr)
	if rerr != nil {
		hb.routesUnknown = append(hb.routesUnknown, fmt.Sprintf("the routes of %s: %s", path, rerr.Reason))
		return
	}
	item, ok := object(v)
	if !ok {
		if v != nil {
			hb.routesUnknown = append(hb.routesUnknown, hb.unknownOf(v, "the path item "+path).Reason)
		}
		return
	}
	var refs []string
	for _, vb := range verbs {
		opv, present := item[vb.key]
		if !present || opv == nil {
			continue
		}
		r := hb.readOperation(path, vb.method, apigw.Ptr(ptr, vb.key), opv)
		refs = append(refs, r.Ref)
		hb.api.Routes = append(hb.api.Routes, r)
	}
	hb.suppressions(item, ptr, refs...)
}

// routeKey is the route key API Gateway creates for a path and method: the
// $default path (which SAM writes as /$default under FailOnWarnings, with
// isDefaultRoute) with any method is the $default route.
func routeKey(path, verb string, op map[string]any) string {
	if verb == "ANY" {
		if path == defaultRouteKey {
			return defaultRouteKey
		}
		if flag, _ := op[extDefaultRouteFlag].(bool); flag && path == "/"+defaultRouteKey {
			return defaultRouteKey
		}
	}
	return verb + " " + path
}

func (hb *httpBuilder) readOperation(path, verb, opPtr string, opv any) model.Route {
	loc := hb.env.KeyLoc(opPtr)
	op, ok := object(opv)
	key := routeKey(path, verb, op)
	r := model.Route{
		Object:   model.Object{Ref: hb.opts.APIRef + "/route/" + key, Loc: loc},
		RouteKey: model.Known(key, loc),
	}
	if !ok {
		u := hb.unknownOf(opv, "the operation "+key)
		r.AuthDeclared = true
		r.AuthorizationType = model.UnknownString(*u, loc)
		r.AuthorizationScopes = model.Strings{Items: []model.String{}, Unknown: u, Loc: loc}
		return r
	}
	hb.routeAuth(&r, op, opPtr, key)
	hb.suppressions(op, opPtr, r.Ref)
	return r
}

// routeAuth sets a route's authorization from the operation's security. As
// for REST APIs, API Gateway takes the authorizer and the scopes from all the
// requirements together, not OpenAPI's "any one of".
func (hb *httpBuilder) routeAuth(r *model.Route, op map[string]any, opPtr, key string) {
	secPtr := apigw.Ptr(opPtr, "security")
	secRaw, hasSec := op["security"]
	r.AuthDeclared = hasSec
	typeLoc := r.Loc
	if hasSec {
		typeLoc = hb.env.KeyLoc(secPtr)
	}
	scopes := model.Strings{Items: []model.String{}, Loc: typeLoc}
	var (
		types      []string
		unknowns   []*model.Unknown
		authz      []*httpScheme
		linkLoc    model.Loc
		missing    string
		missingLoc model.Loc
		scopesSet  bool
	)
	if hasSec {
		list, ok := secRaw.([]any)
		if !ok {
			u := hb.unknownOf(secRaw, "the security of "+key)
			unknowns = append(unknowns, u)
			scopes.Unknown = u
		}
		for i, req := range list {
			rp := apigw.Ptr(secPtr, i)
			rm, ok := object(req)
			if !ok {
				unknowns = append(unknowns, hb.unknownOf(req, "a security requirement of "+key))
				continue
			}
			for _, name := range sortedKeys(rm) {
				np := apigw.Ptr(rp, name)
				s, declared := hb.schemes[name]
				switch {
				case !declared && hb.schemesUnknown != nil:
					unknowns = append(unknowns, &model.Unknown{Reason: fmt.Sprintf("security scheme %s cannot be looked up: %s", name, hb.schemesUnknown.Reason)})
					continue
				case !declared:
					if missing == "" {
						missing, missingLoc = name, hb.env.KeyLoc(np)
					}
					continue
				}
				if s.authorizer {
					if !slices.Contains(authz, s) {
						authz = append(authz, s)
					}
					if linkLoc.IsZero() {
						linkLoc = hb.env.KeyLoc(np)
					}
					if !scopesSet {
						scopes.Loc, scopesSet = hb.env.KeyLoc(np), true
					}
					hb.addScopes(&scopes, rm[name], np)
				}
				if s.routeType != "" {
					types = append(types, s.routeType)
				} else {
					unknowns = append(unknowns, s.why())
				}
			}
		}
	}
	switch {
	case missing != "":
		where := "components.securitySchemes"
		if hb.v2 {
			where = "securityDefinitions"
		}
		r.Authorizer = &model.Link{Missing: &model.Missing{Name: missing, Reason: fmt.Sprintf("the operation's security names %s, which %s does not declare", missing, where)}, Loc: missingLoc}
	case len(authz) > 1:
		names := make([]string, len(authz))
		for i, s := range authz {
			names[i] = s.name
		}
		u := &model.Unknown{Reason: fmt.Sprintf("the route names several authorizers (%s); an HTTP API route has one", strings.Join(names, ", "))}
		r.Authorizer = &model.Link{Unknown: u, Loc: linkLoc}
		unknowns = append(unknowns, u)
	case len(authz) == 1:
		r.Authorizer = &model.Link{Target: authz[0].ref, Loc: linkLoc}
	}
	slices.Sort(types)
	types = slices.Compact(types)
	switch {
	case len(unknowns) > 0:
		r.AuthorizationType = model.UnknownString(*unknowns[0], typeLoc)
	case len(types) > 1:
		r.AuthorizationType = model.UnknownString(model.Unknown{Reason: "the route's security declares conflicting authorization types: " + strings.Join(types, ", ")}, typeLoc)
	case len(types) == 1:
		r.AuthorizationType = model.Known(types[0], typeLoc)
	case missing != "":
		// An authorizer is required; its kind cannot be known.
		r.AuthorizationType = model.Known("CUSTOM", typeLoc)
	default:
		r.AuthorizationType = model.Known("NONE", typeLoc)
	}
	r.AuthorizationScopes = scopes
}

// readCORS reads the root x-amazon-apigateway-cors.
func (hb *httpBuilder) readCORS() {
	v, ok := hb.doc[extCORS]
	if !ok {
		return
	}
	p := "/" + extCORS
	c := &model.HTTPCORS{Loc: hb.env.KeyLoc(p)}
	m, isMap := object(v)
	if !isMap {
		if v == nil {
			return
		}
		c.Unknown = hb.unknownOf(v, extCORS)
		hb.api.CORS = c
		return
	}
	for key, field := range map[string]**model.Strings{"allowOrigins": &c.AllowOrigins, "allowHeaders": &c.AllowHeaders, "allowMethods": &c.AllowMethods} {
		if fv, ok := m[key]; ok {
			l := apigw.StringList(fv, apigw.Ptr(p, key), hb.env)
			*field = &l
		}
	}
	if fv, ok := m["allowCredentials"]; ok {
		b := hb.boolValue(fv, apigw.Ptr(p, "allowCredentials"))
		c.AllowCredentials = &b
	}
	hb.api.CORS = c
}

// readEndpointConfig reads disableExecuteApiEndpoint from the root
// extension or from servers[] (where SAM writes it).
func (hb *httpBuilder) readEndpointConfig() {
	read := func(v any, p string) {
		m, ok := object(v)
		if !ok {
			return
		}
		if d, ok := m["disableExecuteApiEndpoint"]; ok {
			b := hb.boolValue(d, apigw.Ptr(p, "disableExecuteApiEndpoint"))
			hb.api.DisableExecuteAPIEndpoint = &b
		}
	}
	if v, ok := hb.doc[extEndpointConfig]; ok {
		read(v, "/"+extEndpointConfig)
	}
	if servers, ok := hb.doc["servers"].([]any); ok {
		for i, s := range servers {
			if sm, ok := object(s); ok {
				if v, ok := sm[extEndpointConfig]; ok {
					read(v, apigw.Ptr(apigw.Ptr("/servers", i), extEndpointConfig))
				}
			}
		}
	}
}
