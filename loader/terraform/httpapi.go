package terraform

import (
	"context"
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/openapi"
)

// HTTP APIs (API Gateway v2): aws_apigatewayv2_api and the routes,
// authorizers, stages and deployments that name it by api_id.

// httpAPIs holds the HTTP APIs being built, by ref, in order.
type httpAPIs struct {
	byRef map[string]*model.HTTPAPI
	order []string
	// websocket are aws_apigatewayv2_api instances of protocol WEBSOCKET:
	// their children are not read.
	websocket map[string]bool
}

func (h *httpAPIs) add(ref string, api *model.HTTPAPI) {
	if h.byRef == nil {
		h.byRef = map[string]*model.HTTPAPI{}
	}
	if _, dup := h.byRef[ref]; !dup {
		h.order = append(h.order, ref)
	}
	h.byRef[ref] = api
}

// buildHTTP builds the HTTP APIs after the Cognito resources (links to
// pools and clients need them).
func (b *builder) buildHTTP(insts []*instance) {
	pass := func(typ string, fn func(*instance)) {
		for _, in := range insts {
			if in.typ == typ {
				fn(in)
			}
		}
	}
	pass(tHTTPAPI, b.httpAPI)
	pass(tAuthorizerV2, b.httpAuthorizer)
	pass(tRoute, b.route)
	pass(tDeploymentV2, b.httpDeployment)
	pass(tStageV2, b.httpStage)
	for _, ref := range b.http.order {
		b.inv.HTTPAPIs = append(b.inv.HTTPAPIs, *b.http.byRef[ref])
	}
}

// httpAPI builds an aws_apigatewayv2_api. Quick create (target) makes API
// Gateway add an integration, a $default route without authorization and an
// auto-deploying $default stage: the route and stage are added here, marked
// as generated.
func (b *builder) httpAPI(in *instance) {
	obj := b.object(in)
	proto := b.str(in, "protocol_type")
	if v, ok := proto.Get(); ok && strings.EqualFold(v, "WEBSOCKET") {
		if b.http.websocket == nil {
			b.http.websocket = map[string]bool{}
		}
		b.http.websocket[obj.Ref] = true
		// WebSocket APIs take no JWT authorizer: not read, which --verbose says.
		b.inv.Sources = append(b.inv.Sources, model.Source{Kind: model.KindTerraform, File: fmt.Sprintf("%s:%d", in.loc.File, in.loc.Line),
			Unread: "the WebSocket API " + in.addr + " is not read (its routes take no JWT authorizer)"})
		return
	}
	api := &model.HTTPAPI{
		Object:       obj,
		Origin:       model.KindTerraform,
		Name:         b.str(in, "name"),
		ProtocolType: proto,
		Routes:       []model.Route{},
		Authorizers:  []model.HTTPAuthorizer{},
		Stages:       []model.HTTPStage{},
		Deployments:  []model.Deployment{},
	}
	api.ID = &model.String{Unknown: &model.Unknown{Reason: "the API id is assigned when Terraform creates the API", Expr: in.addr + ".id"}, Loc: in.loc}
	api.DisableExecuteAPIEndpoint = b.boolean(in, "disable_execute_api_endpoint")
	if v, a, ok := value(in, "body"); ok {
		b.httpBody(in, v, a, api)
	}
	if t := b.str(in, "target"); t != nil {
		if _, a, _ := value(in, "target"); t.Unknown != nil && len(refsOf(a.val)) > 0 {
			// An attribute of a resource (a function's ARN): never empty.
			t.Unknown.NonEmpty = true
		}
		api.QuickCreateTarget = t
		loc := t.Loc
		api.Routes = append(api.Routes, model.Route{
			Object:              model.Object{Ref: obj.Ref + "/route/$default", Loc: loc, LogicalID: in.addr},
			RouteKey:            model.Known("$default", loc),
			AuthorizationType:   model.Known("NONE", loc),
			AuthorizationScopes: model.Strings{Items: []model.String{}, Loc: loc},
			GeneratedBy:         "quick-create",
		})
		api.Stages = append(api.Stages, model.HTTPStage{
			Object:     model.Object{Ref: obj.Ref + "/stage/$default", Loc: loc, LogicalID: in.addr},
			Name:       new(model.Known("$default", loc)),
			AutoDeploy: new(model.KnownBool(true, loc)),
		})
	}
	for _, cb := range in.blocks["cors_configuration"] {
		c := &model.HTTPCORS{Loc: cb.loc}
		c.AllowOrigins = b.blockList(cb, "allow_origins")
		c.AllowHeaders = b.blockList(cb, "allow_headers")
		c.AllowMethods = b.blockList(cb, "allow_methods")
		if a := cb.attrs["allow_credentials"]; a != nil {
			v, _ := a.val.Unmark()
			if v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool {
				c.AllowCredentials = new(model.KnownBool(v.True(), a.loc))
			} else {
				c.AllowCredentials = &model.Bool{Unknown: unknownOf(a.val, a.expr), Loc: a.loc}
			}
		}
		api.CORS = c
	}
	if in.scopesUnknown != nil && api.CORS == nil {
		// dynamic "cors_configuration" over an unknown collection.
		api.CORS = &model.HTTPCORS{Unknown: in.scopesUnknown, Loc: in.loc}
	}
	b.http.add(obj.Ref, api)
}

