package postman

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

const (
	// defaultMaxObjects is Options.MaxObjects's default.
	defaultMaxObjects = 200_000
	// maxEnvironments bounds the environments one collection is checked with.
	maxEnvironments = 16
	// browserCallback is the redirect URI Postman uses when "Authorize using
	// browser" (useBrowser) is on.
	browserCallback = "https://oauth.pstmn.io/v1/browser-callback"
)

// checkContext is one environment a collection is checked with.
type checkContext struct {
	// name is the environment's name (empty without one); suffix makes
	// refs unique per environment.
	name, suffix string
	res          *resolver
}

type builder struct {
	d          *document
	inv        *model.Inventory
	collection string
	ctx        checkContext
	// first is true for the first environment: literal tokens of the
	// collection are listed once, not once per environment.
	first      bool
	maxObjects int
	truncate   bool
}

// authRef is the auth in effect at a point of the item tree.
type authRef struct {
	typ, scope, tokenRequest string
	loc                      model.Loc
}

func (l *Loader) loadCollection(ctx context.Context, in *loader.Input, d *document) ([]*model.Inventory, error) {
	ver, verr := version(d)
	if verr != nil {
		return nil, verr
	}
	root := node{v: d.root}
	if _, ok := root.get("item").v.([]any); !ok {
		return nil, positioned(d, "", "a Postman collection needs an item array; this one has %s", describe(root.get("item").v))
	}
	collection := root.get("info").get("name").text()
	if collection == "" {
		collection = strings.TrimSuffix(filepath.Base(d.file), ".json")
	}
	collection = clip(collection, 200)

	inv := &model.Inventory{SchemaVersion: model.SchemaVersion}
	inv.Sources = []model.Source{collectionSource(d, ver)}
	envs, globals, problems := l.environments(ctx, in)
	if len(envs) > maxEnvironments {
		problems = append(problems, "more than 16 environments; the collection is checked with the first 16")
		envs = envs[:maxEnvironments]
	}
	seen := map[string]bool{}
	for _, f := range append(append([]*variablesFile{}, globals...), envs...) {
		inv.Sources = append(inv.Sources, f.source())
		inv.CommittedTokens = append(inv.CommittedTokens, f.tokens(seen)...)
	}
	flagVars, err := parseVars(l.opts.Vars)
	if err != nil {
		problems = append(problems, err.Error())
	}

	collVars := collectionVars(root)
	contexts := []*variablesFile{nil}
	if len(envs) > 0 {
		contexts = envs
	}
	names := map[string]int{}
	for i, env := range contexts {
		if err := ctx.Err(); err != nil {
			return nil, loader.AsError(d.file, err)
		}
		vars := map[string]variable{}
		for _, g := range globals {
			for _, v := range g.vars {
				vars[v.key] = variable{value: v.value, secret: v.secret, origin: "globals"}
			}
		}
		maps.Copy(vars, collVars)
		cc := checkContext{}
		if env != nil {
			for _, v := range env.vars {
				vars[v.key] = variable{value: v.value, secret: v.secret, origin: env.origin()}
			}
			cc.name = env.name
			names[env.name]++
			cc.suffix = "@" + env.name
			if n := names[env.name]; n > 1 {
				cc.suffix += "#" + strconv.Itoa(n)
			}
		}
		maps.Copy(vars, flagVars)
		cc.res = newResolver(vars)
		b := &builder{d: d, inv: inv, collection: collection, ctx: cc, first: i == 0, maxObjects: cmp.Or(l.opts.MaxObjects, defaultMaxObjects)}
		b.walkCollection(root)
		for _, p := range cc.res.problems() {
			if cc.name != "" {
				p += " (environment " + cc.name + ")"
			}
			problems = append(problems, p)
		}
		if b.truncate {
			problems = append(problems, fmt.Sprintf("the collection has more requests than authlint checks (%d token and API requests over all environments); the rest is not checked", b.maxObjects))
			break
		}
	}
	l.norm.Normalize(inv)
	if len(problems) > 0 {
		return []*model.Inventory{inv}, &loader.Error{Input: d.file, Reason: strings.Join(problems, "; ")}
	}
	return []*model.Inventory{inv}, nil
}

