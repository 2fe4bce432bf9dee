package sam

import (
	"regexp"
	"strings"

	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// HTTP API resource types and names.
const (
	TypeHTTPAPI = "AWS::Serverless::HttpApi"
	// ImplicitHTTPAPI is the logical id of the HTTP API SAM creates for
	// HttpApi events that name no ApiId.
	ImplicitHTTPAPI = "ServerlessHttpApi"
	// DefaultStage is the stage SAM gives an HTTP API without StageName.
	DefaultStage = "$default"
)

// globalHTTPAPIProps are the Globals.HttpApi properties SAM merges.
var globalHTTPAPIProps = map[string]bool{
	"Auth": true, "AccessLogSettings": true, "StageVariables": true, "Tags": true, "CorsConfiguration": true,
	"DefaultRouteSettings": true, "Domain": true, "RouteSettings": true, "FailOnWarnings": true, "PropagateTags": true,
}

// corsKeys maps CorsConfiguration keys to x-amazon-apigateway-cors keys.
var corsKeys = [][2]string{
	{"AllowOrigins", "allowOrigins"}, {"AllowHeaders", "allowHeaders"}, {"AllowMethods", "allowMethods"},
	{"ExposeHeaders", "exposeHeaders"}, {"MaxAge", "maxAge"}, {"AllowCredentials", "allowCredentials"},
}

// ExpandHTTP returns the AWS::Serverless::HttpApi resources of a SAM
// template (the implicit ServerlessHttpApi included), sorted by logical id,
// each with the OpenAPI 3 document the SAM translator deploys as the
// AWS::ApiGatewayV2::Api Body (http_api_generator.py and open_api.py): the
// routes of HttpApi events with their Auth, CorsConfiguration as
// x-amazon-apigateway-cors, Auth.Authorizers as security schemes (JWT
// configuration keys lower-cased), and Auth.DefaultAuthorizer on every route
// with an integration and no security. DefaultAuth lists the route keys the
// default authorizer was applied to.
func ExpandHTTP(t Template) []*API {
	e := &expander{t: t, apis: map[string]*API{}, manage: map[string]bool{}}
	globals, _ := t.Globals["HttpApi"].(map[string]any)
	merged := func(local map[string]any, lptr string) (map[string]any, *origin.Map) {
		return mergeGlobalsOf(globalHTTPAPIProps, globals, "/Globals/HttpApi", local, lptr)
	}
	for _, r := range t.Resources {
		if r.Type != TypeHTTPAPI {
			continue
		}
		props, po := merged(r.Props, r.Ptr+"/Properties")
		a := &API{LogicalID: r.ID, Ptr: r.Ptr, Props: props, PropOrigins: po, Condition: r.Condition, bodyFile: r.BodyFile, HTTP: true}
		_, hasBody := r.Props["DefinitionBody"]
		_, hasURI := r.Props["DefinitionUri"]
		switch {
		case !hasBody && !hasURI:
			e.manage[r.ID] = true
			a.Body = skeleton3()
			a.BodyOrigins = origin.New(r.Ptr)
			a.BodyOrigins.Pin("", r.Ptr)
		case hasBody:
			if body, ok := props["DefinitionBody"].(map[string]any); ok {
				if _, _, isFn := intrinsic.IsIntrinsic(body); !isFn && isValidOpenAPI3(body) {
					a.Body = deepCopy(body).(map[string]any)
					a.BodyOrigins = a.userBodyOrigins()
				}
			}
		}
		e.add(a)
	}
	evs := e.httpEvents()
	for i := range evs {
		ev := &evs[i]
		if _, ok := ev.props["ApiId"]; ok {
			continue
		}
		if _, ok := e.apis[ImplicitHTTPAPI]; !ok || !e.manage[ImplicitHTTPAPI] {
			props, po := merged(map[string]any{}, ev.ptr)
			a := &API{LogicalID: ImplicitHTTPAPI, Implicit: true, HTTP: true, Ptr: ev.ptr, Props: props, PropOrigins: po, Body: skeleton3()}
			a.BodyOrigins = origin.New(ev.ptr)
			a.BodyOrigins.Pin("", ev.ptr)
			e.manage[ImplicitHTTPAPI] = true
			e.add(a)
		}
	}
	for i := range evs {
		e.httpEvent(&evs[i])
	}
	out := make([]*API, 0, len(e.order))
	for _, id := range e.order {
		a := e.apis[id]
		e.finishHTTP(a)
		out = append(out, a)
	}
	sortAPIs(out)
	return out
}

func skeleton3() map[string]any {
	return map[string]any{
		"openapi": "3.0.1",
		"info":    map[string]any{"version": "1.0", "title": map[string]any{"Ref": "AWS::StackName"}},
		"paths":   map[string]any{},
	}
}

// openAPI3Version is the translator's _OPENAPI_VERSION_3_REGEX.
var openAPI3Version = regexp.MustCompile(`^3\.\d+\.\d+$`)

// isValidOpenAPI3 is OpenApiEditor.is_valid.
func isValidOpenAPI3(doc map[string]any) bool {
	if _, ok := doc["paths"].(map[string]any); !ok {
		return false
	}
	v, ok := doc["openapi"].(string)
	return ok && openAPI3Version.MatchString(v)
}

// httpEvents lists the HttpApi events of the template's functions.
func (e *expander) httpEvents() []event {
	var evs []event
	for _, r := range e.t.Resources {
		if r.Type != TypeFunction {
			continue
		}
		events, _ := r.Props["Events"].(map[string]any)
		for _, id := range sortedKeys(events) {
			ev, _ := events[id].(map[string]any)
			if typ, _ := ev["Type"].(string); typ != "HttpApi" {
				continue
			}
			props, _ := ev["Properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
			}
			evs = append(evs, event{res: r, id: id, ptr: r.Ptr + "/Properties/Events/" + yamltree.Escape(id), props: props})
		}
	}
	return evs
}

// httpEvent adds an HttpApi event's route (HttpApi.to_cloudformation and
// _add_openapi_integration): to the API's document, managed or written.
func (e *expander) httpEvent(ev *event) {
	apiID := ImplicitHTTPAPI
	if v, ok := ev.props["ApiId"]; ok {
		s, ok := e.str(v)
		if !ok {
			return
		}
		apiID = s
	}
	a := e.apis[apiID]
	if a == nil || a.Body == nil {
		return
	}
	path, okP := e.str(ev.props["Path"])
	verb, okM := e.str(ev.props["Method"])
	if ev.props["Path"] == nil && ev.props["Method"] == nil {
		path, verb, okP, okM = DefaultStage, anyMethod, true, true
	}
	if !okP || !okM {
		a.problem(ev.ptr, "event %s of %s has no literal Path and Method; its route is not known", ev.id, ev.res.ID)
		return
	}
	if ev.res.Condition != "" {
		if v, known := e.t.Condition(ev.res.Condition); known && !v {
			return
		}
	}
	ev.api, ev.path, ev.verb = apiID, path, normalizeMethod(verb)
	paths := pathsOf(a.Body)
	if paths == nil {
		paths = map[string]any{}
		a.Body["paths"] = paths
	}
	item, _ := paths[path].(map[string]any)
	if item == nil {
		item = map[string]any{}
		paths[path] = item
	}
	op, _ := item[ev.verb].(map[string]any)
	if op != nil && op[integrationKey] != nil {
		if e.manage[apiID] {
			a.problem(ev.ptr, "API method %q defined multiple times for path %q", strings.ToLower(verb), path)
			return
		}
		// The translator leaves an integrated route of the document alone
		// but still applies the event's Auth to it.
	} else {
		if op == nil {
			op = map[string]any{}
			item[ev.verb] = op
		}
		op[integrationKey] = map[string]any{"type": "aws_proxy", "httpMethod": "POST", "payloadFormatVersion": "2.0",
			"uri": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" + ev.res.ID + ".Arn}/invocations"}}
		if path == DefaultStage && ev.verb == anyMethod {
			op[extDefaultRoute] = true
		}
		if _, ok := op["responses"]; !ok {
			op["responses"] = map[string]any{}
		}
		a.BodyOrigins.Pin(opPtr(path, ev.verb), ev.ptr)
		a.generated(ev.verb, path, "sam")
	}
	if auth, ok := ev.props["Auth"].(map[string]any); ok && len(auth) > 0 {
		e.httpEventAuth(a, ev, auth, op)
	}
}

const extDefaultRoute = "isDefaultRoute"

// httpEventAuth is _add_auth_to_openapi_integration: the event's
// authorizer (or the API's default) with its scopes, appended to the
// route's security.
func (e *expander) httpEventAuth(a *API, ev *event, auth map[string]any, op map[string]any) {
	authPtr := ev.ptr + "/Properties/Auth"
	apiAuth := e.apiAuth(a)
	namePtr := authPtr + "/Authorizer"
	name, ok := e.str(auth["Authorizer"])
	if auth["Authorizer"] == nil || !ok || name == "" {
		def, hasDef := e.str(apiAuth["DefaultAuthorizer"])
		if apiAuth["DefaultAuthorizer"] == nil || !hasDef {
			a.problem(authPtr, "'Auth' section requires either an explicit 'Authorizer' set or a 'DefaultAuthorizer' configured on the HttpApi")
			return
		}
		name, namePtr = def, a.PropPtr("/Auth/DefaultAuthorizer")
	}
	authorizers, _ := apiAuth["Authorizers"].(map[string]any)
	iam, _ := apiAuth["EnableIamAuthorizer"].(bool)
	switch {
	case name == "NONE":
		if apiAuth["DefaultAuthorizer"] == nil {
			a.problem(authPtr+"/Authorizer", "Authorizer NONE is only valid when the HttpApi has a DefaultAuthorizer")
		}
	case name == "AWS_IAM" && iam:
	default:
		if _, ok := authorizers[name]; !ok {
			a.problem(namePtr, "authorizer %s is not defined in the HttpApi's Auth.Authorizers", name)
			return
		}
	}
	req := map[string]any{name: []any{}}
	scopesPtr := ""
	if name != "NONE" && name != "AWS_IAM" {
		var scopes any
		if def, ok := authorizers[name].(map[string]any); ok {
			if s, ok := def["AuthorizationScopes"]; ok && truthy(s) {
				scopes, scopesPtr = s, e.authorizerPtr(a, name)+"/AuthorizationScopes"
			}
		}
		if s, ok := auth["AuthorizationScopes"]; ok && truthy(s) {
			scopes, scopesPtr = s, authPtr+"/AuthorizationScopes"
		}
		if scopes != nil {
			req[name] = scopes
		}
	}
	if op == nil {
		return
	}
	sec := securityList(op)
	p := opPtr(ev.path, ev.verb) + "/security"
	a.BodyOrigins.Pin(p, authPtr)
	pinScopes(a.BodyOrigins, p+"/"+itoa(len(sec))+"/"+yamltree.Escape(name), namePtr, scopesPtr, req[name])
	a.BodyOrigins.Pin(p+"/"+itoa(len(sec)), namePtr)
	op["security"] = append(sec, req)
}

// finishHTTP applies the HttpApi's own settings in the generator's order:
// CorsConfiguration, then Auth (security schemes, default authorizer).
func (e *expander) finishHTTP(a *API) {
	if a.Body == nil {
		body, hasBody := a.Props["DefinitionBody"]
		if _, _, isFn := intrinsic.IsIntrinsic(body); isFn {
			return
		}
		if _, uri := a.Props["DefinitionUri"]; uri {
			// http_api_generator: Auth and CorsConfiguration need DefinitionBody.
			for _, k := range []string{"Auth", "CorsConfiguration"} {
				if v, ok := a.Props[k]; ok && truthy(v) {
					a.problem(a.PropPtr("/"+k), "%s works only with an inline OpenAPI document in DefinitionBody", k)
				}
			}
			return
		}
		if hasBody {
			a.problem(a.PropPtr("/DefinitionBody"), "DefinitionBody is not an OpenAPI 3 document SAM can read (openapi 3.x.y and paths)")
		}
		return
	}
	e.httpCors(a)
	e.httpAuth(a)
}

func (e *expander) httpCors(a *API) {
	raw, ok := a.Props["CorsConfiguration"]
	if !ok || !truthy(raw) {
		return
	}
	corsPtr := a.PropPtr("/CorsConfiguration")
	cors, _ := a.Body[extHTTPCors].(map[string]any)
	if cors == nil {
		cors = map[string]any{}
	}
	a.BodyOrigins.Subtree("/"+extHTTPCors, corsPtr)
	switch c := raw.(type) {
	case bool:
		cors["allowOrigins"] = []any{"*"}
		a.BodyOrigins.Pin("/"+extHTTPCors+"/allowOrigins", corsPtr)
	case map[string]any:
		if _, _, isFn := intrinsic.IsIntrinsic(c); isFn {
			// The translator renames the keys inside the expression; its
			// value is known at deployment only.
			a.Body[extHTTPCors] = c
			a.BodyOrigins.Pin("/"+extHTTPCors, corsPtr)
			return
		}
		for _, k := range corsKeys {
			v, ok := c[k[0]]
			if !ok || (k[0] != "MaxAge" && !truthy(v)) || (k[0] == "AllowCredentials" && v != true) {
				continue
			}
			cors[k[1]] = v
			a.BodyOrigins.Subtree("/"+extHTTPCors+"/"+k[1], a.PropPtr("/CorsConfiguration/"+k[0]))
		}
	default:
		a.problem(corsPtr, "invalid value for CorsConfiguration")
		return
	}
	a.Body[extHTTPCors] = cors
}

const extHTTPCors = "x-amazon-apigateway-cors"

// httpAuth is _add_auth: the security schemes of Auth.Authorizers (and
// AWS_IAM with EnableIamAuthorizer), then the default authorizer.
func (e *expander) httpAuth(a *API) {
	auth := e.apiAuth(a)
	if len(auth) == 0 {
		return
	}
	authorizers, _ := auth["Authorizers"].(map[string]any)
	comps, _ := a.Body["components"].(map[string]any)
	if comps == nil {
		comps = map[string]any{}
		a.Body["components"] = comps
	}
	schemes, _ := comps["securitySchemes"].(map[string]any)
	if schemes == nil {
		schemes = map[string]any{}
	}
	if iam, _ := auth["EnableIamAuthorizer"].(bool); iam {
		schemes["AWS_IAM"] = map[string]any{"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
		a.BodyOrigins.Pin("/components/securitySchemes/AWS_IAM", a.PropPtr("/Auth/EnableIamAuthorizer"))
	}
	for _, name := range sortedKeys(authorizers) {
		def, ok := authorizers[name].(map[string]any)
		if !ok {
			a.problem(e.authorizerPtr(a, name), "authorizer %s is not an object", name)
			continue
		}
		schemes[name] = e.httpScheme(a, name, def)
	}
	if len(schemes) > 0 {
		comps["securitySchemes"] = schemes
	}
	def, ok := e.str(auth["DefaultAuthorizer"])
	if auth["DefaultAuthorizer"] == nil || !ok || def == "" {
		return
	}
	if _, known := schemes[def]; !known {
		a.problem(a.PropPtr("/Auth/DefaultAuthorizer"), "DefaultAuthorizer %s is not defined in Authorizers", def)
		return
	}
	var scopes []any
	scopesPtr := ""
	if d, ok := authorizers[def].(map[string]any); ok {
		if s, ok := d["AuthorizationScopes"].([]any); ok {
			scopes, scopesPtr = s, e.authorizerPtr(a, def)+"/AuthorizationScopes"
		}
	}
	if scopes == nil {
		scopes = []any{}
	}
	defPtr := a.PropPtr("/Auth/DefaultAuthorizer")
	paths := pathsOf(a.Body)
	for _, p := range sortedKeys(paths) {
		for _, pi := range pathItems(paths, p) {
			for _, verb := range sortedKeys(pi.item) {
				if verb == "parameters" || normalizeMethod(verb) == "options" {
					continue
				}
				op, ok := pi.item[verb].(map[string]any)
				if !ok || op[integrationKey] == nil || truthy(op["security"]) {
					continue
				}
				sp := pi.opPtr(verb) + "/security"
				op["security"] = []any{map[string]any{def: deepCopy(scopes)}}
				a.BodyOrigins.Pin(sp, defPtr)
				pinScopes(a.BodyOrigins, sp+"/0/"+yamltree.Escape(def), defPtr, scopesPtr, scopes)
				key := strings.ToUpper(verb)
				if verb == anyMethod {
					key = "ANY"
				}
				a.defaultAuth(key + " " + p)
			}
		}
	}
}

// httpScheme is ApiGatewayV2Authorizer.generate_openapi.
func (e *expander) httpScheme(a *API, name string, def map[string]any) map[string]any {
	ptr := e.authorizerPtr(a, name)
	sp := "/components/securitySchemes/" + yamltree.Escape(name)
	a.BodyOrigins.Pin(sp, ptr)
	if jc, ok := def["JwtConfiguration"]; ok && truthy(jc) {
		az := map[string]any{"type": "jwt"}
		azp := sp + "/x-amazon-apigateway-authorizer"
		a.BodyOrigins.Pin(azp+"/type", ptr)
		if m, ok := jc.(map[string]any); ok {
			if _, _, isFn := intrinsic.IsIntrinsic(m); !isFn {
				low := map[string]any{}
				a.BodyOrigins.Subtree(azp+"/jwtConfiguration", ptr+"/JwtConfiguration")
				for _, k := range sortedKeys(m) {
					lk := strings.ToLower(k)
					low[lk] = m[k]
					a.BodyOrigins.Subtree(azp+"/jwtConfiguration/"+yamltree.Escape(lk), ptr+"/JwtConfiguration/"+yamltree.Escape(k))
				}
				jc = low
			}
		}
		az["jwtConfiguration"] = jc
		if is, ok := def["IdentitySource"]; ok {
			az["identitySource"] = is
			a.BodyOrigins.Subtree(azp+"/identitySource", ptr+"/IdentitySource")
		}
		return map[string]any{"type": "oauth2", "x-amazon-apigateway-authorizer": az}
	}
	az := map[string]any{"type": "request"}
	if id, ok := def["Identity"].(map[string]any); ok && len(id) > 0 {
		src := []any{}
		for _, kp := range [][2]string{{"Headers", "$request.header."}, {"QueryStrings", "$request.querystring."}, {"StageVariables", "$stageVariables."}, {"Context", "$context."}} {
			l, _ := id[kp[0]].([]any)
			for _, v := range l {
				if s, ok := v.(string); ok {
					src = append(src, kp[1]+s)
				}
			}
		}
		az["identitySource"] = src
	}
	return map[string]any{"type": "apiKey", "name": "Unused", "in": "header", "x-amazon-apigateway-authorizer": az}
}