// blockList reads a list attribute of a nested block.
func (b *builder) blockList(bl *block, name string) *model.Strings {
	tmp := &instance{attrs: bl.attrs}
	return b.list(tmp, name)
}

// httpAPIFor finds the HTTP API a child resource belongs to (its api_id);
// nil for a child of a WebSocket API.
func (b *builder) httpAPIFor(in *instance) *model.HTTPAPI {
	l := b.link(in, "api_id", tHTTPAPI)
	if l != nil && l.Target != "" {
		if b.http.websocket[l.Target] {
			return nil
		}
		if api := b.http.byRef[l.Target]; api != nil {
			return api
		}
	}
	reason, expr := "the resource names no api_id", ""
	if l != nil {
		switch {
		case l.Unknown != nil:
			reason, expr = "the HTTP API is defined outside this configuration ("+l.Unknown.Reason+")", l.Unknown.Expr
		case l.Missing != nil:
			reason, expr = "api_id refers to "+l.Missing.Name+", which the configuration does not declare", l.Missing.Name
		}
	}
	key := "external:" + expr
	if expr == "" {
		key = "external:" + reason
	}
	if api := b.http.byRef[key]; api != nil {
		return api
	}
	u := &model.Unknown{Reason: reason, Expr: expr}
	api := &model.HTTPAPI{
		Object:             model.Object{Ref: key, Loc: model.Loc{File: in.loc.File}},
		Origin:             model.KindTerraform,
		ID:                 &model.String{Unknown: u},
		Routes:             []model.Route{},
		RoutesUnknown:      u,
		Authorizers:        []model.HTTPAuthorizer{},
		AuthorizersUnknown: u,
		Stages:             []model.HTTPStage{},
		StagesUnknown:      u,
		Deployments:        []model.Deployment{},
		DeploymentsUnknown: u,
	}
	// The API's CORS configuration is not known either.
	api.CORS = &model.HTTPCORS{Unknown: u}
	b.http.add(key, api)
	return api
}