// parseVars reads --postman-var NAME=VALUE values.
func parseVars(list []string) (map[string]variable, error) {
	out := map[string]variable{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return out, loader.Errorf("--postman-var", "want NAME=VALUE")
		}
		out[strings.TrimSpace(k)] = variable{value: v, secret: secretName(k), origin: "--postman-var"}
	}
	return out, nil
}

// collectionVars reads the collection's variables (disabled ones skipped).
func collectionVars(root node) map[string]variable {
	out := map[string]variable{}
	for _, v := range root.get("variable").items() {
		if v.get("disabled").truthy() {
			continue
		}
		key := v.get("key").text()
		if key == "" {
			key = v.get("id").text()
		}
		if key == "" {
			continue
		}
		val, _ := v.get("value").str()
		out[key] = variable{value: val, secret: v.get("type").text() == "secret" || secretName(key), origin: "collection"}
	}
	return out
}

func (b *builder) walkCollection(root node) {
	if b.first {
		b.variableTokens(root)
	}
	own := b.auth(root.get("auth"), model.PostmanScopeCollection, nil)
	b.walk(root.get("item"), nil, own)
}

// variableTokens lists JWTs written as collection variable values.
func (b *builder) variableTokens(root node) {
	for _, v := range root.get("variable").items() {
		val, _ := v.get("value").str()
		if !isJWT(val) {
			continue
		}
		key := clip(v.get("key").text(), 100)
		b.committed(val, v.get("value").ptr, "collection variable "+key, key)
	}
}

// walk visits the items of a folder (or the collection) with the auth in
// effect there.
func (b *builder) walk(items node, path []string, parent *authRef) {
	for _, it := range items.items() {
		if b.truncate {
			return
		}
		if _, ok := it.object(); !ok {
			continue
		}
		name := it.get("name").text()
		if name == "" {
			name = "(unnamed)"
		}
		p := append(append([]string{}, path...), clip(name, 100))
		if sub := it.get("item"); sub.v != nil {
			// A folder (item-group): its auth, when set, is inherited below.
			eff := parent
			if own := b.auth(it.get("auth"), model.PostmanScopeFolder, p); own != nil {
				eff = own
			}
			b.walk(sub, p, eff)
			continue
		}
		b.request(it, p, parent)
	}
}

// auth reads an auth object; nil means "inherit" (absent, null, no type, or
// "inherit").
func (b *builder) auth(n node, scope string, path []string) *authRef {
	if _, ok := n.object(); !ok {
		return nil
	}
	typ, ok := n.get("type").v.(string)
	if !ok || typ == "" || typ == "inherit" {
		return nil
	}
	loc := b.d.loc(n.get("type").ptr)
	if typ == "noauth" {
		return &authRef{typ: typ, scope: scope, loc: loc}
	}
	if !b.count() {
		return nil
	}
	ref := "tokenRequest:" + n.ptr + b.ctx.suffix
	tr := model.TokenRequest{
		Object:      model.Object{Ref: ref, Loc: loc},
		Collection:  b.collection,
		Environment: b.ctx.name,
		Scope:       scope,
		Item:        strings.Join(path, " / "),
		AuthType:    clip(typ, 40),
	}
	params := readParams(b.d, n.get(typ))
	switch typ {
	case "oauth2":
		b.oauth2(&tr, params, loc)
	case "bearer":
		if p, ok := params["token"]; ok {
			tr.AccessTokenPresent = b.present(p, true, loc)
			tr.TokenVariable = onlyVariableOf(p)
			if b.first {
				b.literalToken(p, "bearer token")
			}
		} else {
			tr.AccessTokenPresent = new(model.KnownBool(false, loc))
		}
	}
	b.inv.TokenRequests = append(b.inv.TokenRequests, tr)
	return &authRef{typ: tr.AuthType, scope: scope, tokenRequest: ref, loc: loc}
}

