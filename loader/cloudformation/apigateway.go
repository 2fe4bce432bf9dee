package cloudformation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
	"github.com/authlint/authlint/loader/internal/apigw"
	"github.com/authlint/authlint/loader/openapi"
)

// API Gateway resource types.
const (
	typeRestAPI         = "AWS::ApiGateway::RestApi"
	typeResource        = "AWS::ApiGateway::Resource"
	typeMethod          = "AWS::ApiGateway::Method"
	typeAuthorizer      = "AWS::ApiGateway::Authorizer"
	typeDeployment      = "AWS::ApiGateway::Deployment"
	typeStage           = "AWS::ApiGateway::Stage"
	typeGatewayResponse = "AWS::ApiGateway::GatewayResponse"
	typeServerlessAPI   = "AWS::Serverless::Api"
)

// restAPI builds an AWS::ApiGateway::RestApi.
func (b *builder) restAPI(ctx context.Context, t *template, r *resource) *model.RestAPI {
	origin := t.apiOrigin()
	obj := t.object(r)
	var api *model.RestAPI
	if body, ok := t.prop(r.props, "Body"); ok {
		api = b.inlineBody(ctx, t, body, r.propPtr("Body"), obj.Ref, origin)
	}
	if api == nil {
		api = &model.RestAPI{}
	}
	if s3, ok := t.prop(r.props, "BodyS3Location"); ok && api.MethodsUnknown == nil && len(api.Methods) == 0 {
		loaded := false
		if path, local := t.localPath(s3); local {
			if got := b.localBody(ctx, t, path, r.propPtr("BodyS3Location"), obj.Ref, origin); got != nil {
				api, loaded = got, true
			}
		}
		if !loaded {
			u := &model.Unknown{Reason: "the OpenAPI body is stored in S3 (BodyS3Location), which authlint does not read", Expr: intrinsic.Render(s3)}
			unreadBody(api, u, t.keyLoc(r.propPtr("BodyS3Location")))
		}
	}
	if u := r.loopUnknownUnder("Body"); u != nil {
		// The methods and authorizers the loop adds are unknown, but the
		// body keeps what it defines itself.
		api.MethodsUnknown, api.AuthorizersUnknown, api.GatewayResponsesUnknown = u, u, u
	}
	api.Object = obj
	api.Origin = origin
	if n := t.optStr(r, "Name"); n != nil {
		api.Name = n
	}
	if p, ok := t.prop(r.props, "Policy"); ok {
		api.ResourcePolicy = b.policy(t, p, r.propPtr("Policy"))
		if u := r.loopUnknownUnder("Policy"); u != nil {
			api.ResourcePolicy.Unknown = u
		}
	}
	if d := t.optBool(r, "DisableExecuteApiEndpoint"); d != nil {
		api.DisableExecuteAPIEndpoint = d
	}
	if s := t.optStr(r, "ApiKeySourceType"); s != nil {
		api.APIKeySource = s
	}
	// The property wins over what the body implies; without either the API
	// is EDGE, API Gateway's default.
	switch et := t.endpointType(r); {
	case et != nil:
		api.EndpointType = et
	case api.EndpointType == nil:
		edge := model.Known(apigw.EndpointEdge, obj.Loc)
		api.EndpointType = &edge
	}
	return api
}

// endpointType reads a RestApi's EndpointConfiguration.Types, or the
// endpointConfigurationTypes import parameter a Body may be given; nil when
// neither is set.
func (t *template) endpointType(r *resource) *model.String {
	if v, ok := t.prop(r.props, "EndpointConfiguration"); ok {
		ptr := r.propPtr("EndpointConfiguration")
		m, mptr, u := t.objectProp(v, ptr)
		switch {
		case u != nil:
			s := model.UnknownString(*u, t.keyLoc(ptr))
			return &s
		case m == nil:
			return nil
		}
		if types, ok := m["Types"]; ok {
			return apigw.EndpointType(apigw.StringList(types, apigw.Ptr(mptr, "Types"), values{t}))
		}
		s := model.Known(apigw.EndpointEdge, t.keyLoc(ptr))
		return &s
	}
	if v, ok := t.prop(r.props, "Parameters"); ok {
		ptr := r.propPtr("Parameters")
		if m, mptr, u := t.objectProp(v, ptr); u == nil && m != nil {
			if types, ok := m["endpointConfigurationTypes"]; ok {
				p := apigw.Ptr(mptr, "endpointConfigurationTypes")
				return apigw.EndpointType(model.Strings{Items: []model.String{t.str(types, p)}, Loc: t.keyLoc(p)})
			}
		}
	}
	return nil
}

