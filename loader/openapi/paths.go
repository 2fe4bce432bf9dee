package openapi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

func (b *builder) readPaths() {
	_, v, ok, rerr := b.r.resolve("/paths")
	switch {
	case rerr != nil:
		b.methodsUnknown = append(b.methodsUnknown, "paths: "+rerr.Reason)
		return
	case !ok || v == nil:
		return
	}
	m, isMap := object(v)
	if !isMap {
		b.methodsUnknown = append(b.methodsUnknown, b.unknownOf(v, "paths").Reason)
		return
	}
	for _, path := range sortedKeys(m) {
		if strings.HasPrefix(path, "x-") {
			continue
		}
		b.readPathItem(path, apigw.Ptr("/paths", path))
	}
}

func (b *builder) readPathItem(path, declPtr string) {
	ptr, v, _, rerr := b.r.resolve(declPtr)
	if rerr != nil {
		b.methodsUnknown = append(b.methodsUnknown, fmt.Sprintf("the methods of %s: %s", path, rerr.Reason))
		return
	}
	item, ok := object(v)
	if !ok {
		if v != nil {
			b.methodsUnknown = append(b.methodsUnknown, b.unknownOf(v, "the path item "+path).Reason)
		}
		return
	}
	pathLoc := b.env.KeyLoc(declPtr)
	var refs []string
	for _, vb := range verbs {
		opv, present := item[vb.key]
		if !present || opv == nil {
			continue
		}
		m := b.readOperation(path, pathLoc, vb.method, apigw.Ptr(ptr, vb.key), opv)
		refs = append(refs, m.Ref)
		b.api.Methods = append(b.api.Methods, m)
	}
	// A path item's entries apply to each of its methods.
	b.suppressions(item, ptr, refs...)
}

func (b *builder) readOperation(path string, pathLoc model.Loc, verb, opPtr string, opv any) model.Method {
	loc := b.env.KeyLoc(opPtr)
	m := model.Method{
		Object:     model.Object{Ref: b.opts.APIRef + "/method/" + verb + " " + path, Loc: loc},
		Path:       model.Known(path, pathLoc),
		HTTPMethod: model.Known(verb, loc),
	}
	op, ok := object(opv)
	if !ok {
		u := b.unknownOf(opv, "the operation "+verb+" "+path)
		m.AuthDeclared = true
		m.AuthorizationType = model.UnknownString(*u, loc)
		m.APIKeyRequired = model.Bool{Unknown: u, Loc: loc}
		m.AuthorizationScopes = model.Strings{Items: []model.String{}, Unknown: u, Loc: loc}
		return m
	}
	b.methodAuth(&m, op, opPtr)
	if iv, ok := op[extIntegration]; ok {
		m.Integration = b.integration(iv, apigw.Ptr(opPtr, extIntegration))
	}
	m.CORS = b.cors(op, opPtr, verb, m.Integration)
	b.suppressions(op, opPtr, m.Ref)
	return m
}

// authTypeSource is one declaration of a method's authorization type.
type authTypeSource struct {
	value string
	from  string
}

// authFacts gathers what an operation's security declarations say.
type authFacts struct {
	types       []authTypeSource
	unknowns    []*model.Unknown
	apiKey      model.Bool
	apiKeyUnk   *model.Unknown
	authorizers []*scheme
	linkLoc     model.Loc
	missing     string
	missingLoc  model.Loc
	scopes      model.Strings
	scopesSet   bool
}