func (b *builder) oauth2(tr *model.TokenRequest, params map[string]param, loc model.Loc) {
	get := func(keys ...string) (param, bool) {
		for _, k := range keys {
			if p, ok := params[k]; ok {
				return p, true
			}
		}
		return param{}, false
	}
	tr.GrantType = b.field(get("grant_type", "grantType"))
	tr.AuthURL = b.field(get("authUrl", "auth_url"))
	tr.TokenURL = b.field(get("accessTokenUrl", "access_token_url", "tokenUrl"))
	tr.ClientID = b.field(get("clientId", "client_id"))
	sp, ok := get("clientSecret", "client_secret")
	tr.SecretPresent = b.present(sp, ok, loc)
	if p, ok := get("scope"); ok {
		tr.Scopes = b.scopes(p)
	}
	tr.Callback = b.field(get("redirect_uri", "callBackUrl", "callback_url", "redirectUri"))
	if p, ok := get("useBrowser"); ok && p.n.truthy() {
		s := model.Known(browserCallback, p.loc)
		tr.Callback = &s
	}
	tr.PKCEMethod = b.field(get("challengeAlgorithm"))
	tr.ClientAuthentication = b.field(get("client_authentication"))
	tr.AddTokenTo = b.field(get("addTokenTo"))
	tr.HeaderPrefix = b.field(get("headerPrefix"))
	if p, ok := get("accessToken"); ok {
		tr.AccessTokenPresent = b.present(p, true, loc)
		tr.TokenVariable = onlyVariableOf(p)
	} else {
		tr.AccessTokenPresent = new(model.KnownBool(false, loc))
	}
	if b.first {
		for k, p := range params {
			if strings.Contains(strings.ToLower(k), "token") {
				b.literalToken(p, "oauth2 "+clip(k, 40))
			}
		}
	}
}

// param is one auth attribute: its value and where its key is written.
type param struct {
	n   node
	loc model.Loc
}

// readParams reads auth attributes: v2.1 writes [{key, value, type}], v2.0
// an object.
func readParams(d *document, n node) map[string]param {
	out := map[string]param{}
	switch v := n.v.(type) {
	case []any:
		for _, a := range n.items() {
			key, ok := a.get("key").v.(string)
			if !ok {
				continue
			}
			out[key] = param{n: a.get("value"), loc: d.loc(a.get("key").ptr)}
		}
	case map[string]any:
		for k := range v {
			c := n.get(k)
			out[k] = param{n: c, loc: d.loc(c.ptr)}
		}
	}
	return out
}

// field resolves a text attribute; nil when absent.
func (b *builder) field(p param, ok bool) *model.String {
	if !ok || p.n.v == nil {
		return nil
	}
	raw, isText := p.n.str()
	if !isText {
		s := model.UnknownString(model.Unknown{Reason: "the value is " + describe(p.n.v) + ", not text"}, p.loc)
		return &s
	}
	s := b.value(raw, p.loc)
	return &s
}

// value resolves raw text written at loc.
func (b *builder) value(raw string, loc model.Loc) model.String {
	r := b.ctx.res.resolve(raw)
	r.text = redactJWTs(r.text)
	expr := ""
	if !r.secret {
		expr = clip(redactJWTs(raw), 200)
	}
	switch {
	case r.unknown != "":
		return model.UnknownString(model.Unknown{Reason: r.unknown, Expr: expr, NonEmpty: r.nonEmpty}, loc)
	case r.secret:
		return model.UnknownString(model.Unknown{Reason: "the value comes from a secret variable", NonEmpty: r.text != ""}, loc)
	case placeholder(r.text):
		return model.UnknownString(model.Unknown{Reason: "the value is a template placeholder", Expr: expr, NonEmpty: true}, loc)
	}
	return model.Known(r.text, loc)
}

// present tells whether a secret or token attribute is set, without its value.
func (b *builder) present(p param, ok bool, authLoc model.Loc) *model.Bool {
	if !ok || p.n.v == nil {
		return new(model.KnownBool(false, authLoc))
	}
	raw, _ := p.n.str()
	if strings.TrimSpace(raw) == "" {
		return new(model.KnownBool(false, p.loc))
	}
	r := b.ctx.res.resolve(raw)
	if r.unknown != "" {
		return &model.Bool{Unknown: &model.Unknown{Reason: r.unknown}, Loc: p.loc}
	}
	return new(model.KnownBool(strings.TrimSpace(r.text) != "", p.loc))
}

