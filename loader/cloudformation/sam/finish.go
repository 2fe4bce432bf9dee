package sam

import (
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// finish applies the API's own settings, in api_generator's order: Cors, Auth,
// GatewayResponses, then the OpenAPI 3 post-processing.
func (e *expander) finish(a *API) {
	e.ensureBody(a)
	if a.Body == nil {
		body, hasBody := a.Props["DefinitionBody"]
		if _, _, isFn := intrinsic.IsIntrinsic(body); isFn {
			// Included at deployment (Fn::Transform AWS::Include): CloudFormation
			// inlines it before SAM runs, so Auth and Cors do apply to it.
			return
		}
		if _, ok := a.Props["DefinitionUri"]; !ok && hasBody {
			a.problem(a.PropPtr("/DefinitionBody"), "DefinitionBody is not an inline OpenAPI document SAM can read")
		}
		for _, k := range []string{"Auth", "Cors", "GatewayResponses"} {
			if _, ok := a.Props[k]; ok {
				if _, uri := a.Props["DefinitionUri"]; !uri {
					a.problem(a.PropPtr("/"+k), "%s works only with an inline OpenAPI document in DefinitionBody", k)
				}
			}
		}
		return
	}
	if v, ok := a.Props["OpenApiVersion"]; ok && e.manage[a.LogicalID] {
		if s, ok := e.t.Resolve(v).String(); ok && isOpenAPI3(s) {
			a.Body["openapi"] = s
			delete(a.Body, "swagger")
		}
	}
	e.cors(a)
	e.auth(a)
	e.gatewayResponses(a)
	e.postprocess(a)
}

func (e *expander) cors(a *API) {
	raw, ok := a.Props["Cors"]
	if !ok || !truthy(raw) {
		return
	}
	corsPtr := a.PropPtr("/Cors")
	origin := any("'*'")
	var headers, methods, maxAge any
	allowCreds := false
	at := map[string]string{"origin": corsPtr, "headers": corsPtr, "methods": corsPtr, "maxAge": corsPtr}
	if _, _, isFn := intrinsic.IsIntrinsic(raw); isFn {
		origin = raw
	} else {
		switch c := raw.(type) {
		case string:
			origin = c
		case map[string]any:
			if v, ok := c["AllowOrigin"]; ok {
				origin, at["origin"] = v, a.PropPtr("/Cors/AllowOrigin")
			}
			if v, ok := c["AllowHeaders"]; ok {
				headers, at["headers"] = v, a.PropPtr("/Cors/AllowHeaders")
			}
			if v, ok := c["AllowMethods"]; ok {
				methods, at["methods"] = v, a.PropPtr("/Cors/AllowMethods")
			}
			if v, ok := c["MaxAge"]; ok {
				maxAge, at["maxAge"] = v, a.PropPtr("/Cors/MaxAge")
			}
			allowCreds, _ = c["AllowCredentials"].(bool)
		default:
			a.problem(corsPtr, "invalid value for Cors")
			return
		}
	}
	seen := map[string]bool{}
	paths := pathsOf(a.Body)
	for _, p := range sortedKeys(paths) {
		norm := p
		if p != "/" {
			norm = strings.TrimRight(p, "/")
		}
		if seen[norm] {
			continue
		}
		seen[norm] = true
		for _, pi := range pathItems(paths, p) {
			e.corsPreflight(a, pi, p, corsPtr, origin, headers, methods, maxAge, allowCreds, at)
		}
	}
}

// corsPreflight adds the OPTIONS method to one path item (a branch of an
// Fn::If path item is one too: the translator's get_conditional_contents).
func (e *expander) corsPreflight(a *API, pi pathItem, p, corsPtr string, origin, headers, methods, maxAge any, allowCreds bool, at map[string]string) {
	item := pi.item
	if _, has := item["options"]; has {
		return
	}
	allow := methods
	if !truthy(allow) {
		allow = "'" + allowedMethods(item) + "'"
	}
	params := map[string]any{"method.response.header.Access-Control-Allow-Origin": origin}
	hdrs := map[string]any{"Access-Control-Allow-Origin": map[string]any{"type": "string"}}
	op := pi.opPtr("options")
	rp := op + "/x-amazon-apigateway-integration/responses/default/responseParameters/"
	a.BodyOrigins.Pin(rp+"method.response.header.Access-Control-Allow-Origin", at["origin"])
	if truthy(headers) {
		params["method.response.header.Access-Control-Allow-Headers"] = headers
		hdrs["Access-Control-Allow-Headers"] = map[string]any{"type": "string"}
		a.BodyOrigins.Pin(rp+"method.response.header.Access-Control-Allow-Headers", at["headers"])
	}
	params["method.response.header.Access-Control-Allow-Methods"] = allow
	hdrs["Access-Control-Allow-Methods"] = map[string]any{"type": "string"}
	a.BodyOrigins.Pin(rp+"method.response.header.Access-Control-Allow-Methods", at["methods"])
	if maxAge != nil {
		params["method.response.header.Access-Control-Max-Age"] = maxAge
		hdrs["Access-Control-Max-Age"] = map[string]any{"type": "integer"}
	}
	if allowCreds {
		params["method.response.header.Access-Control-Allow-Credentials"] = "'true'"
		hdrs["Access-Control-Allow-Credentials"] = map[string]any{"type": "string"}
	}
	item["options"] = map[string]any{
		"summary":  "CORS support",
		"consumes": []any{"application/json"},
		"produces": []any{"application/json"},
		integrationKey: map[string]any{
			"type":             "mock",
			"requestTemplates": map[string]any{"application/json": "{\n  \"statusCode\" : 200\n}\n"},
			"responses": map[string]any{"default": map[string]any{
				"statusCode":         "200",
				"responseParameters": params,
				"responseTemplates":  map[string]any{"application/json": "{}\n"},
			}},
		},
		"responses": map[string]any{"200": map[string]any{"description": "Default response for CORS method", "headers": hdrs}},
	}
	a.BodyOrigins.Pin(op, corsPtr)
	a.generated("OPTIONS", p, "sam-cors")
	a.corsOps = append(a.corsOps, op)
}

// allowedMethods is _make_cors_allowed_methods_for_path_item.
func allowedMethods(item map[string]any) string {
	var ms []string
	if _, ok := item[anyMethod]; ok {
		ms = []string{"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"}
	} else {
		for k := range item {
			ms = append(ms, strings.ToUpper(k))
		}
		ms = append(ms, "OPTIONS")
	}
	slices.Sort(ms)
	return strings.Join(slices.Compact(ms), ",")
}

func (e *expander) auth(a *API) {
	auth, ok := a.Props["Auth"].(map[string]any)
	if !ok || len(auth) == 0 {
		return
	}
	defName, hasDefault := e.str(auth["DefaultAuthorizer"])
	if auth["DefaultAuthorizer"] == nil {
		hasDefault = false
	}
	var azs []*authorizer
	if hasDefault && defName == "AWS_IAM" {
		azs = append(azs, &authorizer{name: "AWS_IAM", iam: true, ptr: a.PropPtr("/Auth/DefaultAuthorizer")})
	}
	defs, _ := auth["Authorizers"].(map[string]any)
	for _, name := range sortedKeys(defs) {
		def, ok := defs[name].(map[string]any)
		if !ok {
			a.problem(a.PropPtr("/Auth/Authorizers/"+yamltree.Escape(name)), "authorizer %s is not an object", name)
			continue
		}
		azs = append(azs, &authorizer{name: name, def: def, ptr: e.authorizerPtr(a, name), scopes: def["AuthorizationScopes"]})
	}
	if len(azs) > 0 {
		sd := schemes(a.Body)
		for _, az := range azs {
			docPtr := "/securityDefinitions/" + yamltree.Escape(az.name)
			sd[az.name] = az.scheme(docPtr, a.BodyOrigins)
		}
		if hasDefault {
			e.defaultAuthorizer(a, defName, azs, auth)
		}
	}
	if req, _ := auth["ApiKeyRequired"].(bool); req {
		addAPIKeyScheme(a.Body)
		addToOptions := true
		if v, ok := auth["AddApiKeyRequiredToCorsPreflight"].(bool); ok {
			addToOptions = v
		}
		e.defaultAPIKey(a, addToOptions)
	}
	if rp, ok := auth["ResourcePolicy"]; ok && truthy(rp) {
		// SamApi.to_cloudformation resolves parameter references in Auth
		// (resolve_parameter_refs) before the policy is built.
		rp = e.resolveParamRefs(rp)
		e.applyResourcePolicy(apiPolicyTarget(a), rp, sortedKeys(pathsOf(a.Body)), a.Props["StageName"])
	}
}

// defaultAuthorizer is set_path_default_authorizer on every path.
func (e *expander) defaultAuthorizer(a *API, name string, azs []*authorizer, auth map[string]any) {
	var def *authorizer
	names := map[string]bool{"AWS_IAM": true}
	for _, az := range azs {
		names[az.name] = true
		if az.name == name {
			def = az
		}
	}
	defPtr := a.PropPtr("/Auth/DefaultAuthorizer")
	if def == nil {
		a.problem(defPtr, "DefaultAuthorizer %s is not defined in Authorizers", name)
		return
	}
	preflight := true
	preflightPtr := defPtr
	if v, ok := auth["AddDefaultAuthorizerToCorsPreflight"].(bool); ok {
		preflight = v
		preflightPtr = a.PropPtr("/Auth/AddDefaultAuthorizerToCorsPreflight")
	}
	paths := pathsOf(a.Body)
	for _, p := range sortedKeys(paths) {
		for _, pi := range pathItems(paths, p) {
			e.defaultAuthorizerOn(a, pi, name, def, preflight, preflightPtr, defPtr, names)
		}
	}
}

// defaultAuthorizerOn applies the default authorizer to the methods of one
// path item.
func (e *expander) defaultAuthorizerOn(a *API, pi pathItem, name string, def *authorizer, preflight bool, preflightPtr, defPtr string, names map[string]bool) {
	for _, md := range methodDefs(pi) {
		verb, op := md.verb, md.op
		if !preflight && verb == "options" {
			continue
		}
		existing := securityList(op)
		var nonAuth, authSec []any
		for _, s := range existing {
			sm, _ := s.(map[string]any)
			isAuth := false
			for k := range sm {
				if names[k] {
					isAuth = true
				}
			}
			if isAuth {
				authSec = append(authSec, s)
			} else {
				nonAuth = append(nonAuth, s)
			}
		}
		noneIdx := -1
		for i, s := range nonAuth {
			if sm, _ := s.(map[string]any); sm != nil {
				if _, ok := sm["NONE"]; ok {
					noneIdx = i
					break
				}
			}
		}
		var chosen []any
		secPtr := md.ptr + "/security"
		added := false
		switch {
		case noneIdx >= 0:
			nonAuth = slices.Delete(nonAuth, noneIdx, noneIdx+1)
		case len(authSec) > 0:
			chosen = authSec
		default:
			scopes := def.scopes
			if scopes == nil {
				scopes = []any{}
			}
			chosen = []any{map[string]any{name: scopes}}
			added = true
		}
		sec := append(append([]any{}, nonAuth...), chosen...)
		if len(sec) == 0 {
			continue
		}
		if added || !sameList(existing, sec) {
			e.reindexSecurity(a.BodyOrigins, secPtr, existing, sec)
		}
		if added {
			at := defPtr
			if verb == "options" {
				at = preflightPtr
			}
			idx := secPtr + "/" + itoa(len(sec)-1)
			a.BodyOrigins.Pin(idx, at)
			if def.scopes != nil {
				pinScopes(a.BodyOrigins, idx+"/"+yamltree.Escape(name), at, def.ptr+"/AuthorizationScopes", def.scopes)
			}
			if _, ok := a.BodyOrigins.Lookup(secPtr); !ok {
				a.BodyOrigins.Pin(secPtr, at)
			}
		}
		op["security"] = sec
		if first, _ := sec[0].(map[string]any); first != nil {
			if _, ok := first["AWS_IAM"]; ok {
				addIAMScheme(a.Body)
			}
		}
	}
}

// reindexSecurity keeps the origins of requirement objects that move.
func (e *expander) reindexSecurity(m *origin.Map, secPtr string, before, after []any) {
	type pos struct {
		tpl    string
		pinned bool
	}
	old := make([]pos, len(before))
	for i := range before {
		tpl, pinned := m.Resolve(secPtr + "/" + itoa(i))
		old[i] = pos{tpl, pinned}
	}
	for j, s := range after {
		for i, b := range before {
			if sameValue(s, b) {
				if old[i].pinned {
					m.Pin(secPtr+"/"+itoa(j), old[i].tpl)
				} else {
					m.Subtree(secPtr+"/"+itoa(j), old[i].tpl)
				}
				break
			}
		}
	}
}

func sameList(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameValue(a, b any) bool {
	return intrinsic.Equal(intrinsic.Result{Value: a}, intrinsic.Result{Value: b})
}

// defaultAPIKey is set_path_default_apikey_required on every path.
func (e *expander) defaultAPIKey(a *API, addToOptions bool) {
	keyPtr := a.PropPtr("/Auth/ApiKeyRequired")
	paths := pathsOf(a.Body)
	for _, p := range sortedKeys(paths) {
		for _, pi := range pathItems(paths, p) {
			e.defaultAPIKeyOn(a, pi, keyPtr, addToOptions)
		}
	}
}

// defaultAPIKeyOn requires the API key on the methods of one path item.
func (e *expander) defaultAPIKeyOn(a *API, pi pathItem, keyPtr string, addToOptions bool) {
	for _, md := range methodDefs(pi) {
		verb, op := md.verb, md.op
		existing := securityList(op)
		var nonKey, keySec []any
		for _, s := range existing {
			sm, _ := s.(map[string]any)
			_, k1 := sm["api_key"]
			_, k2 := sm["api_key_false"]
			if k1 || k2 {
				keySec = append(keySec, s)
			} else {
				nonKey = append(nonKey, s)
			}
		}
		falseIdx := -1
		for i, s := range keySec {
			if sm, _ := s.(map[string]any); sm != nil {
				if _, ok := sm["api_key_false"]; ok {
					falseIdx = i
					break
				}
			}
		}
		var keyReq []any
		if falseIdx < 0 {
			keyReq = []any{map[string]any{"api_key": []any{}}}
		}
		sec := append(append([]any{}, nonKey...), keyReq...)
		if verb == "options" && !addToOptions {
			sec = append([]any{}, nonKey...)
		}
		if sameList(sec, existing) {
			continue
		}
		secPtr := md.ptr + "/security"
		e.reindexSecurity(a.BodyOrigins, secPtr, existing, sec)
		if len(keyReq) > 0 && (verb != "options" || addToOptions) {
			a.BodyOrigins.Pin(secPtr+"/"+itoa(len(sec)-1), keyPtr)
		}
		op["security"] = sec
	}
}

func (e *expander) gatewayResponses(a *API) {
	grs, ok := a.Props["GatewayResponses"].(map[string]any)
	if !ok || len(grs) == 0 {
		return
	}
	out, _ := a.Body["x-amazon-apigateway-gateway-responses"].(map[string]any)
	if out == nil {
		out = map[string]any{}
		a.Body["x-amazon-apigateway-gateway-responses"] = out
	}
	for _, typ := range sortedKeys(grs) {
		resp, ok := grs[typ].(map[string]any)
		gp := a.PropPtr("/GatewayResponses/" + yamltree.Escape(typ))
		if !ok {
			a.problem(gp, "gateway response %s is not an object", typ)
			continue
		}
		docPtr := "/x-amazon-apigateway-gateway-responses/" + yamltree.Escape(typ)
		a.BodyOrigins.Pin(docPtr, gp)
		params := map[string]any{}
		rp, _ := resp["ResponseParameters"].(map[string]any)
		for _, kp := range [][2]string{{"Headers", "header."}, {"Paths", "path."}, {"QueryStrings", "querystring."}} {
			vals, _ := rp[kp[0]].(map[string]any)
			for k, v := range vals {
				key := "gatewayresponse." + kp[1] + k
				params[key] = v
				a.BodyOrigins.Subtree(docPtr+"/responseParameters/"+yamltree.Escape(key), gp+"/ResponseParameters/"+kp[0]+"/"+yamltree.Escape(k))
			}
		}
		g := map[string]any{"responseParameters": params}
		if t, ok := resp["ResponseTemplates"]; ok {
			g["responseTemplates"] = t
		} else {
			g["responseTemplates"] = map[string]any{}
		}
		if sc, ok := resp["StatusCode"]; ok && sc != nil {
			if s, ok := e.t.Resolve(sc).String(); ok {
				g["statusCode"] = s
			} else {
				g["statusCode"] = sc
			}
			a.BodyOrigins.Subtree(docPtr+"/statusCode", gp+"/StatusCode")
		}
		out[typ] = g
	}
}

// postprocess is _openapi_postprocess: OpenAPI 3 documents get their security
// schemes under components.
func (e *expander) postprocess(a *API) {
	if _, ok := a.Body["swagger"]; ok {
		return
	}
	version, _ := a.Body["openapi"].(string)
	if v, ok := a.Props["OpenApiVersion"]; ok {
		if s, ok := e.t.Resolve(v).String(); ok {
			if _, has := a.Body["openapi"]; !has {
				version = s
			}
		}
	}
	if !isOpenAPI3(version) {
		return
	}
	if sd, ok := a.Body["securityDefinitions"].(map[string]any); ok && len(sd) > 0 {
		comp, _ := a.Body["components"].(map[string]any)
		if comp == nil {
			comp = map[string]any{}
		}
		comp["securitySchemes"] = sd
		a.Body["components"] = comp
		delete(a.Body, "securityDefinitions")
		a.BodyOrigins.Move("/securityDefinitions", "/components/securitySchemes")
	}
	if defs, ok := a.Body["definitions"].(map[string]any); ok && len(defs) > 0 {
		comp, _ := a.Body["components"].(map[string]any)
		if comp == nil {
			comp = map[string]any{}
		}
		comp["schemas"] = defs
		a.Body["components"] = comp
		delete(a.Body, "definitions")
		a.BodyOrigins.Move("/definitions", "/components/schemas")
	}
}