// methodAuth fills the authorization of a method from the operation's
// security and x-amazon-apigateway-auth. API Gateway does not implement
// OpenAPI's "any one of" semantics for security requirements: it takes the
// authorizer, the API key and the scopes from all of them together.
func (b *builder) methodAuth(m *model.Method, op map[string]any, opPtr string) {
	secRaw, hasSec := op["security"]
	authRaw, hasAuth := op[extAuth]
	m.AuthDeclared = hasSec || hasAuth
	// The pointers are built only for what the operation declares.
	var secPtr, authPtr string
	if hasSec {
		secPtr = apigw.Ptr(opPtr, "security")
	}
	if hasAuth {
		authPtr = apigw.Ptr(opPtr, extAuth)
	}
	typeLoc := m.Loc
	switch {
	case hasSec:
		typeLoc = b.env.KeyLoc(secPtr)
	case hasAuth:
		typeLoc = b.env.KeyLoc(authPtr)
	}
	f := &authFacts{
		apiKey: model.KnownBool(false, typeLoc),
		scopes: model.Strings{Items: []model.String{}, Loc: typeLoc},
	}
	if hasSec {
		verb, _ := m.HTTPMethod.Get()
		path, _ := m.Path.Get()
		b.readSecurity(f, secRaw, secPtr, verb+" "+path)
	}
	if hasAuth {
		b.readAuthExtension(f, authRaw, authPtr)
	}
	b.decideAuth(m, f, typeLoc)
}

// readSecurity reads an operation's security requirement list.
func (b *builder) readSecurity(f *authFacts, secRaw any, secPtr, opName string) {
	list, ok := secRaw.([]any)
	if !ok {
		u := b.unknownOf(secRaw, "the security of "+opName)
		f.unknowns = append(f.unknowns, u)
		f.apiKeyUnk = u
		f.scopes.Unknown = u
		return
	}
	for i, req := range list {
		rp := apigw.Ptr(secPtr, i)
		rm, ok := object(req)
		if !ok {
			u := b.unknownOf(req, "a security requirement of "+opName)
			f.unknowns = append(f.unknowns, u)
			f.apiKeyUnk = u
			continue
		}
		for _, name := range sortedKeys(rm) {
			b.readRequirement(f, name, rm[name], apigw.Ptr(rp, name))
		}
	}
}

// readRequirement reads one scheme of a security requirement object.
func (b *builder) readRequirement(f *authFacts, name string, scopes any, np string) {
	s, declared := b.schemes[name]
	if !declared {
		if b.schemesUnknown != nil {
			u := &model.Unknown{Reason: fmt.Sprintf("security scheme %s cannot be looked up: %s", name, b.schemesUnknown.Reason)}
			f.unknowns = append(f.unknowns, u)
			f.apiKeyUnk = u
			return
		}
		if f.missing == "" {
			f.missing, f.missingLoc = name, b.env.KeyLoc(np)
		}
		return
	}
	switch s.kind {
	case kindAPIKey:
		f.apiKey = model.KnownBool(true, b.env.KeyLoc(np))
	case kindIAM:
		f.types = append(f.types, authTypeSource{"AWS_IAM", "security scheme " + name})
	case kindOther:
		f.unknowns = append(f.unknowns, s.why())
	case kindAuthorizer:
		if !slices.Contains(f.authorizers, s) {
			f.authorizers = append(f.authorizers, s)
		}
		// The first authorizer named gives the link's and the scopes' place.
		if f.linkLoc.IsZero() || !f.scopesSet {
			loc := b.env.KeyLoc(np)
			if f.linkLoc.IsZero() {
				f.linkLoc = loc
			}
			if !f.scopesSet {
				f.scopes.Loc = loc
				f.scopesSet = true
			}
		}
		if s.unreadable {
			f.apiKeyUnk = s.why()
		}
		if s.methodType != "" {
			f.types = append(f.types, authTypeSource{s.methodType, "authorizer " + name})
		} else {
			f.unknowns = append(f.unknowns, s.why())
		}
		b.addScopes(&f.scopes, scopes, np)
	}
}

// readAuthExtension reads x-amazon-apigateway-auth {type: NONE | AWS_IAM}.
func (b *builder) readAuthExtension(f *authFacts, authRaw any, authPtr string) {
	am, ok := object(authRaw)
	switch {
	case !ok:
		f.unknowns = append(f.unknowns, b.unknownOf(authRaw, extAuth))
	case am["type"] == nil:
		f.unknowns = append(f.unknowns, &model.Unknown{Reason: extAuth + " has no type"})
	default:
		tv := b.env.String(am["type"], apigw.Ptr(authPtr, "type"))
		if val, known := tv.Get(); known {
			f.types = append(f.types, authTypeSource{apigw.AuthorizationType(val), extAuth})
		} else {
			f.unknowns = append(f.unknowns, tv.Unknown)
		}
	}
}