// scopes splits oauth2 scope on spaces, after resolution.
func (b *builder) scopes(p param) *model.Strings {
	raw, ok := p.n.str()
	if !ok {
		return &model.Strings{Unknown: &model.Unknown{Reason: "scope is " + describe(p.n.v) + ", not text"}, Loc: p.loc}
	}
	v := b.value(raw, p.loc)
	s, known := v.Get()
	if !known {
		// The list's length is unknown too.
		return &model.Strings{Unknown: v.Unknown, Loc: p.loc}
	}
	out := model.KnownStrings(p.loc, strings.Fields(s)...)
	return &out
}

func onlyVariableOf(p param) string {
	raw, _ := p.n.str()
	return clip(onlyVariable(raw), 100)
}

// literalToken lists a JWT written as a literal attribute value.
func (b *builder) literalToken(p param, where string) {
	raw, _ := p.n.str()
	if isJWT(raw) {
		b.committed(raw, p.n.ptr, where, "")
	}
}

func (b *builder) committed(raw, ptr, where, variable string) {
	t := model.CommittedToken{
		Object:   model.Object{Ref: "committedToken:" + filepath.Base(b.d.file) + "#" + ptr, Loc: b.d.loc(ptr)},
		Where:    where,
		Variable: variable,
	}
	decodeJWT(raw, &t)
	b.inv.CommittedTokens = append(b.inv.CommittedTokens, t)
}

// count reserves room for one more object; false once the bound is reached.
func (b *builder) count() bool {
	if len(b.inv.TokenRequests)+len(b.inv.APIRequests) >= b.maxObjects {
		b.truncate = true
		return false
	}
	return true
}

// request reads a request item.
func (b *builder) request(it node, path []string, parent *authRef) {
	if !b.count() {
		return
	}
	req := it.get("request")
	ar := model.APIRequest{
		Object:      model.Object{Ref: "apiRequest:" + it.ptr + b.ctx.suffix, Loc: b.d.loc(it.get("name").ptr)},
		Collection:  b.collection,
		Environment: b.ctx.name,
		Name:        path[len(path)-1],
		Item:        strings.Join(path, " / "),
	}
	if !it.has("name") {
		ar.Loc = b.d.loc(it.ptr)
	}
	var urlNode node
	switch req.v.(type) {
	case string:
		// A request may be just its URL.
		ar.HTTPMethod = model.Known("GET", b.d.loc(req.ptr))
		urlNode = req
	case map[string]any:
		m := req.get("method")
		if s, ok := m.v.(string); ok && s != "" {
			ar.HTTPMethod = model.Known(strings.ToUpper(clip(s, 20)), b.d.loc(m.ptr))
		} else {
			ar.HTTPMethod = model.Known("GET", b.d.loc(req.ptr))
		}
		urlNode = req.get("url")
	default:
		ar.HTTPMethod = model.Known("GET", ar.Loc)
	}
	ar.URL = b.url(urlNode)
	if s, ok := ar.URL.Get(); ok {
		ar.Host, ar.Path = hostPath(s, ar.URL.Loc)
	}
	own := b.auth(req.get("auth"), model.PostmanScopeRequest, path)
	switch {
	case own != nil:
		ar.Auth = model.RequestAuth{Type: own.typ, Scope: own.scope, TokenRequest: own.tokenRequest, Loc: own.loc}
	case parent != nil:
		ar.Auth = model.RequestAuth{Type: parent.typ, Scope: parent.scope, TokenRequest: parent.tokenRequest, Inherited: true, Loc: parent.loc}
	default:
		ar.Auth = model.RequestAuth{Type: "none", Inherited: true, Loc: ar.Loc}
	}
	ar.AuthorizationHeader = b.headers(req.get("header"))
	if b.first {
		b.requestTokens(urlNode, req.get("body"))
	}
	b.inv.APIRequests = append(b.inv.APIRequests, ar)
}

// requestTokens lists JWTs written in a request's URL or body.
func (b *builder) requestTokens(u, body node) {
	raw := u.text()
	ptr := u.ptr
	if r := u.get("raw"); r.text() != "" {
		raw, ptr = r.text(), r.ptr
	}
	for _, q := range u.get("query").items() {
		if v, _ := q.get("value").str(); isJWT(v) {
			b.committed(v, q.get("value").ptr, "query parameter "+clip(q.get("key").text(), 60), "")
			return
		}
	}
	if t, ok := findJWT(raw); ok {
		b.committed(t, ptr, "request URL", "")
	}
	for _, mode := range []string{"urlencoded", "formdata"} {
		for _, f := range body.get(mode).items() {
			if v, _ := f.get("value").str(); isJWT(v) {
				b.committed(v, f.get("value").ptr, "request body field "+clip(f.get("key").text(), 60), "")
			}
		}
	}
	if t, ok := findJWT(body.get("raw").text()); ok {
		b.committed(t, body.get("raw").ptr, "request body", "")
	}
}