// policy reads a RestApi Policy: an object (an Fn::If on a known condition
// is followed to its branch) or the JSON text of one.
func (b *builder) policy(t *template, v any, ptr string) *model.Policy {
	if _, isText := v.(string); isText {
		return apigw.Policy(v, ptr, values{t})
	}
	m, mptr, u := t.objectProp(v, ptr)
	switch {
	case u != nil:
		return &model.Policy{Statements: []model.PolicyStatement{}, Unknown: &model.Unknown{Reason: "the policy " + u.Reason, Expr: u.Expr}, Loc: t.keyLoc(ptr)}
	case m == nil:
		return nil
	}
	return apigw.Policy(m, mptr, values{t})
}

// inlineBody loads an OpenAPI document written inline in the template.
func (b *builder) inlineBody(ctx context.Context, t *template, body any, ptr, apiRef, kind string) *model.RestAPI {
	doc, m, u := b.prepareBody(ctx, t, body, ptr)
	if u != nil {
		return &model.RestAPI{MethodsUnknown: u, AuthorizersUnknown: u, GatewayResponsesUnknown: u}
	}
	return b.buildBody(ctx, t, doc, m, apiRef, kind)
}

// bodyUnread reports an inline OpenAPI body (REST or HTTP API) the reader
// refused, at the line inside the body when the reader gives one, else at
// the body's property, and returns what the API's lists become.
func (b *builder) bodyUnread(t *template, m *origin.Map, err error) *model.Unknown {
	reason := "the inline OpenAPI body could not be read: " + err.Error()
	ptr, _ := m.Resolve("")
	if le, ok := errors.AsType[*loader.Error](err); ok {
		reason = "the inline OpenAPI body could not be read: " + le.Reason
		if le.Line > 0 {
			// The reader positions its error inside the body already.
			where := ""
			if t.prefix != "" {
				where = t.file + ":"
			}
			b.problems = append(b.problems, fmt.Sprintf("%sline %d: %s", where, le.Line, reason))
			ptr = ""
		}
	}
	if ptr != "" {
		b.problem(t, ptr, "%s", reason)
	}
	return &model.Unknown{Reason: reason}
}

// buildBody runs the OpenAPI loader on a prepared document.
func (b *builder) buildBody(ctx context.Context, t *template, doc map[string]any, m *origin.Map, apiRef, kind string) *model.RestAPI {
	env := &bodyEnv{b: b, t: t, m: m}
	res, err := safeRead(ctx, doc, env, openapi.Options{APIRef: apiRef, Origin: kind})
	if err != nil {
		u := b.bodyUnread(t, m, err)
		return &model.RestAPI{MethodsUnknown: u, AuthorizersUnknown: u, GatewayResponsesUnknown: u}
	}
	if res == nil || res.API == nil {
		return &model.RestAPI{}
	}
	b.inv.Suppressions = append(b.inv.Suppressions, res.Suppressions...)
	return res.API
}

func safeRead(ctx context.Context, doc map[string]any, env openapi.Env, opts openapi.Options) (res *openapi.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error in the OpenAPI reader: %v", r)
		}
	}()
	res, err = openapi.Read(ctx, doc, env, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the OpenAPI body: %w", err)
	}
	return res, nil
}

// apiFor finds the API a child resource (method, authorizer, …) belongs to.
func (b *builder) apiFor(t *template, r *resource) *model.RestAPI {
	v, ok := t.prop(r.props, "RestApiId")
	if !ok {
		return b.external(t, "no RestApiId", "the resource names no RestApiId")
	}
	res := t.res.Resolve(v)
	if ref := res.SingleRef(); ref != nil && ref.Attr == "" {
		if api := b.apis[t.refOf(ref)]; api != nil {
			return api
		}
		if ref.Missing() {
			return b.external(t, "!Ref "+ref.LogicalID, "RestApiId refers to "+ref.LogicalID+", which the template does not define")
		}
	}
	expr := intrinsic.Render(v)
	return b.external(t, expr, outsideReason("REST API", res, expr))
}

// outsideReason says why a child resource's API is one defined elsewhere.
func outsideReason(what string, res intrinsic.Result, expr string) string {
	reason := "the " + what + " is defined outside this template"
	if u := res.AsUnknown(expr); u != nil {
		reason += " (" + u.Reason + ")"
	}
	return reason
}

// apiOrigin is the origin of the APIs a template defines: CDK output, or
// CloudFormation (SAM's APIs set their own).
func (t *template) apiOrigin() string {
	if t.cdk {
		return model.KindCDK
	}
	return model.KindCloudFormation
}