// decideAuth sets the method's authorization from the gathered facts.
func (b *builder) decideAuth(m *model.Method, f *authFacts, typeLoc model.Loc) {
	switch {
	case f.missing != "":
		m.Authorizer = &model.Link{Missing: &model.Missing{Name: f.missing, Reason: fmt.Sprintf("the operation's security names %s, which %s", f.missing, b.schemesWhere())}, Loc: f.missingLoc}
	case len(f.authorizers) > 1:
		names := make([]string, len(f.authorizers))
		for i, s := range f.authorizers {
			names[i] = s.name
		}
		u := &model.Unknown{Reason: fmt.Sprintf("the operation names several authorizers (%s); which one API Gateway applies is not documented", strings.Join(names, ", "))}
		m.Authorizer = &model.Link{Unknown: u, Loc: f.linkLoc}
		f.unknowns = append(f.unknowns, u)
	case len(f.authorizers) == 1 && f.authorizers[0].ambiguous != nil:
		m.Authorizer = &model.Link{Unknown: f.authorizers[0].ambiguous, Loc: f.linkLoc}
	case len(f.authorizers) == 1:
		m.Authorizer = &model.Link{Target: f.authorizers[0].ref, Loc: f.linkLoc}
	}

	var distinct []string
	for _, t := range f.types {
		if !slices.Contains(distinct, t.value) {
			distinct = append(distinct, t.value)
		}
	}
	switch {
	case len(f.unknowns) > 0:
		m.AuthorizationType = model.UnknownString(*f.unknowns[0], typeLoc)
	case len(distinct) > 1:
		parts := make([]string, len(f.types))
		for i, t := range f.types {
			parts[i] = t.value + " (" + t.from + ")"
		}
		m.AuthorizationType = model.UnknownString(model.Unknown{Reason: "the operation declares conflicting authorization types: " + strings.Join(parts, ", ")}, typeLoc)
	case len(distinct) == 1:
		m.AuthorizationType = model.Known(distinct[0], typeLoc)
	case f.missing != "":
		// The operation requires an authorizer the document does not define.
		// Its kind is unknowable, but that an authorizer is required is
		// known: CUSTOM says so without claiming Cognito (AZ004 reports the
		// missing link).
		m.AuthorizationType = model.Known("CUSTOM", typeLoc)
	default:
		m.AuthorizationType = model.Known("NONE", typeLoc)
	}
	m.APIKeyRequired = f.apiKey
	if f.apiKeyUnk != nil {
		if v, _ := f.apiKey.Get(); !v {
			m.APIKeyRequired = model.Bool{Unknown: f.apiKeyUnk, Loc: typeLoc}
		}
	}
	m.AuthorizationScopes = f.scopes
}

// addScopes appends the scope list of one security requirement entry.
func (b *builder) addScopes(scopes *model.Strings, v any, p string) {
	switch t := v.(type) {
	case nil:
	case []any:
		for i, it := range t {
			s := b.env.String(it, apigw.Ptr(p, i))
			if val, known := s.Get(); known && slices.ContainsFunc(scopes.Items, func(x model.String) bool {
				o, k := x.Get()
				return k && o == val
			}) {
				continue
			}
			scopes.Items = append(scopes.Items, s)
		}
	default:
		scopes.Unknown = b.unknownOf(v, "the scopes")
	}
}

func (b *builder) integration(v any, p string) *model.Integration {
	in := &model.Integration{Loc: b.env.KeyLoc(p)}
	im, ok := object(v)
	if !ok {
		in.Type = new(model.UnknownString(*b.unknownOf(v, extIntegration), b.env.Loc(p)))
		return in
	}
	if t, ok := im["type"]; ok {
		s := b.env.String(t, apigw.Ptr(p, "type"))
		if val, known := s.Get(); known {
			s = model.Known(strings.ToUpper(strings.TrimSpace(val)), s.Loc)
		}
		in.Type = &s
	}
	if u, ok := im["uri"]; ok {
		in.URI = new(b.env.String(u, apigw.Ptr(p, "uri")))
	}
	return in
}