// httpAuthorizer builds an aws_apigatewayv2_authorizer.
func (b *builder) httpAuthorizer(in *instance) {
	api := b.httpAPIFor(in)
	if api == nil {
		return
	}
	a := model.HTTPAuthorizer{Object: b.object(in), Name: b.str(in, "name")}
	if s := b.str(in, "authorizer_type"); s != nil {
		a.Type = *s
		if v, ok := s.Get(); ok {
			a.Type = model.Known(strings.ToUpper(v), s.Loc)
		}
	} else {
		// Required by the provider: an apply fails without it.
		a.Type = model.UnknownString(model.Unknown{Reason: "the authorizer has no authorizer_type"}, a.Loc)
	}
	a.IdentitySource = b.list(in, "identity_sources")
	for _, jc := range in.blocks["jwt_configuration"] {
		if ia := jc.attrs["issuer"]; ia != nil {
			a.Issuer, a.IssuerUserPool = b.issuer(ia)
		}
		if aa := jc.attrs["audience"]; aa != nil {
			a.Audience = b.audience(aa)
		}
	}
	api.Authorizers = append(api.Authorizers, a)
}

// issuer reads jwt_configuration.issuer and links the pool its references
// name ("https://${aws_cognito_user_pool.p.endpoint}").
func (b *builder) issuer(a *attr) (*model.String, *model.Link) {
	v, _ := a.val.Unmark()
	expr := a.expr
	if expr == "" {
		expr = a.text
	}
	if expr == "" {
		// No text to show: never let unknownOf name the bare reference,
		// which would read as the endpoint used without a scheme.
		expr = "(an expression)"
	}
	s := b.strOf(v, a.val, a.loc, expr)
	var pool *model.Link
	for _, r := range refsOf(a.val) {
		if typeOfAddr(r.Addr) == tUserPool {
			pool = b.linkTo(a.val, a.loc, tUserPool)
			break
		}
	}
	return &s, pool
}

// audience reads jwt_configuration.audience: each entry links to the app
// client (or, wrongly, the pool) it refers to.
func (b *builder) audience(a *attr) *model.Audience {
	out := &model.Audience{Items: []model.AudienceEntry{}, Loc: a.loc}
	v, _ := a.val.Unmark()
	if !v.IsKnown() {
		out.Unknown = unknownOf(a.val, a.expr)
		return out
	}
	if v.IsNull() {
		return out
	}
	ty := v.Type()
	if !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
		out.Items = append(out.Items, b.audienceEntry(a.val, a.loc, a.expr))
		return out
	}
	ordered := !ty.IsSetType() && len(a.items) == v.LengthInt()
	for i, kv := range elems(a.val) {
		loc, text := a.loc, ""
		if ordered {
			loc = a.items[i]
			if i < len(a.itemTexts) {
				text = a.itemTexts[i]
			}
		}
		out.Items = append(out.Items, b.audienceEntry(kv[1], loc, text))
	}
	return out
}

// audienceEntry reads one audience value; text is the expression as the
// user wrote it, shown when the value is unknown.
func (b *builder) audienceEntry(e cty.Value, loc model.Loc, text string) model.AudienceEntry {
	ev, _ := e.Unmark()
	entry := model.AudienceEntry{Value: b.strOf(ev, e, loc, text), Loc: loc}
	for _, r := range refsOf(e) {
		switch {
		case typeOfAddr(r.Addr) == tUserPoolClient && r.Attr == "id":
			entry.AppClient = b.linkTo(e, loc, tUserPoolClient)
		case typeOfAddr(r.Addr) == tUserPoolClient && r.Attr == "user_pool_id":
			// The client's pool id, not the client's.
			if c := b.byAddr[r.Addr]; c != nil {
				if l := b.link(c, "user_pool_id", tUserPool); l != nil && l.Target != "" {
					entry.UserPool = &model.Link{Target: l.Target, Loc: loc}
				}
			}
		case typeOfAddr(r.Addr) == tUserPool:
			entry.UserPool = b.linkTo(e, loc, tUserPool)
		}
	}
	if entry.AppClient != nil && entry.AppClient.Target != "" {
		entry.UserPool = nil
	}
	return entry
}

