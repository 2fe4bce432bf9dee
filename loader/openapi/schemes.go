package openapi

import (
	"fmt"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// schemeKind is what API Gateway makes of a security scheme.
type schemeKind int

const (
	// kindAuthorizer schemes become authorizers (Cognito, Lambda, JWT, or an
	// authorizer whose type cannot be read).
	kindAuthorizer schemeKind = iota
	// kindAPIKey is a plain apiKey scheme: the method requires an API key.
	kindAPIKey
	// kindIAM is x-amazon-apigateway-authtype awsSigv4: the method uses AWS_IAM.
	kindIAM
	// kindOther is a scheme API Gateway has no documented use for on a REST
	// API (oauth2 or http without an authorizer); a method naming it gets an
	// unknown authorization type.
	kindOther
)

type scheme struct {
	name string
	kind schemeKind
	// ref is the authorizer's ref (kindAuthorizer).
	ref string
	// methodType is the authorization type of methods using the authorizer:
	// COGNITO_USER_POOLS, CUSTOM or JWT; empty when unknown (see unknown).
	methodType string
	// unknown explains an unreadable scheme or an unknown method type.
	unknown *model.Unknown
	// unreadable is true when the scheme's content cannot be read at all: it
	// might even be the API key.
	unreadable bool
	// ambiguous is set for a scheme declared only in the other version's
	// place of a document that names both versions (see readSchemes): which
	// authorizer API Gateway wires to a method naming it is not known.
	ambiguous *model.Unknown
}

// why is the reason a method using the scheme has an unknown type.
func (s *scheme) why() *model.Unknown {
	if s.unknown != nil {
		return s.unknown
	}
	return &model.Unknown{Reason: "security scheme " + s.name + " cannot be read"}
}

func (b *builder) schemesBase() string {
	if b.v2 {
		return "/securityDefinitions"
	}
	return "/components/securitySchemes"
}

// schemesWhere says that the places schemes are declared lack one, for
// messages ("… names X, which components.securitySchemes does not declare").
func (b *builder) schemesWhere() string {
	switch {
	case b.bothVersions():
		return "neither components.securitySchemes nor securityDefinitions declares"
	case b.v2:
		return "securityDefinitions does not declare"
	default:
		return "components.securitySchemes does not declare"
	}
}

// bothVersions reports a document that declares both openapi and swagger.
// SAM treats such a document as Swagger 2.0 (its _openapi_postprocess leaves
// any document with a swagger key alone) and writes the authorizers it
// generates into securityDefinitions, while the document is read here as
// OpenAPI 3. What API Gateway does with it is not documented.
func (b *builder) bothVersions() bool {
	_, o := b.doc["openapi"]
	_, s := b.doc["swagger"]
	return o && s
}

// readSchemes declares the security schemes: components.securitySchemes
// (OpenAPI 3) or securityDefinitions (Swagger 2.0). A document naming both
// versions gets both, so a scheme SAM wrote into securityDefinitions is not
// reported as undeclared; a scheme found only there is ambiguous (see
// scheme.ambiguous), since which of the two places API Gateway reads is
// unknown.
func (b *builder) readSchemes() {
	what := "components.securitySchemes"
	if b.v2 {
		what = "securityDefinitions"
	}
	m, u := b.schemeDecls(b.schemesBase(), what)
	if u != nil {
		b.schemesUnknown = u
		b.api.AuthorizersUnknown = u
		return
	}
	for _, name := range sortedKeys(m) {
		b.readScheme(name, apigw.Ptr(b.schemesBase(), name))
	}
	if !b.bothVersions() || b.v2 {
		return
	}
	other, u := b.schemeDecls("/securityDefinitions", "securityDefinitions")
	if u != nil {
		// A name missing from components may be declared there.
		b.schemesUnknown = u
		b.api.AuthorizersUnknown = u
		return
	}
	ambiguous := &model.Unknown{Reason: "the document declares both openapi and swagger and this scheme only in securityDefinitions, where SAM writes the authorizers it adds; whether API Gateway reads it as OpenAPI 3 (ignoring securityDefinitions) or as Swagger 2.0 is not documented"}
	for _, name := range sortedKeys(other) {
		if _, declared := b.schemes[name]; declared {
			continue
		}
		b.readScheme(name, apigw.Ptr("/securityDefinitions", name))
		b.schemes[name].ambiguous = ambiguous
	}
}

// schemeDecls reads the object of scheme declarations at base; nil when the
// document has none, an Unknown when it cannot be read.
func (b *builder) schemeDecls(base, what string) (map[string]any, *model.Unknown) {
	_, v, ok, rerr := b.r.resolve(base)
	switch {
	case rerr != nil:
		return nil, &model.Unknown{Reason: what + ": " + rerr.Reason, Expr: rerr.Ref}
	case !ok || v == nil:
		return nil, nil
	}
	m, isMap := object(v)
	if !isMap {
		return nil, b.unknownOf(v, what)
	}
	return m, nil
}

func (b *builder) readScheme(name, declPtr string) {
	decl := b.env.KeyLoc(declPtr)
	s := &scheme{name: name, ref: b.opts.APIRef + "/authorizer/" + name}
	b.schemes[name] = s
	ptr, v, _, rerr := b.r.resolve(declPtr)
	var m map[string]any
	switch {
	case rerr != nil:
		s.unreadable = true
		s.unknown = &model.Unknown{Reason: fmt.Sprintf("security scheme %s: %s", name, rerr.Reason), Expr: rerr.Ref}
	default:
		var isMap bool
		if m, isMap = object(v); !isMap {
			s.unreadable = true
			s.unknown = b.unknownOf(v, "security scheme "+name)
		}
	}
	if s.unreadable {
		// Its type cannot be told; it stays visible as an authorizer of
		// unknown type so nothing concludes the method is open.
		b.addAuthorizer(model.Authorizer{
			Object:       model.Object{Ref: s.ref, Loc: decl},
			Name:         new(model.Known(name, decl)),
			Type:         model.UnknownString(*s.unknown, decl),
			ProviderARNs: model.ProviderARNs{Items: []model.ProviderARN{}, Unknown: s.unknown, Loc: decl},
		})
		b.suppressions(m, ptr, s.ref)
		return
	}
	b.suppressions(m, ptr, s.ref)

	typ := ""
	if t, ok := apigw.Scalar(m["type"]); ok {
		typ = strings.ToLower(strings.TrimSpace(t))
	}
	authz, hasAuthz := m[extAuthorizer]
	authtypeRaw, hasAuthtype := m[extAuthtype]
	switch {
	case hasAuthz:
		s.kind = kindAuthorizer
		b.authorizerFromObject(s, m, ptr, authz, decl)
	case hasAuthtype:
		at := b.env.String(authtypeRaw, apigw.Ptr(ptr, extAuthtype))
		val, known := at.Get()
		lower := strings.ToLower(strings.TrimSpace(val))
		switch {
		case known && lower == "awssigv4":
			s.kind = kindIAM
		case known && lower == "cognito_user_pools":
			// Cognito without an authorizer object: an authorizer with no
			// user pool, which is what API Gateway would get.
			s.kind = kindAuthorizer
			s.methodType = "COGNITO_USER_POOLS"
			b.addAuthorizer(model.Authorizer{
				Object:         model.Object{Ref: s.ref, Loc: decl},
				Name:           new(model.Known(name, decl)),
				Type:           model.Known("COGNITO_USER_POOLS", at.Loc),
				ProviderARNs:   model.ProviderARNs{Items: []model.ProviderARN{}, Loc: decl},
				IdentitySource: b.schemeIdentity(m, ptr),
			})
		default:
			s.kind = kindAuthorizer
			reason := fmt.Sprintf("security scheme %s sets %s %q but no %s, so the authorizer's type is not declared", name, extAuthtype, val, extAuthorizer)
			if !known {
				reason = fmt.Sprintf("security scheme %s: %s", name, at.Unknown.Reason)
			}
			s.unknown = &model.Unknown{Reason: reason}
			b.addAuthorizer(model.Authorizer{
				Object:       model.Object{Ref: s.ref, Loc: decl},
				Name:         new(model.Known(name, decl)),
				Type:         model.UnknownString(*s.unknown, at.Loc),
				ProviderARNs: model.ProviderARNs{Items: []model.ProviderARN{}, Loc: decl},
			})
		}
	case typ == "apikey":
		s.kind = kindAPIKey
	default:
		s.kind = kindOther
		shown := typ
		if shown == "" {
			shown = "without a type"
		}
		s.unknown = &model.Unknown{Reason: fmt.Sprintf("security scheme %s is %s with no %s; how API Gateway imports it for a REST API is not documented", name, shown, extAuthorizer)}
	}
}

// authorizerFromObject reads x-amazon-apigateway-authorizer.
func (b *builder) authorizerFromObject(s *scheme, m map[string]any, ptr string, authz any, decl model.Loc) {
	azPtr := apigw.Ptr(ptr, extAuthorizer)
	a := model.Authorizer{
		Object: model.Object{Ref: s.ref, Loc: decl},
		Name:   new(model.Known(s.name, decl)),
	}
	az, ok := object(authz)
	if !ok {
		u := b.unknownOf(authz, extAuthorizer+" of "+s.name)
		s.unknown = u
		a.Type = model.UnknownString(*u, b.env.Loc(azPtr))
		a.ProviderARNs = model.ProviderARNs{Items: []model.ProviderARN{}, Unknown: u, Loc: b.env.KeyLoc(azPtr)}
		b.addAuthorizer(a)
		return
	}
	if t, present := az["type"]; present {
		a.Type = b.env.String(t, apigw.Ptr(azPtr, "type"))
		if val, known := a.Type.Get(); known {
			a.Type = model.Known(apigw.AuthorizerType(val), a.Type.Loc)
		}
	} else {
		a.Type = model.UnknownString(model.Unknown{Reason: extAuthorizer + " of " + s.name + " has no type"}, b.env.KeyLoc(azPtr))
	}
	a.ProviderARNs = b.providerARNs(az, azPtr)
	typ, known := a.Type.Get()
	switch {
	case !known:
		s.unknown = a.Type.Unknown
	case typ == "COGNITO_USER_POOLS":
		s.methodType = "COGNITO_USER_POOLS"
	case typ == "TOKEN", typ == "REQUEST":
		s.methodType = "CUSTOM"
	case typ == "JWT":
		s.methodType = "JWT"
	default:
		s.unknown = &model.Unknown{Reason: fmt.Sprintf("authorizer %s has type %q, which API Gateway does not define", s.name, typ)}
	}
	// For Cognito and TOKEN authorizers the identity source is the scheme's
	// header; the identitySource property applies to REQUEST and JWT ones.
	switch typ {
	case "COGNITO_USER_POOLS", "TOKEN":
		a.IdentitySource = b.schemeIdentity(m, ptr)
	case "REQUEST", "JWT":
		if v, ok := az["identitySource"]; ok {
			a.IdentitySource = new(b.env.String(v, apigw.Ptr(azPtr, "identitySource")))
		}
	}
	if v, ok := az["identityValidationExpression"]; ok {
		a.IdentityValidationExpression = new(b.env.String(v, apigw.Ptr(azPtr, "identityValidationExpression")))
	}
	if v, ok := az["authorizerResultTtlInSeconds"]; ok {
		a.ResultTTLSeconds = new(b.intValue(v, apigw.Ptr(azPtr, "authorizerResultTtlInSeconds")))
	}
	b.addAuthorizer(a)
}

// providerARNs reads the list of user pools; the list's Loc is its key, each
// item's Loc its own position.
func (b *builder) providerARNs(az map[string]any, azPtr string) model.ProviderARNs {
	p := apigw.Ptr(azPtr, "providerARNs")
	v, present := az["providerARNs"]
	if !present {
		// Nothing to point at but the authorizer object, where the list belongs.
		return model.ProviderARNs{Items: []model.ProviderARN{}, Loc: b.env.KeyLoc(azPtr)}
	}
	out := model.ProviderARNs{Items: []model.ProviderARN{}, Loc: b.env.KeyLoc(p)}
	switch t := v.(type) {
	case nil:
	case []any:
		for i, it := range t {
			out.Items = append(out.Items, b.env.ProviderARN(it, apigw.Ptr(p, i)))
		}
	case string:
		out.Items = append(out.Items, b.env.ProviderARN(t, p))
	default:
		// An intrinsic in place of the list: not even its length is known.
		out.Unknown = b.unknownOf(v, "providerARNs")
	}
	return out
}

// schemeIdentity is the identity source API Gateway derives from the scheme's
// name and location (in: header → method.request.header.<name>).
func (b *builder) schemeIdentity(m map[string]any, ptr string) *model.String {
	nv, ok := m["name"]
	if !ok {
		return nil
	}
	name := b.env.String(nv, apigw.Ptr(ptr, "name"))
	where := "header"
	if iv, ok := m["in"]; ok {
		in := b.env.String(iv, apigw.Ptr(ptr, "in"))
		val, known := in.Get()
		switch strings.ToLower(strings.TrimSpace(val)) {
		case "header":
		case "query":
			where = "querystring"
		default:
			if known {
				return new(model.UnknownString(model.Unknown{Reason: fmt.Sprintf("the scheme is in %q; API Gateway reads identity sources from headers and query strings", val)}, in.Loc))
			}
			return &in
		}
	}
	if n, known := name.Get(); known {
		return new(model.Known("method.request."+where+"."+n, name.Loc))
	}
	return &name
}

func (b *builder) addAuthorizer(a model.Authorizer) {
	b.api.Authorizers = append(b.api.Authorizers, a)
}
