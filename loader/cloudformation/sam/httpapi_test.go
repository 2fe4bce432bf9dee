package sam

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

// expandHTTP expands one HttpApi and a function whose HttpApi events are
// given by name.
func expandHTTP(t *testing.T, apiProps map[string]any, events map[string]any) []*API {
	t.Helper()
	r := &intrinsic.Resolver{}
	return ExpandHTTP(Template{
		Resolve:   r.Resolve,
		Condition: func(string) (bool, bool) { return false, false },
		Resources: []Resource{
			{ID: "Api", Type: TypeHTTPAPI, Ptr: "/Resources/Api", Props: apiProps},
			{ID: "Fn", Type: TypeFunction, Ptr: "/Resources/Fn", Props: map[string]any{"Events": events}},
		},
	})
}

func httpEvent(props map[string]any) map[string]any {
	return map[string]any{"Type": "HttpApi", "Properties": props}
}

var jwtAuth = map[string]any{
	"DefaultAuthorizer": "Jwt",
	"Authorizers": map[string]any{"Jwt": map[string]any{
		"IdentitySource":      "$request.header.Authorization",
		"AuthorizationScopes": []any{"pets/read"},
		"JwtConfiguration":    map[string]any{"Issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X", "Audience": []any{"c"}},
	}},
}

// TestExpandHTTPProblems lists what the SAM translator rejects, each as a
// problem at the property to fix.
func TestExpandHTTPProblems(t *testing.T) {
	ref := map[string]any{"Ref": "Api"}
	for _, tc := range []struct {
		name   string
		api    map[string]any
		events map[string]any
		want   string
		ptr    string
	}{
		{"NONE without a default authorizer", map[string]any{},
			map[string]any{"E": httpEvent(map[string]any{"ApiId": ref, "Path": "/a", "Method": "get", "Auth": map[string]any{"Authorizer": "NONE"}})},
			"only valid when the HttpApi has a DefaultAuthorizer", "/Resources/Fn/Properties/Events/E/Properties/Auth/Authorizer"},
		{"an undefined authorizer", map[string]any{"Auth": jwtAuth},
			map[string]any{"E": httpEvent(map[string]any{"ApiId": ref, "Path": "/a", "Method": "get", "Auth": map[string]any{"Authorizer": "Other"}})},
			"authorizer Other is not defined", "/Resources/Fn/Properties/Events/E/Properties/Auth/Authorizer"},
		{"Auth without an authorizer or a default", map[string]any{},
			map[string]any{"E": httpEvent(map[string]any{"ApiId": ref, "Path": "/a", "Method": "get", "Auth": map[string]any{"AuthorizationScopes": []any{"x"}}})},
			"requires either an explicit 'Authorizer'", "/Resources/Fn/Properties/Events/E/Properties/Auth"},
		{"the same route twice", map[string]any{},
			map[string]any{
				"A": httpEvent(map[string]any{"ApiId": ref, "Path": "/a", "Method": "get"}),
				"B": httpEvent(map[string]any{"ApiId": ref, "Path": "/a", "Method": "GET"}),
			},
			"defined multiple times", "/Resources/Fn/Properties/Events/B"},
		{"an unknown default authorizer", map[string]any{"Auth": map[string]any{"DefaultAuthorizer": "Nope", "Authorizers": jwtAuth["Authorizers"]}},
			map[string]any{"E": httpEvent(map[string]any{"ApiId": ref, "Path": "/a", "Method": "get"})},
			"DefaultAuthorizer Nope is not defined", "/Resources/Api/Properties/Auth/DefaultAuthorizer"},
		{"Auth with DefinitionUri", map[string]any{"DefinitionUri": "s3://b/k", "Auth": jwtAuth},
			map[string]any{},
			"Auth works only with an inline OpenAPI document", "/Resources/Api/Properties/Auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apis := expandHTTP(t, tc.api, tc.events)
			var got []Problem
			for _, a := range apis {
				got = append(got, a.Problems...)
			}
			for _, p := range got {
				if strings.Contains(p.Msg, tc.want) && p.Ptr == tc.ptr {
					return
				}
			}
			t.Errorf("problems %+v, want %q at %s", got, tc.want, tc.ptr)
		})
	}
}

// TestExpandHTTPDefaultAuthorizer checks where the default authorizer goes
// and where the generated security points.
func TestExpandHTTPDefaultAuthorizer(t *testing.T) {
	ref := map[string]any{"Ref": "Api"}
	apis := expandHTTP(t, map[string]any{"Auth": jwtAuth}, map[string]any{
		"Get":  httpEvent(map[string]any{"ApiId": ref, "Path": "/pets", "Method": "get"}),
		"Open": httpEvent(map[string]any{"ApiId": ref, "Path": "/open", "Method": "get", "Auth": map[string]any{"Authorizer": "NONE"}}),
		"Opts": httpEvent(map[string]any{"ApiId": ref, "Path": "/pets", "Method": "options"}),
		"All":  httpEvent(map[string]any{"ApiId": ref}),
	})
	if len(apis) != 1 {
		t.Fatalf("%d APIs", len(apis))
	}
	a := apis[0]
	paths := a.Body["paths"].(map[string]any)
	sec := func(path, verb string) []any {
		s, _ := paths[path].(map[string]any)[verb].(map[string]any)["security"].([]any)
		return s
	}
	if got := sec("/pets", "get"); len(got) != 1 || got[0].(map[string]any)["Jwt"].([]any)[0] != "pets/read" {
		t.Errorf("GET /pets security %v", got)
	}
	if got := sec("/pets", "options"); got != nil {
		t.Errorf("OPTIONS gets no default authorizer: %v", got)
	}
	if got := sec("/open", "get"); len(got) != 1 || got[0].(map[string]any)["NONE"] == nil {
		t.Errorf("NONE kept as SAM writes it: %v", got)
	}
	if got := sec("$default", anyMethod); len(got) != 1 {
		t.Errorf("$default security %v", got)
	}
	if !a.DefaultAuth["GET /pets"] || !a.DefaultAuth["ANY $default"] || a.DefaultAuth["GET /open"] {
		t.Errorf("DefaultAuth %v", a.DefaultAuth)
	}
	if tpl, pinned := a.BodyOrigins.Resolve("/paths/~1pets/get/security/0/Jwt/0"); tpl != "/Resources/Api/Properties/Auth/Authorizers/Jwt/AuthorizationScopes/0" || pinned {
		t.Errorf("scope origin %s %v", tpl, pinned)
	}
	if tpl, _ := a.BodyOrigins.Resolve("/components/securitySchemes/Jwt/x-amazon-apigateway-authorizer/jwtConfiguration/issuer"); tpl != "/Resources/Api/Properties/Auth/Authorizers/Jwt/JwtConfiguration/Issuer" {
		t.Errorf("issuer origin %s", tpl)
	}
}