// external returns the placeholder API for resources that add to an API
// defined elsewhere: only what this template adds is known.
func (b *builder) external(t *template, expr, reason string) *model.RestAPI {
	key := t.prefix + "external:" + expr
	if api := b.apis[key]; api != nil {
		return api
	}
	u := &model.Unknown{Reason: reason, Expr: expr}
	kind := t.apiOrigin()
	api := &model.RestAPI{
		Object:                  model.Object{Ref: key, Loc: model.Loc{File: t.file}},
		Origin:                  kind,
		ID:                      &model.String{Unknown: u},
		MethodsUnknown:          u,
		AuthorizersUnknown:      u,
		StagesUnknown:           u,
		DeploymentsUnknown:      u,
		GatewayResponsesUnknown: u,
	}
	b.addAPI(key, api)
	return api
}

// resourcePath computes the full path of an AWS::ApiGateway::Resource or of a
// method's ResourceId.
func (b *builder) resourcePath(t *template, v any, seen map[string]bool) (string, *model.Unknown) {
	res := t.res.Resolve(v)
	ref := res.SingleRef()
	if ref == nil {
		u := res.AsUnknown(intrinsic.Render(v))
		if u == nil {
			u = &model.Unknown{Reason: "the resource id is a literal id of a resource outside the template", Expr: intrinsic.Render(v)}
		}
		return "", u
	}
	if ref.Attr == "RootResourceId" {
		return "/", nil
	}
	if ref.Attr != "" || ref.Type != typeResource {
		if ref.Missing() {
			return "", &model.Unknown{Reason: "it refers to " + ref.LogicalID + ", which the template does not define", Expr: ref.Render()}
		}
		return "", &model.Unknown{Reason: ref.LogicalID + " is not an AWS::ApiGateway::Resource", Expr: ref.Render()}
	}
	full := t.refOf(ref)
	if seen[full] {
		return "", &model.Unknown{Reason: "the resources' ParentId chain loops", Expr: ref.Render()}
	}
	seen[full] = true
	owner := b.byRef[full]
	if owner == nil {
		return "", &model.Unknown{Reason: ref.LogicalID + " is not a resource authlint has read", Expr: ref.Render()}
	}
	t, r := b.own(owner.t), owner.r
	parentV, ok := t.prop(r.props, "ParentId")
	if !ok {
		return "", &model.Unknown{Reason: ref.LogicalID + " has no ParentId", Expr: ref.Render()}
	}
	parent, u := b.resourcePath(t, parentV, seen)
	if u != nil {
		return "", u
	}
	partV, ok := t.prop(r.props, "PathPart")
	if !ok {
		return "", &model.Unknown{Reason: ref.LogicalID + " has no PathPart", Expr: ref.Render()}
	}
	part, known := t.res.Resolve(partV).String()
	if !known {
		return "", t.res.Resolve(partV).AsUnknown(intrinsic.Render(partV))
	}
	if parent == "/" {
		return "/" + part, nil
	}
	return parent + "/" + part, nil
}

// method adds an AWS::ApiGateway::Method to its API.
func (b *builder) method(t *template, r *resource) {
	api := b.apiFor(t, r)
	api.Methods = append(api.Methods, b.buildMethod(t, r))
}

// buildMethod reads an AWS::ApiGateway::Method. It only reads the builder
// and the template, so methods can be built on several goroutines, each with
// its own view of the templates (builder.fork).
func (b *builder) buildMethod(t *template, r *resource) model.Method {
	m := model.Method{Object: t.object(r)}
	loc := m.Loc
	if v, ok := t.prop(r.props, "ResourceId"); ok {
		path, u := b.resourcePath(t, v, map[string]bool{})
		if u != nil {
			m.Path = model.UnknownString(*u, t.keyLoc(r.propPtr("ResourceId")))
		} else {
			m.Path = model.Known(path, t.keyLoc(r.propPtr("ResourceId")))
		}
	} else {
		m.Path = model.UnknownString(model.Unknown{Reason: "the method has no ResourceId"}, loc)
	}
	if v, ok := t.prop(r.props, "HttpMethod"); ok {
		m.HTTPMethod = t.str(v, r.propPtr("HttpMethod"))
		if s, ok := m.HTTPMethod.Get(); ok {
			m.HTTPMethod = model.Known(strings.ToUpper(s), m.HTTPMethod.Loc)
		}
	} else {
		m.HTTPMethod = model.UnknownString(model.Unknown{Reason: "the method has no HttpMethod"}, loc)
	}
	if v, ok := t.prop(r.props, "AuthorizationType"); ok {
		m.AuthDeclared = true
		m.AuthorizationType = t.str(v, r.propPtr("AuthorizationType"))
		if s, ok := m.AuthorizationType.Get(); ok {
			m.AuthorizationType = model.Known(apigw.AuthorizationType(s), m.AuthorizationType.Loc)
		}
	} else {
		m.AuthorizationType = model.Known("NONE", loc)
	}
	if v, ok := t.prop(r.props, "AuthorizerId"); ok {
		m.Authorizer = t.link(v, r.propPtr("AuthorizerId"), "authorizer", typeAuthorizer)
	}
	if v, ok := t.prop(r.props, "AuthorizationScopes"); ok {
		m.AuthorizationScopes = t.list(v, r.propPtr("AuthorizationScopes"))
	} else {
		m.AuthorizationScopes = model.Strings{Items: []model.String{}, Loc: loc}
	}
	if v, ok := t.prop(r.props, "ApiKeyRequired"); ok {
		m.APIKeyRequired = t.boolean(v, r.propPtr("ApiKeyRequired"))
	} else {
		m.APIKeyRequired = model.KnownBool(false, loc)
	}
	if v, ok := t.prop(r.props, "Integration"); ok {
		m.Integration, m.CORS = b.integration(t, v, r.propPtr("Integration"), m.HTTPMethod)
	}
	return m
}