// url resolves a request URL: a string, or {raw, protocol, host, path, query}.
func (b *builder) url(n node) model.String {
	loc := b.d.loc(n.ptr)
	switch n.v.(type) {
	case string:
		return b.value(n.text(), loc)
	case map[string]any:
		if raw, ok := n.get("raw").v.(string); ok {
			return b.value(raw, loc)
		}
		return b.value(composeURL(n), loc)
	case nil:
		return model.UnknownString(model.Unknown{Reason: "the request has no URL"}, loc)
	default:
		return model.UnknownString(model.Unknown{Reason: "the URL is " + describe(n.v)}, loc)
	}
}

// composeURL builds a URL from its parts when raw is missing.
func composeURL(n node) string {
	join := func(v node, sep string) string {
		if s, ok := v.v.(string); ok {
			return s
		}
		var parts []string
		for _, p := range v.items() {
			if s, ok := p.str(); ok {
				parts = append(parts, s)
			} else if s, ok := p.get("value").str(); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, sep)
	}
	var sb strings.Builder
	if p := n.get("protocol").text(); p != "" {
		sb.WriteString(p + "://")
	}
	sb.WriteString(join(n.get("host"), "."))
	if port := n.get("port").text(); port != "" {
		sb.WriteString(":" + port)
	}
	if path := join(n.get("path"), "/"); path != "" {
		sb.WriteString("/" + strings.TrimPrefix(path, "/"))
	}
	return sb.String()
}

// hostPath splits a resolved URL; Postman adds http:// when no scheme is written.
func hostPath(s string, loc model.Loc) (*model.String, *model.String) {
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return nil, nil
	}
	h := model.Known(strings.ToLower(u.Host), loc)
	p := model.Known(u.EscapedPath(), loc)
	return &h, &p
}

// headers finds an enabled Authorization header. Headers are
// [{key, value, disabled}] or, in old exports, "Key: value" lines.
func (b *builder) headers(n node) *model.AuthorizationHeader {
	switch v := n.v.(type) {
	case []any:
		var found *model.AuthorizationHeader
		for _, h := range n.items() {
			key, _ := h.get("key").v.(string)
			raw, _ := h.get("value").str()
			if b.first && isJWT(raw) {
				b.committed(raw, h.get("value").ptr, "header "+clip(key, 60), "")
			}
			if !strings.EqualFold(strings.TrimSpace(key), "Authorization") || h.get("disabled").truthy() || found != nil {
				continue
			}
			found = b.authorization(raw, b.d.loc(h.get("key").ptr))
		}
		return found
	case string:
		for line := range strings.SplitSeq(v, "\n") {
			key, raw, ok := strings.Cut(line, ":")
			if !ok || strings.HasPrefix(strings.TrimSpace(key), "//") {
				continue
			}
			if b.first && isJWT(raw) {
				b.committed(raw, n.ptr, "header "+clip(strings.TrimSpace(key), 60), "")
			}
			if strings.EqualFold(strings.TrimSpace(key), "Authorization") {
				return b.authorization(raw, b.d.loc(n.ptr))
			}
		}
	}
	return nil
}

// authorization records the shape of an Authorization header value.
func (b *builder) authorization(raw string, loc model.Loc) *model.AuthorizationHeader {
	v := strings.TrimSpace(raw)
	h := &model.AuthorizationHeader{Loc: loc}
	cred := v
	if scheme, rest, ok := strings.Cut(v, " "); ok && !strings.Contains(scheme, "{{") {
		h.Scheme, cred = clip(scheme, 40), strings.TrimSpace(rest)
	}
	h.Variable = clip(onlyVariable(cred), 100)
	r := b.ctx.res.resolve(cred)
	h.Resolved = r.unknown == "" && !placeholder(r.text)
	h.JWT = isJWT(cred) || (h.Resolved && isJWT(r.text))
	return h
}
