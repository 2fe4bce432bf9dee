package cloudformation

import (
	"context"
	"fmt"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
	"github.com/authlint/authlint/loader/openapi"
)

// API Gateway v2 (HTTP API) resource types.
const (
	typeServerlessHTTPAPI = "AWS::Serverless::HttpApi"
	typeV2API             = "AWS::ApiGatewayV2::Api"
	typeV2Route           = "AWS::ApiGatewayV2::Route"
	typeV2Authorizer      = "AWS::ApiGatewayV2::Authorizer"
	typeV2Stage           = "AWS::ApiGatewayV2::Stage"
	typeV2Deployment      = "AWS::ApiGatewayV2::Deployment"
	typeV2Overrides       = "AWS::ApiGatewayV2::ApiGatewayManagedOverrides"
)

func (b *builder) addHTTPAPI(ref string, api *model.HTTPAPI) {
	if _, dup := b.httpAPIs[ref]; !dup {
		b.httpOrder = append(b.httpOrder, ref)
	}
	b.httpAPIs[ref] = api
}

// isWebSocket reports an AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET:
// its routes take no JWT authorizer and are not read.
func (t *template) isWebSocket(r *resource) bool {
	v, ok := t.prop(r.props, "ProtocolType")
	if !ok {
		return false
	}
	s, known := t.res.Resolve(v).String()
	return known && strings.EqualFold(strings.TrimSpace(s), "WEBSOCKET")
}

// httpAPI builds an AWS::ApiGatewayV2::Api (HTTP).
func (b *builder) httpAPI(ctx context.Context, t *template, r *resource) *model.HTTPAPI {
	kind := t.apiOrigin()
	obj := t.object(r)
	var api *model.HTTPAPI
	if body, ok := t.prop(r.props, "Body"); ok {
		doc, m, u := b.prepareBody(ctx, t, body, r.propPtr("Body"))
		if u != nil {
			api = &model.HTTPAPI{RoutesUnknown: u, AuthorizersUnknown: u}
		} else {
			api = b.buildHTTPBody(ctx, t, doc, m, obj.Ref, kind)
		}
	}
	if s3, ok := t.prop(r.props, "BodyS3Location"); ok && api == nil {
		if path, local := t.localPath(s3); local {
			view, body := b.readView(ctx, t, path, r.propPtr("BodyS3Location"), "BodyS3Location")
			if view != nil {
				m := origin.New("")
				m.SubtreeIn("", view.file, "")
				api = b.buildHTTPBody(ctx, t, b.normalizeDoc(t, body, m), m, obj.Ref, kind)
			}
		}
		if api == nil {
			u := &model.Unknown{Reason: "the OpenAPI body is stored in S3 (BodyS3Location), which authlint does not read", Expr: intrinsic.Render(s3)}
			api = &model.HTTPAPI{RoutesUnknown: u, AuthorizersUnknown: u}
		}
	}
	if api == nil {
		api = &model.HTTPAPI{}
	}
	api.Object = obj
	api.Origin = kind
	api.ProtocolType = t.optStr(r, "ProtocolType")
	if n := t.optStr(r, "Name"); n != nil {
		api.Name = n
	}
	if d := t.optBool(r, "DisableExecuteApiEndpoint"); d != nil {
		api.DisableExecuteAPIEndpoint = d
	}
	if c, ok := t.prop(r.props, "CorsConfiguration"); ok {
		api.CORS = b.httpCORS(t, c, r.propPtr("CorsConfiguration"))
	}
	b.quickCreate(t, r, api)
	return api
}

// quickCreate adds what API Gateway creates for an API with a Target: a
// route (RouteKey, $default unless set) without authorization, and an
// auto-deployed $default stage.
func (b *builder) quickCreate(t *template, r *resource, api *model.HTTPAPI) {
	target := t.optStr(r, "Target")
	if target == nil {
		return
	}
	api.QuickCreateTarget = target
	loc := target.Loc
	key := model.Known("$default", loc)
	if k := t.optStr(r, "RouteKey"); k != nil {
		key = *k
	}
	keyText, known := key.Get()
	if !known {
		keyText = "quick-create"
	}
	api.Routes = append(api.Routes, model.Route{
		Object:              model.Object{Ref: api.Ref + "/route/" + keyText, Loc: loc, LogicalID: r.id, CDKPath: r.cdkPath()},
		RouteKey:            key,
		AuthorizationType:   model.Known("NONE", loc),
		AuthorizationScopes: model.Strings{Items: []model.String{}, Loc: loc},
		Target:              target,
		GeneratedBy:         "quick-create",
	})
	api.Stages = append(api.Stages, model.HTTPStage{
		Object:     model.Object{Ref: api.Ref + "/stage/$default", Loc: loc, LogicalID: r.id, CDKPath: r.cdkPath()},
		Name:       new(model.Known("$default", loc)),
		AutoDeploy: new(model.KnownBool(true, loc)),
	})
}