// route builds an aws_apigatewayv2_route: authorization_type defaults to
// NONE, so an authorizer_id alone does not protect the route.
func (b *builder) route(in *instance) {
	api := b.httpAPIFor(in)
	if api == nil {
		return
	}
	r := model.Route{Object: b.object(in)}
	if s := b.str(in, "route_key"); s != nil {
		r.RouteKey = *s
	} else {
		r.RouteKey = model.UnknownString(model.Unknown{Reason: "the route has no route_key"}, r.Loc)
	}
	if s := b.str(in, "authorization_type"); s != nil {
		r.AuthDeclared = true
		r.AuthorizationType = *s
		if v, ok := s.Get(); ok {
			r.AuthorizationType = model.Known(strings.ToUpper(v), s.Loc)
		}
	} else {
		r.AuthorizationType = model.Known("NONE", r.Loc)
	}
	r.Authorizer = b.link(in, "authorizer_id", tAuthorizerV2)
	if l := b.list(in, "authorization_scopes"); l != nil {
		r.AuthorizationScopes = *l
	} else {
		r.AuthorizationScopes = model.Strings{Items: []model.String{}, Loc: r.Loc}
	}
	r.Target = b.str(in, "target")
	api.Routes = append(api.Routes, r)
}

// httpDeployment builds an aws_apigatewayv2_deployment.
func (b *builder) httpDeployment(in *instance) {
	api := b.httpAPIFor(in)
	if api == nil {
		return
	}
	d := model.Deployment{Object: b.object(in), ManagedBy: model.KindTerraform, Triggers: []string{}, DependsOn: []string{}}
	d.DependsOn = append(d.DependsOn, in.dependsOn...)
	d.RedeploysOnChange = b.redeploys(in, &d)
	api.Deployments = append(api.Deployments, d)
}

// httpStage builds an aws_apigatewayv2_stage; auto_deploy defaults to
// false.
func (b *builder) httpStage(in *instance) {
	api := b.httpAPIFor(in)
	if api == nil {
		return
	}
	s := model.HTTPStage{Object: b.object(in), Name: b.str(in, "name")}
	if bv := b.boolean(in, "auto_deploy"); bv != nil {
		s.AutoDeploy = bv
	} else {
		s.AutoDeploy = new(model.KnownBool(false, s.Loc))
	}
	s.Deployment = b.link(in, "deployment_id", tDeploymentV2)
	api.Stages = append(api.Stages, s)
}

// httpBody reads the OpenAPI body of an HTTP API: its routes, authorizers
// and CORS configuration. A body that cannot be read leaves them unknown.
func (b *builder) httpBody(in *instance, v cty.Value, a *attr, api *model.HTTPAPI) {
	m, env, u := b.bodyDoc(in, v, a)
	if u == nil {
		res, err := safeReadHTTP(b.ctx, m, env, openapi.Options{APIRef: api.Ref, Origin: model.KindTerraform})
		switch {
		case err != nil:
			b.pr.add("%s:%d:%d: %s: the OpenAPI body could not be read: %v", a.loc.File, a.loc.Line, a.loc.Column, in.addr, err)
			u = &model.Unknown{Reason: "the OpenAPI body could not be read"}
		case res != nil && res.API != nil:
			api.Routes = append(api.Routes, res.API.Routes...)
			api.Authorizers = append(api.Authorizers, res.API.Authorizers...)
			api.RoutesUnknown, api.AuthorizersUnknown = res.API.RoutesUnknown, res.API.AuthorizersUnknown
			if res.API.CORS != nil {
				api.CORS = res.API.CORS
			}
			b.inv.Suppressions = append(b.inv.Suppressions, res.Suppressions...)
			return
		}
	}
	if u != nil {
		api.RoutesUnknown, api.AuthorizersUnknown = u, u
		if api.CORS == nil {
			api.CORS = &model.HTTPCORS{Unknown: u, Loc: a.loc}
		}
	}
}

func safeReadHTTP(ctx context.Context, doc map[string]any, env openapi.HTTPEnv, opts openapi.Options) (res *openapi.HTTPResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error in the OpenAPI reader: %v", r)
		}
	}()
	return openapi.ReadHTTP(ctx, doc, env, opts)
}
