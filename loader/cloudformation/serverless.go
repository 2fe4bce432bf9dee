package cloudformation

import (
	"context"
	"maps"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
	"github.com/authlint/authlint/loader/cloudformation/sam"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// serverless expands the SAM resources of a template into REST APIs.
func (b *builder) serverless(ctx context.Context, t *template, live []*resource) {
	st := sam.Template{
		Resolve: t.res.Resolve,
		Condition: func(name string) (bool, bool) {
			v, known, _ := t.res.Condition(name)
			return v, known
		},
	}
	st.Globals, _ = t.root["Globals"].(map[string]any)
	for _, r := range live {
		sr := sam.Resource{ID: r.id, Type: r.typ, Props: r.props, Condition: r.condition, Ptr: r.ptr}
		if r.typ == typeServerlessAPI || r.typ == typeServerlessHTTPAPI {
			if fn, arg, ok := intrinsic.IsIntrinsic(r.props["DefinitionBody"]); ok && fn == "Fn::Transform" {
				// CloudFormation inlines AWS::Include before SAM runs.
				if doc, view, u := b.include(ctx, t, arg, r.propPtr("DefinitionBody")); u == nil {
					props := maps.Clone(r.props)
					props["DefinitionBody"] = doc
					sr.Props, sr.BodyFile = props, view.file
				}
			}
		}
		st.Resources = append(st.Resources, sr)
	}
	for _, a := range sam.Expand(st) {
		b.addAPI(t.ref(a.LogicalID), b.samAPI(ctx, t, a))
	}
	for _, a := range sam.ExpandHTTP(st) {
		b.addHTTPAPI(t.ref(a.LogicalID), b.samHTTPAPI(ctx, t, a))
	}
}

// samHTTPAPI builds an AWS::Serverless::HttpApi from its expansion: the
// OpenAPI 3 document SAM deploys, read as an HTTP API, plus the auto-deployed
// stage SAM always creates.
func (b *builder) samHTTPAPI(ctx context.Context, t *template, a *sam.API) *model.HTTPAPI {
	ref := t.ref(a.LogicalID)
	loc := t.keyLoc(a.Ptr)
	var api *model.HTTPAPI
	switch {
	case a.Body != nil:
		doc := b.normalizeDoc(t, a.Body, a.BodyOrigins)
		api = b.buildHTTPBody(ctx, t, doc, a.BodyOrigins, ref, model.KindSAM)
	default:
		if v, ok := a.Prop("DefinitionUri"); ok {
			if path, local := t.localPath(v); local {
				if view, body := b.readView(ctx, t, path, a.PropPtr("/DefinitionUri"), "DefinitionUri"); view != nil {
					m := origin.New("")
					m.SubtreeIn("", view.file, "")
					api = b.buildHTTPBody(ctx, t, b.normalizeDoc(t, body, m), m, ref, model.KindSAM)
				}
			}
			if api == nil {
				u := &model.Unknown{Reason: "the OpenAPI document is in S3 (DefinitionUri), which authlint does not read", Expr: intrinsic.Render(v)}
				api = &model.HTTPAPI{RoutesUnknown: u, AuthorizersUnknown: u}
			}
		} else {
			u := &model.Unknown{Reason: "the API has no OpenAPI 3 document SAM can read"}
			if body, ok := a.Prop("DefinitionBody"); ok {
				if _, _, isFn := intrinsic.IsIntrinsic(body); isFn {
					u = &model.Unknown{Reason: "the OpenAPI document is included at deployment, with the Auth and CorsConfiguration SAM adds to it", Expr: intrinsic.Render(body)}
				}
			}
			api = &model.HTTPAPI{RoutesUnknown: u, AuthorizersUnknown: u}
		}
	}
	for _, p := range a.Problems {
		b.problem(t, p.Ptr, "%s: %s", a.LogicalID, p.Msg)
	}
	api.Object = model.Object{Ref: ref, Loc: loc, LogicalID: a.LogicalID}
	if r := t.resources[a.LogicalID]; r != nil && !a.Implicit {
		api.CDKPath = r.cdkPath()
	}
	api.Origin = model.KindSAM
	for i := range api.Routes {
		rt := &api.Routes[i]
		key, _ := rt.RouteKey.Get()
		if key == sam.DefaultStage {
			key = "ANY " + key
		}
		if by := a.Generated[key]; by != "" {
			rt.GeneratedBy = by
		}
		if a.DefaultAuth[key] {
			rt.AuthDeclared = false
		}
	}
	if v, ok := a.Prop("Name"); ok {
		s := t.str(v, a.PropPtr("/Name"))
		api.Name = &s
	}
	if v, ok := a.Prop("DisableExecuteApiEndpoint"); ok {
		bv := t.boolean(v, a.PropPtr("/DisableExecuteApiEndpoint"))
		api.DisableExecuteAPIEndpoint = &bv
	}
	info := &model.SAMHTTPInfo{Loc: loc}
	if _, ok := a.Prop("Auth"); ok {
		info.AuthLoc = t.keyLoc(a.PropPtr("/Auth"))
	}
	if v, ok := a.Prop("Auth", "DefaultAuthorizer"); ok {
		s := t.str(v, a.PropPtr("/Auth/DefaultAuthorizer"))
		info.DefaultAuthorizer = &s
	}
	if v, ok := a.Prop("Auth", "EnableIamAuthorizer"); ok {
		bv := t.boolean(v, a.PropPtr("/Auth/EnableIamAuthorizer"))
		info.EnableIamAuthorizer = &bv
	}
	api.SAM = info
	// SAM always creates one stage ($default unless StageName), auto-deployed.
	name := model.Known(sam.DefaultStage, loc)
	stageID := a.LogicalID + "ApiGatewayDefaultStage"
	if v, ok := a.Prop("StageName"); ok {
		name = t.str(v, a.PropPtr("/StageName"))
		if s, known := name.Get(); known && s != sam.DefaultStage {
			stageID = a.LogicalID + s + "Stage"
		}
	}
	api.Stages = append(api.Stages, model.HTTPStage{
		Object:     model.Object{Ref: ref + "/stage", Loc: name.Loc, LogicalID: stageID},
		Name:       &name,
		AutoDeploy: new(model.KnownBool(true, name.Loc)),
	})
	return api
}

func (b *builder) samAPI(ctx context.Context, t *template, a *sam.API) *model.RestAPI {
	ref := t.ref(a.LogicalID)
	loc := t.keyLoc(a.Ptr)
	var api *model.RestAPI
	switch {
	case a.Body != nil:
		doc := b.normalizeDoc(t, a.Body, a.BodyOrigins)
		api = b.buildBody(ctx, t, doc, a.BodyOrigins, ref, model.KindSAM)
	default:
		api = &model.RestAPI{}
		if v, ok := a.Prop("DefinitionUri"); ok {
			if path, local := t.localPath(v); local {
				if got := b.localBody(ctx, t, path, a.PropPtr("/DefinitionUri"), ref, model.KindSAM); got != nil {
					api = got
				}
			}
			if len(api.Methods) == 0 && api.MethodsUnknown == nil {
				unreadBody(api, &model.Unknown{Reason: "the OpenAPI document is in S3 (DefinitionUri), which authlint does not read", Expr: intrinsic.Render(v)}, t.keyLoc(a.PropPtr("/DefinitionUri")))
			}
		} else {
			u := &model.Unknown{Reason: "the API has no inline OpenAPI document"}
			if body, ok := a.Prop("DefinitionBody"); ok {
				if _, _, isFn := intrinsic.IsIntrinsic(body); isFn {
					u = &model.Unknown{Reason: "the OpenAPI document is included at deployment, with the Auth and Cors settings SAM adds to it", Expr: intrinsic.Render(body)}
				}
			}
			unreadBody(api, u, t.keyLoc(a.PropPtr("/DefinitionBody")))
		}
	}
	for _, p := range a.Problems {
		b.problem(t, p.Ptr, "%s: %s", a.LogicalID, p.Msg)
	}
	api.Object = model.Object{Ref: ref, Loc: loc, LogicalID: a.LogicalID}
	if r := t.resources[a.LogicalID]; r != nil && !a.Implicit {
		api.CDKPath = r.cdkPath()
		if u := r.loopUnknownUnder("DefinitionBody"); u != nil {
			api.MethodsUnknown, api.AuthorizersUnknown, api.GatewayResponsesUnknown = u, u, u
		}
	}
	api.Origin = model.KindSAM
	for i := range api.Methods {
		m := &api.Methods[i]
		verb, _ := m.HTTPMethod.Get()
		path, _ := m.Path.Get()
		if by := a.Generated[verb+" "+path]; by != "" {
			m.GeneratedBy = by
		}
	}
	if v, ok := a.Prop("Name"); ok {
		s := t.str(v, a.PropPtr("/Name"))
		api.Name = &s
	}
	if p, ok := a.Prop("Policy"); ok {
		// Passed to the generated RestApi's Policy as it is.
		pol := b.policy(t, p, a.PropPtr("/Policy"))
		if api.ResourcePolicy == nil {
			api.ResourcePolicy = pol
		} else {
			api.ResourcePolicy = &model.Policy{Statements: []model.PolicyStatement{}, Loc: pol.Loc, Unknown: &model.Unknown{
				Reason: "the API has a Policy and also a resource policy in its OpenAPI document (Auth.ResourcePolicy or x-amazon-apigateway-policy); which of the two API Gateway keeps depends on the order CloudFormation applies them"}}
		}
	}
	if a.PolicyUnknown != nil {
		if api.ResourcePolicy == nil {
			api.ResourcePolicy = &model.Policy{Statements: []model.PolicyStatement{}, Loc: t.keyLoc(a.PolicyUnknownPtr)}
		}
		api.ResourcePolicy.Unknown = a.PolicyUnknown
	}
	switch et := samEndpointType(t, a); {
	case et != nil:
		api.EndpointType = et
	case api.EndpointType == nil:
		edge := model.Known(apigw.EndpointEdge, loc)
		api.EndpointType = &edge
	}
	api.SAM = b.samInfo(t, a, loc)
	b.samDeployment(t, a, api, ref, loc)
	return api
}

// samEndpointType reads EndpointConfiguration (from Globals too): a type
// name, or an object with Type, which SAM copies to the RestApi's
// EndpointConfiguration.Types; nil when not set.
func samEndpointType(t *template, a *sam.API) *model.String {
	v, ok := a.Prop("EndpointConfiguration")
	if !ok {
		return nil
	}
	ptr := a.PropPtr("/EndpointConfiguration")
	if m, isMap := v.(map[string]any); isMap {
		if _, _, isFn := intrinsic.IsIntrinsic(v); !isFn {
			typ, ok := m["Type"]
			if !ok {
				s := model.Known(apigw.EndpointEdge, t.keyLoc(ptr))
				return &s
			}
			v, ptr = typ, ptr+"/Type"
		}
	}
	return apigw.EndpointType(model.Strings{Items: []model.String{t.str(v, ptr)}, Loc: t.keyLoc(ptr)})
}

func (b *builder) samInfo(t *template, a *sam.API, loc model.Loc) *model.SAMInfo {
	info := &model.SAMInfo{Loc: loc}
	if _, ok := a.Prop("Auth"); ok {
		info.AuthLoc = t.keyLoc(a.PropPtr("/Auth"))
	}
	optStr := func(path ...string) *model.String {
		v, ok := a.Prop(path...)
		if !ok {
			return nil
		}
		s := t.str(v, a.PropPtr("/"+strings.Join(path, "/")))
		return &s
	}
	optBool := func(path ...string) *model.Bool {
		v, ok := a.Prop(path...)
		if !ok {
			return nil
		}
		bv := t.boolean(v, a.PropPtr("/"+strings.Join(path, "/")))
		return &bv
	}
	info.DefaultAuthorizer = optStr("Auth", "DefaultAuthorizer")
	info.AddDefaultAuthorizerToCorsPreflight = optBool("Auth", "AddDefaultAuthorizerToCorsPreflight")
	info.AddAPIKeyRequiredToCorsPreflight = optBool("Auth", "AddApiKeyRequiredToCorsPreflight")
	info.APIKeyRequired = optBool("Auth", "ApiKeyRequired")
	info.AlwaysDeploy = optBool("AlwaysDeploy")
	if c, ok := a.Prop("Cors"); ok {
		corsPtr := a.PropPtr("/Cors")
		sc := &model.SAMCors{Loc: t.keyLoc(corsPtr)}
		unq := func(v any, ptr string) *model.String {
			s := t.str(v, ptr)
			if raw, ok := s.Get(); ok {
				if u, static := apigw.Unquote(raw); static {
					s = model.Known(u, s.Loc)
				}
			}
			return &s
		}
		switch cv := c.(type) {
		case map[string]any:
			if _, _, isFn := intrinsic.IsIntrinsic(cv); isFn {
				sc.AllowOrigin = unq(cv, corsPtr)
				break
			}
			for key, field := range map[string]**model.String{"AllowOrigin": &sc.AllowOrigin, "AllowHeaders": &sc.AllowHeaders, "AllowMethods": &sc.AllowMethods} {
				if v, ok := cv[key]; ok {
					*field = unq(v, a.PropPtr("/Cors/"+key))
				}
			}
			if sc.AllowOrigin == nil {
				s := model.Known("*", sc.Loc)
				sc.AllowOrigin = &s
			}
		default:
			sc.AllowOrigin = unq(cv, corsPtr)
		}
		info.Cors = sc
	}
	return info
}

// samDeployment adds the deployment and stage(s) SAM generates. SAM hashes
// the API into the deployment's logical id, so changes are redeployed; without
// OpenApiVersion it also creates a stage named "Stage".
func (b *builder) samDeployment(t *template, a *sam.API, api *model.RestAPI, ref string, loc model.Loc) {
	dep := model.Deployment{
		Object:            model.Object{Ref: ref + "Deployment", Loc: loc, LogicalID: a.LogicalID + "Deployment"},
		DependsOn:         []string{},
		Triggers:          []string{},
		ManagedBy:         model.KindSAM,
		RedeploysOnChange: &model.Bool{Value: new(true), Loc: loc},
	}
	if _, ok := a.Prop("OpenApiVersion"); !ok {
		s := model.Known("Stage", loc)
		dep.StageName = &s
		api.Stages = append(api.Stages, model.Stage{
			Object:     model.Object{Ref: dep.Ref + "/stage", Loc: loc, LogicalID: dep.LogicalID},
			Name:       &s,
			Deployment: &model.Link{Target: dep.Ref, Loc: loc},
			Variables:  []model.StageVariable{},
		})
	}
	api.Deployments = append(api.Deployments, dep)
	st := model.Stage{
		Object:     model.Object{Ref: ref + "/stage", Loc: loc, LogicalID: a.LogicalID},
		Deployment: &model.Link{Target: dep.Ref, Loc: loc},
		Variables:  []model.StageVariable{},
	}
	if v, ok := a.Prop("StageName"); ok {
		s := t.str(v, a.PropPtr("/StageName"))
		st.Name = &s
		st.Loc = s.Loc
	}
	if v, ok := a.Prop("Variables"); ok {
		st.Variables, st.VariablesUnknown = b.stageVariables(t, v, a.PropPtr("/Variables"), func(name string) string {
			return a.PropPtr("/Variables/" + escape(name))
		})
	}
	api.Stages = append(api.Stages, st)
}
