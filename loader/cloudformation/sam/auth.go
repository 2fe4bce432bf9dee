package sam

import (
	"strings"

	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// addAuthToSwagger applies an event's Auth (push.py Api.add_auth_to_swagger):
// the method's authorizer, scopes and API key, then its ResourcePolicy for
// the event's path.
func (e *expander) addAuthToSwagger(a *API, ev *event, auth map[string]any, body map[string]any, m *origin.Map) {
	e.addAuthToMethod(a, ev, auth, body, m)
	if rp, ok := auth["ResourcePolicy"]; ok && truthy(rp) {
		rpPtr := ev.ptr + "/Properties/Auth/ResourcePolicy"
		pt := policyTarget{a: a, body: body, m: m, ptr: rpPtr,
			keyPtr: func(k string) string { return rpPtr + "/" + yamltree.Escape(k) }}
		e.applyResourcePolicy(pt, rp, []string{ev.path}, eventStage(a))
	}
}

// addAuthToMethod is the part of add_auth_to_swagger that sets the method's
// security (SwaggerEditor.add_auth_to_method).
func (e *expander) addAuthToMethod(a *API, ev *event, auth map[string]any, body map[string]any, m *origin.Map) {
	authPtr := ev.ptr + "/Properties/Auth"
	name, hasName := e.str(auth["Authorizer"])
	if auth["Authorizer"] == nil {
		hasName = false
	}
	authorizers, _ := e.apiAuth(a)["Authorizers"].(map[string]any)
	if hasName && name != "AWS_IAM" && name != "NONE" {
		if _, ok := authorizers[name]; !ok {
			a.problem(authPtr+"/Authorizer", "authorizer %s is not defined in the API's Auth.Authorizers", name)
		}
	}
	if hasName && name == "NONE" {
		if _, ok := e.apiAuth(a)["DefaultAuthorizer"]; !ok {
			a.problem(authPtr+"/Authorizer", "Authorizer NONE is only valid when the API has a DefaultAuthorizer")
		}
	}
	scopes, hasScopes := auth["AuthorizationScopes"]
	apiKey, hasAPIKey := auth["ApiKeyRequired"]
	if !hasName && !hasAPIKey {
		return
	}
	verb := normalizeMethod(ev.verb)
	item, _ := pathsOf(body)[ev.path].(map[string]any)
	op, _ := item[verb].(map[string]any)
	if op == nil || op[integrationKey] == nil {
		return
	}
	p := opPtr(ev.path, verb) + "/security"
	if hasName {
		sec := securityList(op)
		req := map[string]any{name: []any{}}
		if name != "NONE" && len(authorizers) > 0 {
			var methodScopes any
			if def, ok := authorizers[name].(map[string]any); ok {
				methodScopes = def["AuthorizationScopes"]
			}
			scopePtr := ""
			if methodScopes != nil {
				scopePtr = e.authorizerPtr(a, name) + "/AuthorizationScopes"
			}
			if hasScopes && scopes != nil {
				methodScopes = scopes
				scopePtr = authPtr + "/AuthorizationScopes"
			}
			if _, ok := authorizers[name]; ok && methodScopes != nil {
				req[name] = methodScopes
				pinScopes(m, p+"/"+itoa(len(sec))+"/"+yamltree.Escape(name), authPtr+"/Authorizer", scopePtr, methodScopes)
			}
		}
		m.Pin(p+"/"+itoa(len(sec)), authPtr+"/Authorizer")
		op["security"] = append(sec, req)
		if name == "AWS_IAM" {
			addIAMScheme(body)
		}
	}
	if hasAPIKey {
		sec := securityList(op)
		if b, ok := apiKey.(bool); ok && b {
			m.Pin(p+"/"+itoa(len(sec)), authPtr+"/ApiKeyRequired")
			op["security"] = append(sec, map[string]any{"api_key": []any{}})
			addAPIKeyScheme(body)
		} else {
			op["security"] = append(sec, map[string]any{"api_key_false": []any{}})
		}
	}
	m.Pin(p, authPtr)
}

// pinScopes points a requirement at the property naming its authorizer and
// its scope items at the scopes as written.
func pinScopes(m *origin.Map, reqPtr, namePtr, scopesPtr string, scopes any) {
	m.Pin(reqPtr, namePtr)
	if l, ok := scopes.([]any); ok {
		for i := range l {
			m.Subtree(reqPtr+"/"+itoa(i), scopesPtr+"/"+itoa(i))
		}
	}
}

func (e *expander) apiAuth(a *API) map[string]any {
	auth, _ := a.Props["Auth"].(map[string]any)
	return auth
}

func (e *expander) authorizerPtr(a *API, name string) string {
	return a.PropPtr("/Auth/Authorizers/" + yamltree.Escape(name))
}

// pathItem is one path item of the document, or one branch of a path item
// written as Fn::If, with its pointer in the document.
type pathItem struct {
	item map[string]any
	ptr  string
}

func (pi pathItem) opPtr(verb string) string { return pi.ptr + "/" + yamltree.Escape(verb) }

// pathItems is the translator's get_conditional_contents for the item at
// path p: the item itself, or the branches of an Fn::If other than
// AWS::NoValue, each of which gets CORS, authorizers and API keys as a path
// item of its own.
func pathItems(paths map[string]any, p string) []pathItem {
	base := "/paths/" + yamltree.Escape(p)
	item, ok := paths[p].(map[string]any)
	if !ok {
		return nil
	}
	fn, arg, isFn := intrinsic.IsIntrinsic(item)
	if !isFn {
		return []pathItem{{item: item, ptr: base}}
	}
	l, _ := arg.([]any)
	if fn != "Fn::If" || len(l) != 3 {
		return nil
	}
	var out []pathItem
	for i, c := range l[1:] {
		if m, ok := c.(map[string]any); ok && !isNoValue(m) {
			out = append(out, pathItem{item: m, ptr: base + "/Fn::If/" + itoa(i+1)})
		}
	}
	return out
}

func pathsOf(body map[string]any) map[string]any {
	p, _ := body["paths"].(map[string]any)
	return p
}

func securityList(op map[string]any) []any {
	l, _ := op["security"].([]any)
	return l
}

func schemes(body map[string]any) map[string]any {
	sd, _ := body["securityDefinitions"].(map[string]any)
	if sd == nil {
		sd = map[string]any{}
		body["securityDefinitions"] = sd
	}
	return sd
}

func addIAMScheme(body map[string]any) {
	sd := schemes(body)
	if _, ok := sd["AWS_IAM"]; !ok {
		sd["AWS_IAM"] = map[string]any{"x-amazon-apigateway-authtype": "awsSigv4", "type": "apiKey", "name": "Authorization", "in": "header"}
	}
}

func addAPIKeyScheme(body map[string]any) {
	sd := schemes(body)
	if _, ok := sd["api_key"]; !ok {
		sd["api_key"] = map[string]any{"type": "apiKey", "name": "x-api-key", "in": "header"}
	}
}

// authorizer is one entry of Auth.Authorizers.
type authorizer struct {
	name   string
	def    map[string]any
	ptr    string
	iam    bool
	scopes any
}

func (az *authorizer) kind() string {
	if az.iam {
		return "AWS_IAM"
	}
	if v, ok := az.def["UserPoolArn"]; ok && truthy(v) {
		return "COGNITO_USER_POOLS"
	}
	return "LAMBDA"
}

func truthy(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return t != ""
	case []any:
		return len(t) > 0
	case map[string]any:
		return len(t) > 0
	case bool:
		return t
	default:
		return true
	}
}