// httpCORS reads a CorsConfiguration property.
func (b *builder) httpCORS(t *template, v any, ptr string) *model.HTTPCORS {
	m, mptr, u := t.objectProp(v, ptr)
	c := &model.HTTPCORS{Loc: t.keyLoc(ptr)}
	switch {
	case u != nil:
		c.Unknown = &model.Unknown{Reason: "CorsConfiguration " + u.Reason, Expr: u.Expr}
		return c
	case m == nil:
		return nil
	}
	for key, field := range map[string]**model.Strings{"AllowOrigins": &c.AllowOrigins, "AllowHeaders": &c.AllowHeaders, "AllowMethods": &c.AllowMethods} {
		if fv, ok := t.prop(m, key); ok {
			l := t.list(fv, mptr+"/"+key)
			*field = &l
		}
	}
	if fv, ok := t.prop(m, "AllowCredentials"); ok {
		bv := t.boolean(fv, mptr+"/AllowCredentials")
		c.AllowCredentials = &bv
	}
	return c
}

// buildHTTPBody runs the OpenAPI reader for HTTP APIs on a prepared document.
func (b *builder) buildHTTPBody(ctx context.Context, t *template, doc map[string]any, m *origin.Map, apiRef, kind string) *model.HTTPAPI {
	env := &httpBodyEnv{bodyEnv{b: b, t: t, m: m}}
	res, err := safeReadHTTP(ctx, doc, env, openapi.Options{APIRef: apiRef, Origin: kind})
	if err != nil {
		u := b.bodyUnread(t, m, err)
		return &model.HTTPAPI{RoutesUnknown: u, AuthorizersUnknown: u}
	}
	b.inv.Suppressions = append(b.inv.Suppressions, res.Suppressions...)
	return res.API
}

func safeReadHTTP(ctx context.Context, doc map[string]any, env openapi.HTTPEnv, opts openapi.Options) (res *openapi.HTTPResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error in the OpenAPI reader: %v", r)
		}
	}()
	res, err = openapi.ReadHTTP(ctx, doc, env, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the OpenAPI body: %w", err)
	}
	return res, nil
}

// httpBodyEnv is the openapi.HTTPEnv of a document inline in a template.
type httpBodyEnv struct{ bodyEnv }

func (e *httpBodyEnv) Issuer(v any, ptr string) (model.String, *model.Link) {
	return e.b.issuer(e.t, v, e.Loc(ptr))
}

func (e *httpBodyEnv) AudienceEntry(v any, ptr string) model.AudienceEntry {
	return e.b.audienceEntry(e.t, v, e.Loc(ptr))
}

// httpAPIFor finds the HTTP API a route, authorizer, stage or deployment
// belongs to (its ApiId).
func (b *builder) httpAPIFor(t *template, r *resource) *model.HTTPAPI {
	v, ok := t.prop(r.props, "ApiId")
	if !ok {
		return b.externalHTTP(t, "no ApiId", "the resource names no ApiId")
	}
	res := t.res.Resolve(v)
	// !Ref Api and !GetAtt Api.ApiId both give the API's id.
	if ref := res.SingleRef(); ref != nil && (ref.Attr == "" || ref.Attr == "ApiId") {
		if api := b.httpAPIs[t.refOf(ref)]; api != nil {
			return api
		}
		if ref.Missing() {
			return b.externalHTTP(t, "!Ref "+ref.LogicalID, "ApiId refers to "+ref.LogicalID+", which the template does not define")
		}
		if ref.Type == typeV2API || ref.Type == typeServerlessHTTPAPI {
			// A WebSocket API: its children are not read either.
			return nil
		}
	}
	expr := intrinsic.Render(v)
	return b.externalHTTP(t, expr, outsideReason("HTTP API", res, expr))
}