// cors reads the Access-Control-* headers a method returns: the static values
// its integration responses map (method.response.header.X: "'value'").
func (b *builder) cors(op map[string]any, opPtr, verb string, integ *model.Integration) *model.CORSHeaders {
	var unreadable *model.Unknown
	if im, ok := object(op[extIntegration]); ok {
		if rs, ok := object(im["responses"]); ok {
			var (
				merged []model.Header
				seen   = map[string]bool{}
				loc    model.Loc
				ip     = apigw.Ptr(opPtr, extIntegration)
			)
			for _, code := range responseOrder(rs) {
				r, ok := object(rs[code])
				if !ok {
					continue
				}
				pp := apigw.Ptr(apigw.Ptr(apigw.Ptr(ip, "responses"), code), "responseParameters")
				hs, unk := b.headers(r["responseParameters"], pp, apigw.MethodHeaderPrefix)
				if unk != nil && unreadable == nil {
					unreadable = unk
				}
				for _, h := range hs {
					name := strings.ToLower(h.Name)
					if !strings.HasPrefix(name, "access-control-") || seen[name] {
						continue
					}
					seen[name] = true
					merged = append(merged, h)
					if loc.IsZero() {
						loc = b.env.KeyLoc(pp)
					}
				}
			}
			if c := apigw.CORS(merged, loc); c != nil {
				return c
			}
		}
	}
	if verb != "OPTIONS" {
		return nil
	}
	switch {
	case unreadable != nil:
		return &model.CORSHeaders{Unknown: unreadable, Loc: integ.Loc}
	case integ != nil && integ.Type != nil && integ.Type.Unknown != nil:
		return &model.CORSHeaders{Unknown: integ.Type.Unknown, Loc: integ.Loc}
	case integ != nil && integ.Type != nil:
		if t, _ := integ.Type.Get(); t == "AWS_PROXY" || t == "HTTP_PROXY" {
			return &model.CORSHeaders{Unknown: &model.Unknown{Reason: "the headers come from the backend (" + t + " integration)"}, Loc: integ.Loc}
		}
	case integ == nil:
		// Without an integration in the document the values are set
		// elsewhere; declared response headers say there are some.
		if name, p, ok := b.declaredCORSHeader(op, opPtr); ok {
			return &model.CORSHeaders{Unknown: &model.Unknown{Reason: fmt.Sprintf("the operation declares the response header %s but has no %s giving its value", name, extIntegration)}, Loc: b.env.KeyLoc(p)}
		}
	}
	return nil
}

// declaredCORSHeader finds an Access-Control-Allow-* header declared in the
// operation's responses (a declaration, not a value).
func (b *builder) declaredCORSHeader(op map[string]any, opPtr string) (string, string, bool) {
	rs, ok := object(op["responses"])
	if !ok {
		return "", "", false
	}
	for _, code := range sortedKeys(rs) {
		rp, rv, _, _ := b.r.resolve(apigw.Ptr(apigw.Ptr(opPtr, "responses"), code))
		r, ok := object(rv)
		if !ok {
			continue
		}
		hs, ok := object(r["headers"])
		if !ok {
			continue
		}
		for _, h := range sortedKeys(hs) {
			if strings.HasPrefix(strings.ToLower(h), "access-control-allow-") {
				return h, apigw.Ptr(apigw.Ptr(rp, "headers"), h), true
			}
		}
	}
	return "", "", false
}

// responseOrder lists integration responses with "default" first: it is the
// response most integrations map the success headers on.
func responseOrder(rs map[string]any) []string {
	keys := sortedKeys(rs)
	if i := slices.Index(keys, "default"); i > 0 {
		keys = append([]string{"default"}, slices.Delete(keys, i, i+1)...)
	}
	return keys
}