// scheme is ApiGatewayAuthorizer.generate_swagger; it records where each
// generated field is written.
func (az *authorizer) scheme(docPtr string, m *origin.Map) map[string]any {
	identity, _ := az.def["Identity"].(map[string]any)
	header := any("Authorization")
	headerPtr := az.ptr
	if h, ok := identity["Header"]; ok && truthy(h) {
		header, headerPtr = h, az.ptr+"/Identity/Header"
	}
	kind := az.kind()
	payload, _ := az.def["FunctionPayloadType"].(string)
	if payload == "" {
		payload = "TOKEN"
	}
	s := map[string]any{"type": "apiKey", "name": header, "in": "header"}
	m.Pin(docPtr, az.ptr)
	m.Pin(docPtr+"/name", headerPtr)
	switch kind {
	case "AWS_IAM":
		s["x-amazon-apigateway-authtype"] = "awsSigv4"
	case "COGNITO_USER_POOLS":
		s["x-amazon-apigateway-authtype"] = "cognito_user_pools"
		arns := az.def["UserPoolArn"]
		list, isList := arns.([]any)
		if !isList {
			list = []any{arns}
			m.Pin(docPtr+"/x-amazon-apigateway-authorizer/providerARNs/0", az.ptr+"/UserPoolArn")
		}
		m.Subtree(docPtr+"/x-amazon-apigateway-authorizer/providerARNs", az.ptr+"/UserPoolArn")
		auth := map[string]any{"type": "cognito_user_pools", "providerARNs": list}
		if ve, ok := identity["ValidationExpression"]; ok && truthy(ve) {
			auth["identityValidationExpression"] = ve
			m.Subtree(docPtr+"/x-amazon-apigateway-authorizer/identityValidationExpression", az.ptr+"/Identity/ValidationExpression")
		}
		s["x-amazon-apigateway-authorizer"] = auth
	default:
		s["x-amazon-apigateway-authtype"] = "custom"
		typ := "token"
		if payload == "REQUEST" {
			typ = "request"
			s["name"] = "Unused"
		}
		auth := map[string]any{"type": typ,
			"authorizerUri": map[string]any{"Fn::Sub": []any{"arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations", map[string]any{"__FunctionArn__": az.def["FunctionArn"]}}}}
		if ttl, ok := identity["ReauthorizeEvery"]; ok && ttl != nil {
			auth["authorizerResultTtlInSeconds"] = ttl
			m.Subtree(docPtr+"/x-amazon-apigateway-authorizer/authorizerResultTtlInSeconds", az.ptr+"/Identity/ReauthorizeEvery")
		}
		if role, ok := az.def["FunctionInvokeRole"]; ok && truthy(role) && role != "NONE" {
			auth["authorizerCredentials"] = role
		}
		if payload == "REQUEST" {
			if src := identitySource(identity); src != "" {
				auth["identitySource"] = src
			}
		}
		if payload == "TOKEN" {
			if ve, ok := identity["ValidationExpression"]; ok && truthy(ve) {
				auth["identityValidationExpression"] = ve
				m.Subtree(docPtr+"/x-amazon-apigateway-authorizer/identityValidationExpression", az.ptr+"/Identity/ValidationExpression")
			}
		}
		s["x-amazon-apigateway-authorizer"] = auth
	}
	return s
}

func identitySource(identity map[string]any) string {
	var parts []string
	for _, kp := range [][2]string{{"Headers", "method.request.header."}, {"QueryStrings", "method.request.querystring."}, {"StageVariables", "stageVariables."}, {"Context", "context."}} {
		l, _ := identity[kp[0]].([]any)
		for _, v := range l {
			if s, ok := v.(string); ok {
				parts = append(parts, kp[1]+s)
			}
		}
	}
	return strings.Join(parts, ", ")
}