func (b *builder) integration(t *template, v any, ptr string, verb model.String) (*model.Integration, *model.CORSHeaders) {
	in, ok := v.(map[string]any)
	if !ok {
		return &model.Integration{Loc: t.keyLoc(ptr)}, nil
	}
	out := &model.Integration{Loc: t.keyLoc(ptr)}
	if tv, ok := t.prop(in, "Type"); ok {
		s := t.str(tv, ptr+"/Type")
		if k, ok := s.Get(); ok {
			s = model.Known(strings.ToUpper(k), s.Loc)
		}
		out.Type = &s
	}
	if uv, ok := t.prop(in, "Uri"); ok {
		s := t.str(uv, ptr+"/Uri")
		out.URI = &s
	}
	var cors *model.CORSHeaders
	if rs, ok := in["IntegrationResponses"].([]any); ok {
		for i, raw := range rs {
			resp, ok := raw.(map[string]any)
			if !ok {
				continue
			}
			rp := fmt.Sprintf("%s/IntegrationResponses/%d/ResponseParameters", ptr, i)
			params, ok := t.prop(resp, "ResponseParameters")
			if !ok {
				continue
			}
			headers, _ := apigw.Headers(params, rp, apigw.MethodHeaderPrefix, values{t})
			if c := apigw.CORS(headers, t.keyLoc(rp)); c != nil {
				cors = c
				break
			}
		}
	}
	if cors == nil && out.Type != nil {
		typ, _ := out.Type.Get()
		verbS, _ := verb.Get()
		if (typ == "AWS_PROXY" || typ == "HTTP_PROXY") && verbS == "OPTIONS" {
			cors = &model.CORSHeaders{Unknown: &model.Unknown{Reason: "a proxy integration: the headers come from the backend"}, Loc: out.Loc}
		}
	}
	return out, cors
}

// authorizer builds an AWS::ApiGateway::Authorizer.
func (b *builder) authorizer(t *template, r *resource) {
	api := b.apiFor(t, r)
	a := model.Authorizer{Object: t.object(r), Name: t.optStr(r, "Name")}
	if v, ok := t.prop(r.props, "Type"); ok {
		a.Type = t.str(v, r.propPtr("Type"))
		if s, ok := a.Type.Get(); ok {
			a.Type = model.Known(apigw.AuthorizerType(s), a.Type.Loc)
		}
	} else {
		a.Type = model.UnknownString(model.Unknown{Reason: "the authorizer has no Type"}, a.Loc)
	}
	a.ProviderARNs = model.ProviderARNs{Items: []model.ProviderARN{}, Loc: a.Loc}
	if v, ok := t.prop(r.props, "ProviderARNs"); ok {
		a.ProviderARNs = b.providerARNs(t, v, r.propPtr("ProviderARNs"))
	}
	a.IdentitySource = t.optStr(r, "IdentitySource")
	a.IdentityValidationExpression = t.optStr(r, "IdentityValidationExpression")
	a.ResultTTLSeconds = t.optInt(r, "AuthorizerResultTtlInSeconds")
	api.Authorizers = append(api.Authorizers, a)
}