// externalHTTP is the placeholder HTTP API for resources that add to an API
// defined elsewhere.
func (b *builder) externalHTTP(t *template, expr, reason string) *model.HTTPAPI {
	key := t.prefix + "external:" + expr
	if api := b.httpAPIs[key]; api != nil {
		return api
	}
	u := &model.Unknown{Reason: reason, Expr: expr}
	kind := t.apiOrigin()
	api := &model.HTTPAPI{
		Object:             model.Object{Ref: key, Loc: model.Loc{File: t.file}},
		Origin:             kind,
		ID:                 &model.String{Unknown: u},
		RoutesUnknown:      u,
		AuthorizersUnknown: u,
		StagesUnknown:      u,
		DeploymentsUnknown: u,
	}
	b.addHTTPAPI(key, api)
	return api
}

// route builds an AWS::ApiGatewayV2::Route.
func (b *builder) route(t *template, r *resource) {
	api := b.httpAPIFor(t, r)
	if api == nil {
		return
	}
	rt := model.Route{Object: t.object(r)}
	if v, ok := t.prop(r.props, "RouteKey"); ok {
		rt.RouteKey = t.str(v, r.propPtr("RouteKey"))
	} else {
		rt.RouteKey = model.UnknownString(model.Unknown{Reason: "the route has no RouteKey"}, rt.Loc)
	}
	if v, ok := t.prop(r.props, "AuthorizationType"); ok {
		rt.AuthDeclared = true
		rt.AuthorizationType = t.str(v, r.propPtr("AuthorizationType"))
		if s, ok := rt.AuthorizationType.Get(); ok {
			rt.AuthorizationType = model.Known(strings.ToUpper(strings.TrimSpace(s)), rt.AuthorizationType.Loc)
		}
	} else {
		rt.AuthorizationType = model.Known("NONE", rt.Loc)
	}
	if v, ok := t.prop(r.props, "AuthorizerId"); ok {
		rt.Authorizer = t.link(v, r.propPtr("AuthorizerId"), "authorizer", typeV2Authorizer)
	}
	if v, ok := t.prop(r.props, "AuthorizationScopes"); ok {
		rt.AuthorizationScopes = t.list(v, r.propPtr("AuthorizationScopes"))
	} else {
		rt.AuthorizationScopes = model.Strings{Items: []model.String{}, Loc: rt.Loc}
	}
	rt.Target = t.optStr(r, "Target")
	api.Routes = append(api.Routes, rt)
}

// httpAuthorizer builds an AWS::ApiGatewayV2::Authorizer.
func (b *builder) httpAuthorizer(t *template, r *resource) {
	api := b.httpAPIFor(t, r)
	if api == nil {
		return
	}
	a := model.HTTPAuthorizer{Object: t.object(r), Name: t.optStr(r, "Name")}
	if v, ok := t.prop(r.props, "AuthorizerType"); ok {
		a.Type = t.str(v, r.propPtr("AuthorizerType"))
		if s, ok := a.Type.Get(); ok {
			a.Type = model.Known(strings.ToUpper(strings.TrimSpace(s)), a.Type.Loc)
		}
	} else {
		a.Type = model.UnknownString(model.Unknown{Reason: "the authorizer has no AuthorizerType"}, a.Loc)
	}
	a.IdentitySource = t.optList(r, "IdentitySource")
	if raw, ok := t.prop(r.props, "JwtConfiguration"); ok {
		ptr := r.propPtr("JwtConfiguration")
		m, mptr, u := t.objectProp(raw, ptr)
		switch {
		case u != nil:
			uu := &model.Unknown{Reason: "JwtConfiguration " + u.Reason, Expr: u.Expr}
			a.Issuer = new(model.UnknownString(*uu, t.keyLoc(ptr)))
			a.Audience = &model.Audience{Items: []model.AudienceEntry{}, Unknown: uu, Loc: t.keyLoc(ptr)}
		case m != nil:
			if v, ok := t.prop(m, "Issuer"); ok {
				s, link := b.issuer(t, v, t.keyLoc(mptr+"/Issuer"))
				a.Issuer, a.IssuerUserPool = &s, link
			}
			if v, ok := t.prop(m, "Audience"); ok {
				a.Audience = b.audience(t, v, mptr+"/Audience")
			}
		}
	}
	api.Authorizers = append(api.Authorizers, a)
}

