package sam

import (
	"testing"

	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

func expand(t *testing.T, apiProps map[string]any) *API {
	t.Helper()
	r := &intrinsic.Resolver{}
	tpl := Template{
		Resolve:   r.Resolve,
		Condition: func(string) (bool, bool) { return false, false },
		Resources: []Resource{
			{ID: "Api", Type: TypeAPI, Ptr: "/Resources/Api", Props: apiProps},
			{ID: "Fn", Type: TypeFunction, Ptr: "/Resources/Fn", Props: map[string]any{"Events": map[string]any{
				"Get": map[string]any{"Type": "Api", "Properties": map[string]any{"RestApiId": map[string]any{"Ref": "Api"}, "Path": "/pets", "Method": "get"}},
			}}},
		},
	}
	apis := Expand(tpl)
	if len(apis) != 1 {
		t.Fatalf("%d APIs", len(apis))
	}
	return apis[0]
}

func security(a *API, verb string) []any {
	op := a.Body["paths"].(map[string]any)["/pets"].(map[string]any)[verb].(map[string]any)
	s, _ := op["security"].([]any)
	return s
}

func TestCorsPreflightAuthorizer(t *testing.T) {
	auth := func(preflight *bool) map[string]any {
		a := map[string]any{"DefaultAuthorizer": "C", "Authorizers": map[string]any{"C": map[string]any{"UserPoolArn": "arn:aws:cognito-idp:eu-west-1:1:userpool/x"}}}
		if preflight != nil {
			a["AddDefaultAuthorizerToCorsPreflight"] = *preflight
		}
		return map[string]any{"Cors": "'*'", "Auth": a}
	}
	a := expand(t, auth(nil))
	if len(security(a, "options")) != 1 || len(security(a, "get")) != 1 {
		t.Errorf("default: OPTIONS carries the default authorizer: %v / %v", security(a, "options"), security(a, "get"))
	}
	if a.Generated["OPTIONS /pets"] != "sam-cors" || a.Generated["GET /pets"] != "sam" {
		t.Errorf("generated %v", a.Generated)
	}
	if tpl, pinned := a.BodyOrigins.Resolve("/paths/~1pets/options/security/0"); !pinned || tpl != "/Resources/Api/Properties/Auth/DefaultAuthorizer" {
		t.Errorf("OPTIONS security origin %s", tpl)
	}
	off := false
	a = expand(t, auth(&off))
	if len(security(a, "options")) != 0 || len(security(a, "get")) != 1 {
		t.Errorf("AddDefaultAuthorizerToCorsPreflight false: %v / %v", security(a, "options"), security(a, "get"))
	}
}

func TestGlobalsMerge(t *testing.T) {
	r := &intrinsic.Resolver{}
	tpl := Template{
		Resolve:   r.Resolve,
		Condition: func(string) (bool, bool) { return false, false },
		Globals:   map[string]any{"Api": map[string]any{"Auth": map[string]any{"ApiKeyRequired": true}, "StageName": "ignored"}},
		Resources: []Resource{{ID: "Api", Type: TypeAPI, Ptr: "/Resources/Api", Props: map[string]any{"Auth": map[string]any{"DefaultAuthorizer": "X"}}}},
	}
	a := Expand(tpl)[0]
	if v, _ := a.Prop("Auth", "ApiKeyRequired"); v != true {
		t.Errorf("merged %v", a.Props)
	}
	if _, ok := a.Prop("StageName"); ok {
		t.Error("StageName is not a Globals property")
	}
	if p := a.PropPtr("/Auth/ApiKeyRequired"); p != "/Globals/Api/Auth/ApiKeyRequired" {
		t.Errorf("origin %s", p)
	}
	if p := a.PropPtr("/Auth/DefaultAuthorizer"); p != "/Resources/Api/Properties/Auth/DefaultAuthorizer" {
		t.Errorf("origin %s", p)
	}
	// Without Authorizers, SAM ignores DefaultAuthorizer (as the translator does).
	if len(a.Problems) != 0 {
		t.Errorf("problems %+v", a.Problems)
	}
}