// deployment builds an AWS::ApiGateway::Deployment (and the stage its
// StageName creates).
func (b *builder) deployment(t *template, r *resource) {
	api := b.apiFor(t, r)
	d := model.Deployment{Object: t.object(r), DependsOn: append([]string{}, r.dependsOn...), Triggers: []string{}}
	// The CDK and the SAM translator hash the API into the deployment's
	// logical id; a hand-written one keeps its id and never redeploys.
	tool, hashed := deploymentHash(r.id, api.LogicalID)
	switch {
	case t.cdk && r.cdkPath() != "":
		d.ManagedBy, hashed = model.KindCDK, true
	case hashed:
		d.ManagedBy = tool
	default:
		d.ManagedBy = model.KindCloudFormation
	}
	d.RedeploysOnChange = &model.Bool{Value: new(hashed), Loc: d.Loc}
	d.StageName = t.optStr(r, "StageName")
	api.Deployments = append(api.Deployments, d)
	if d.StageName != nil {
		st := model.Stage{
			Object:     model.Object{Ref: d.Ref + "/stage", Loc: d.StageName.Loc, LogicalID: r.id, CDKPath: d.CDKPath},
			Name:       d.StageName,
			Deployment: &model.Link{Target: d.Ref, Loc: d.StageName.Loc},
			Variables:  []model.StageVariable{},
		}
		if raw, ok := t.prop(r.props, "StageDescription"); ok {
			sd, sdPtr, u := t.objectProp(raw, r.propPtr("StageDescription"))
			switch {
			case u != nil:
				st.VariablesUnknown = &model.Unknown{Reason: "StageDescription " + u.Reason, Expr: u.Expr}
			case sd != nil:
				if vars, ok := t.prop(sd, "Variables"); ok {
					st.Variables, st.VariablesUnknown = b.stageVariables(t, vars, sdPtr+"/Variables", nil)
				}
			}
		}
		api.Stages = append(api.Stages, st)
	}
}

// stage builds an AWS::ApiGateway::Stage.
func (b *builder) stage(t *template, r *resource) {
	api := b.apiFor(t, r)
	st := model.Stage{Object: t.object(r), Name: t.optStr(r, "StageName"), Variables: []model.StageVariable{}}
	if v, ok := t.prop(r.props, "DeploymentId"); ok {
		st.Deployment = t.link(v, r.propPtr("DeploymentId"), "deployment", typeDeployment)
	}
	if v, ok := t.prop(r.props, "Variables"); ok {
		st.Variables, st.VariablesUnknown = b.stageVariables(t, v, r.propPtr("Variables"), nil)
	}
	api.Stages = append(api.Stages, st)
}

// stageVariables reads a Variables map. An intrinsic in place of the map
// (Fn::If on an unknown condition, a Ref) makes the whole set unknown; an
// intrinsic in place of one value makes that value unknown; AWS::NoValue
// removes what it stands for. varPtr, when set, gives the pointer of one
// variable (SAM Globals merge them from two places); it defaults to ptr/name.
func (b *builder) stageVariables(t *template, v any, ptr string, varPtr func(name string) string) ([]model.StageVariable, *model.Unknown) {
	m, mptr, u := t.objectProp(v, ptr)
	if u != nil {
		return []model.StageVariable{}, &model.Unknown{Reason: "Variables " + u.Reason, Expr: u.Expr}
	}
	if varPtr == nil || mptr != ptr {
		varPtr = func(name string) string { return mptr + "/" + escape(name) }
	}
	out := make([]model.StageVariable, 0, len(m))
	for _, k := range sortedKeys(m) {
		val, ok := t.prop(m, k)
		if !ok {
			continue
		}
		out = append(out, model.StageVariable{Name: k, Value: t.str(val, varPtr(k))})
	}
	return out, nil
}

// gatewayResponse builds an AWS::ApiGateway::GatewayResponse.
func (b *builder) gatewayResponse(t *template, r *resource) {
	api := b.apiFor(t, r)
	g := model.GatewayResponse{Object: t.object(r), StatusCode: t.optStr(r, "StatusCode"), Headers: []model.Header{}}
	if v, ok := t.prop(r.props, "ResponseType"); ok {
		g.Type = t.str(v, r.propPtr("ResponseType"))
	} else {
		g.Type = model.UnknownString(model.Unknown{Reason: "the gateway response has no ResponseType"}, g.Loc)
	}
	if v, ok := t.prop(r.props, "ResponseParameters"); ok {
		if _, _, isFn := intrinsic.IsIntrinsic(v); isFn {
			g.HeadersUnknown = t.res.Resolve(v).AsUnknown(intrinsic.Render(v))
		} else {
			g.Headers, g.HeadersUnknown = apigw.Headers(v, r.propPtr("ResponseParameters"), apigw.GatewayHeaderPrefix, values{t})
		}
	}
	api.GatewayResponses = append(api.GatewayResponses, g)
}
