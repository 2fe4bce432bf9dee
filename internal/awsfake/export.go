package awsfake

import (
	"sort"
	"strings"
)

type exportDoc struct {
	api          Object
	stage        string
	region       string
	snap         *Snapshot
	oas3         bool
	integrations bool
	authorizers  bool
	// extras adds what only extensions=apigateway carries (the resource policy).
	extras bool
}

// export renders a deployment snapshot the way GetExport does: an OpenAPI 3.0.1
// (or Swagger 2.0) document whose operations carry security requirements named
// after the authorizers, with x-amazon-apigateway-authtype/-authorizer on the
// security schemes and x-amazon-apigateway-integration on the operations.
func export(e exportDoc) map[string]any {
	id, _ := e.api["id"].(string)
	name, _ := e.api["name"].(string)
	authByID := map[string]Object{}
	for _, a := range e.snap.Authorizers {
		if aid, ok := a["id"].(string); ok {
			authByID[aid] = a
		}
	}
	schemes := map[string]any{}
	paths := map[string]any{}
	for _, res := range e.snap.Resources {
		path, _ := res["path"].(string)
		ms, _ := res["resourceMethods"].(map[string]any)
		if len(ms) == 0 {
			continue
		}
		item := map[string]any{}
		verbs := make([]string, 0, len(ms))
		for v := range ms {
			verbs = append(verbs, v)
		}
		sort.Strings(verbs)
		for _, verb := range verbs {
			m, _ := ms[verb].(map[string]any)
			key := strings.ToLower(verb)
			if verb == "ANY" {
				key = "x-amazon-apigateway-any-method"
			}
			item[key] = e.operation(m, authByID, schemes)
		}
		paths[path] = item
	}
	doc := map[string]any{"paths": paths}
	if e.oas3 {
		doc["openapi"] = "3.0.1"
		doc["info"] = map[string]any{"title": name, "version": "2024-01-01T00:00:00Z"}
		doc["servers"] = []any{map[string]any{
			"url":       "https://" + id + ".execute-api." + e.region + ".amazonaws.com/{basePath}",
			"variables": map[string]any{"basePath": map[string]any{"default": e.stage}},
		}}
		if len(schemes) > 0 {
			doc["components"] = map[string]any{"securitySchemes": schemes}
		}
	} else {
		doc["swagger"] = "2.0"
		doc["info"] = map[string]any{"title": name, "version": "2024-01-01T00:00:00Z"}
		doc["host"] = id + ".execute-api." + e.region + ".amazonaws.com"
		doc["basePath"] = "/" + e.stage
		doc["schemes"] = []any{"https"}
		if len(schemes) > 0 {
			doc["securityDefinitions"] = schemes
		}
	}
	if e.extras && e.snap.Policy != nil {
		doc["x-amazon-apigateway-policy"] = e.snap.Policy
	}
	return doc
}

func (e exportDoc) operation(m map[string]any, authByID map[string]Object, schemes map[string]any) map[string]any {
	op := map[string]any{}
	responses := map[string]any{}
	if mr, ok := m["methodResponses"].(map[string]any); ok {
		for code, r := range mr {
			resp := map[string]any{"description": code + " response"}
			if ro, ok := r.(map[string]any); ok {
				if params, ok := ro["responseParameters"].(map[string]any); ok && len(params) > 0 {
					headers := map[string]any{}
					for p := range params {
						if h, found := strings.CutPrefix(p, "method.response.header."); found {
							headers[h] = map[string]any{"schema": map[string]any{"type": "string"}}
						}
					}
					resp["headers"] = headers
				}
			}
			if e.oas3 {
				resp["content"] = map[string]any{}
			}
			responses[code] = resp
		}
	}
	op["responses"] = responses

	req := map[string]any{}
	at, _ := m["authorizationType"].(string)
	aid, _ := m["authorizerId"].(string)
	switch at {
	case "COGNITO_USER_POOLS", "CUSTOM":
		if a, ok := authByID[aid]; ok {
			name, _ := a["name"].(string)
			scopes := []any{}
			if at == "COGNITO_USER_POOLS" {
				if ss, ok := m["authorizationScopes"].([]any); ok {
					scopes = ss
				}
			}
			req[name] = scopes
			schemes[name] = e.scheme(a)
		}
	case "AWS_IAM":
		req["sigv4"] = []any{}
		schemes["sigv4"] = map[string]any{
			"type": "apiKey", "name": "Authorization", "in": "header",
			"x-amazon-apigateway-authtype": "awsSigv4",
		}
	}
	if k, _ := m["apiKeyRequired"].(bool); k {
		req["api_key"] = []any{}
		schemes["api_key"] = map[string]any{"type": "apiKey", "name": "x-api-key", "in": "header"}
	}
	if len(req) > 0 {
		op["security"] = []any{req}
	}
	if integ, ok := m["methodIntegration"].(map[string]any); ok && e.integrations {
		op["x-amazon-apigateway-integration"] = integration(integ)
	}
	return op
}

// scheme renders an authorizer as a security scheme with API Gateway's
// extensions (authorizers are exported only when asked for).
func (e exportDoc) scheme(a Object) map[string]any {
	header := "Authorization"
	if src, ok := a["identitySource"].(string); ok {
		if h, found := strings.CutPrefix(src, "method.request.header."); found {
			header = h
		}
	}
	s := map[string]any{"type": "apiKey", "name": header, "in": "header"}
	if !e.authorizers {
		return s
	}
	typ, _ := a["type"].(string)
	authType := "custom"
	if typ == "COGNITO_USER_POOLS" {
		authType = "cognito_user_pools"
	}
	s["x-amazon-apigateway-authtype"] = authType
	az := map[string]any{"type": strings.ToLower(typ)}
	for wire, ext := range map[string]string{
		"providerARNs":                 "providerARNs",
		"authorizerUri":                "authorizerUri",
		"authorizerCredentials":        "authorizerCredentials",
		"identityValidationExpression": "identityValidationExpression",
		"authorizerResultTtlInSeconds": "authorizerResultTtlInSeconds",
	} {
		if v, ok := a[wire]; ok {
			az[ext] = v
		}
	}
	if typ == "REQUEST" {
		if src, ok := a["identitySource"]; ok {
			az["identitySource"] = src
		}
	}
	s["x-amazon-apigateway-authorizer"] = az
	return s
}

func integration(integ map[string]any) map[string]any {
	out := map[string]any{}
	if t, ok := integ["type"].(string); ok {
		out["type"] = strings.ToLower(t)
	}
	for _, k := range []string{"httpMethod", "uri", "passthroughBehavior", "requestTemplates", "requestParameters", "timeoutInMillis", "connectionType", "connectionId", "credentials"} {
		if v, ok := integ[k]; ok {
			out[k] = v
		}
	}
	if irs, ok := integ["integrationResponses"].(map[string]any); ok {
		responses := map[string]any{}
		for code, r := range irs {
			ro, _ := r.(map[string]any)
			resp := map[string]any{"statusCode": code}
			for _, k := range []string{"responseParameters", "responseTemplates"} {
				if v, ok := ro[k]; ok {
					resp[k] = v
				}
			}
			pattern, _ := ro["selectionPattern"].(string)
			if pattern == "" {
				pattern = "default"
			}
			responses[pattern] = resp
		}
		out["responses"] = responses
	}
	return out
}