// audience reads JwtConfiguration.Audience: a list whose items may be
// references to app clients (or, wrongly, to user pools).
func (b *builder) audience(t *template, v any, ptr string) *model.Audience {
	out := &model.Audience{Loc: t.keyLoc(ptr)}
	out.Items, out.Unknown = listOf(t, v, ptr, out.Loc, func(it any, loc model.Loc) model.AudienceEntry {
		return b.audienceEntry(t, it, loc)
	})
	return out
}

// audienceEntry resolves one audience value: !Ref Client (or !GetAtt
// Client.ClientId) links the app client; !Ref Pool links the user pool,
// which gives the pool id, never a valid audience.
func (b *builder) audienceEntry(t *template, v any, loc model.Loc) model.AudienceEntry {
	e := model.AudienceEntry{Value: t.strAt(v, loc), Loc: loc}
	res := t.res.Resolve(v)
	if res.Kind != intrinsic.Parts {
		return e
	}
	ref := res.SingleRef()
	if ref == nil {
		for _, p := range res.Parts {
			if p.Ref != nil && p.Ref.Missing() {
				e.AppClient = t.missing(p.Ref.LogicalID, loc)
				return e
			}
		}
		return e
	}
	switch {
	case ref.Missing():
		e.AppClient = t.missing(ref.LogicalID, loc)
	case ref.Type == typeUserPoolClient && (ref.Attr == "" || ref.Attr == "ClientId"):
		e.AppClient = &model.Link{Target: t.refOf(ref), Loc: loc}
	case ref.Type == typeUserPool && (ref.Attr == "" || ref.Attr == "UserPoolId"):
		e.UserPool = &model.Link{Target: t.refOf(ref), Loc: loc}
		e.Value = model.UnknownString(model.Unknown{Reason: "!Ref of a user pool gives the pool id, which is never a token's aud or client_id (list the app client ids)", Expr: ref.Render(), NonEmpty: true}, loc)
	}
	return e
}

// issuer resolves a JWT issuer and links it to the user pool it names:
// !Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}, or an
// attribute of the pool (!GetAtt Pool.ProviderURL, which lacks https://).
// An issuer built from unknown pieces keeps its expression in Unknown.Expr
// (!Sub "https://…/${Pool}"), so the scheme and the trailing slash can still
// be checked.
func (b *builder) issuer(t *template, v any, loc model.Loc) (model.String, *model.Link) {
	res := t.res.Resolve(v)
	switch res.Kind {
	case intrinsic.Known:
		return t.strAt(v, loc), nil
	case intrinsic.Parts:
		u := res.AsUnknown(intrinsic.Render(v))
		u.NonEmpty = true
		s := model.UnknownString(*u, loc)
		// https://cognito-idp.${AWS::Region}.amazonaws.com/${PoolId} with
		// PoolId imported from another stack: the workspace step joins it
		// when the exporting stack is in the scan.
		if n := len(res.Parts); n >= 2 {
			last, prev := res.Parts[n-1], res.Parts[n-2]
			if last.Unknown != nil && last.Unknown.Import != "" && prev.Ref == nil && prev.Unknown == nil &&
				strings.HasSuffix(prev.Text, ".amazonaws.com/") && strings.Contains(intrinsic.Text(res.Parts), "cognito-idp") {
				pu := *last.Unknown
				pu.Reason = "the pool id is " + pu.Reason
				pu.Expr = intrinsic.Text(res.Parts)
				return s, &model.Link{Unknown: &pu, Loc: loc}
			}
		}
		for _, p := range res.Parts {
			if p.Ref == nil {
				continue
			}
			switch {
			case p.Ref.Missing():
				return s, t.missing(p.Ref.LogicalID, loc)
			case p.Ref.Type == typeUserPool:
				return s, &model.Link{Target: t.refOf(p.Ref), Loc: loc}
			}
		}
		return s, &model.Link{Unknown: &model.Unknown{Reason: "the issuer names no user pool of the template", Expr: u.Expr}, Loc: loc}
	default:
		u := res.AsUnknown(intrinsic.Render(v))
		return model.UnknownString(*u, loc), &model.Link{Unknown: u, Loc: loc}
	}
}

// httpStage builds an AWS::ApiGatewayV2::Stage.
func (b *builder) httpStage(t *template, r *resource) {
	api := b.httpAPIFor(t, r)
	if api == nil {
		return
	}
	st := model.HTTPStage{Object: t.object(r), Name: t.optStr(r, "StageName"), AutoDeploy: t.optBool(r, "AutoDeploy")}
	if v, ok := t.prop(r.props, "DeploymentId"); ok {
		st.Deployment = t.link(v, r.propPtr("DeploymentId"), "deployment", typeV2Deployment)
	}
	api.Stages = append(api.Stages, st)
}

// httpDeployment builds an AWS::ApiGatewayV2::Deployment.
func (b *builder) httpDeployment(t *template, r *resource) {
	api := b.httpAPIFor(t, r)
	if api == nil {
		return
	}
	d := model.Deployment{Object: t.object(r), DependsOn: append([]string{}, r.dependsOn...), Triggers: []string{}, ManagedBy: model.KindCloudFormation}
	hashed := false
	if t.cdk && r.cdkPath() != "" {
		d.ManagedBy, hashed = model.KindCDK, true
	}
	d.RedeploysOnChange = &model.Bool{Value: new(hashed), Loc: d.Loc}
	d.StageName = t.optStr(r, "StageName")
	api.Deployments = append(api.Deployments, d)
}

// httpAPIUnknowns marks an HTTP API whose parts a nested stack that is not
// read may add to.
func httpAPIUnknowns(api *model.HTTPAPI, u *model.Unknown) {
	api.RoutesUnknown = orUnknown(api.RoutesUnknown, u)
	api.AuthorizersUnknown = orUnknown(api.AuthorizersUnknown, u)
	api.StagesUnknown = orUnknown(api.StagesUnknown, u)
	api.DeploymentsUnknown = orUnknown(api.DeploymentsUnknown, u)
}

// managedOverrides applies an AWS::ApiGatewayV2::ApiGatewayManagedOverrides
// to the route and stage quick create made: it is how a template gives the
// generated $default route an authorizer, or turns its stage's auto deploy
// off.
func (b *builder) managedOverrides(t *template, r *resource) {
	api := b.httpAPIFor(t, r)
	if api == nil {
		return
	}
	if raw, ok := t.prop(r.props, "Route"); ok {
		m, mptr, u := t.objectProp(raw, r.propPtr("Route"))
		for i := range api.Routes {
			rt := &api.Routes[i]
			if rt.GeneratedBy != "quick-create" {
				continue
			}
			if u != nil {
				uu := &model.Unknown{Reason: "the ApiGatewayManagedOverrides Route " + u.Reason, Expr: u.Expr}
				rt.AuthorizationType = model.UnknownString(*uu, t.keyLoc(r.propPtr("Route")))
				rt.AuthDeclared = true
				continue
			}
			if v, ok := t.prop(m, "AuthorizationType"); ok {
				rt.AuthDeclared = true
				rt.AuthorizationType = t.str(v, mptr+"/AuthorizationType")
				if s, ok := rt.AuthorizationType.Get(); ok {
					rt.AuthorizationType = model.Known(strings.ToUpper(strings.TrimSpace(s)), rt.AuthorizationType.Loc)
				}
			}
			if v, ok := t.prop(m, "AuthorizerId"); ok {
				rt.Authorizer = t.link(v, mptr+"/AuthorizerId", "authorizer", typeV2Authorizer)
			}
			if v, ok := t.prop(m, "AuthorizationScopes"); ok {
				rt.AuthorizationScopes = t.list(v, mptr+"/AuthorizationScopes")
			}
		}
	}
	if raw, ok := t.prop(r.props, "Stage"); ok {
		m, mptr, u := t.objectProp(raw, r.propPtr("Stage"))
		for i := range api.Stages {
			st := &api.Stages[i]
			if st.LogicalID != api.LogicalID {
				continue
			}
			switch {
			case u != nil:
				st.AutoDeploy = &model.Bool{Unknown: &model.Unknown{Reason: "the ApiGatewayManagedOverrides Stage " + u.Reason, Expr: u.Expr}, Loc: t.keyLoc(r.propPtr("Stage"))}
			case m != nil:
				if v, ok := t.prop(m, "AutoDeploy"); ok {
					bv := t.boolean(v, mptr+"/AutoDeploy")
					st.AutoDeploy = &bv
				}
			}
		}
	}
}
