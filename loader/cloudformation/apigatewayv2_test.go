package cloudformation

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/internal/model"
)

// TestHTTPAPIShapes pins how HTTP API resources map into the model in the
// cases the goldens do not show.
func TestHTTPAPIShapes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tpl   string
		check func(t *testing.T, inv *model.Inventory)
	}{
		{
			name: "WebSocket APIs and their routes are not read",
			tpl: `Resources:
  Ws: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}}
  R: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Ws, RouteKey: $connect, AuthorizationType: JWT}}
`,
			check: func(t *testing.T, inv *model.Inventory) {
				t.Helper()
				if len(inv.HTTPAPIs) != 0 {
					t.Errorf("HTTP APIs: %d, want none", len(inv.HTTPAPIs))
				}
			},
		},
		{
			name: "quick create with a RouteKey",
			tpl: `Resources:
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: HTTP, Target: arn:aws:lambda:us-east-1:123456789012:function:f, RouteKey: GET /pets}}
`,
			check: func(t *testing.T, inv *model.Inventory) {
				t.Helper()
				api := oneHTTPAPI(t, inv)
				if len(api.Routes) != 1 || api.Routes[0].GeneratedBy != "quick-create" {
					t.Fatalf("routes %+v, want the generated one", api.Routes)
				}
				if k, _ := api.Routes[0].RouteKey.Get(); k != "GET /pets" {
					t.Errorf("route key %q", k)
				}
				if len(api.Stages) != 1 || api.Stages[0].AutoDeploy == nil || !*api.Stages[0].AutoDeploy.Value {
					t.Errorf("stages %+v, want an auto-deployed $default stage", api.Stages)
				}
			},
		},
		{
			name: "managed overrides give the quick-create route an authorizer",
			tpl: `Resources:
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: HTTP, Target: arn:aws:lambda:us-east-1:123456789012:function:f}}
  A: {Type: AWS::ApiGatewayV2::Authorizer, Properties: {ApiId: !Ref Api, AuthorizerType: JWT}}
  O:
    Type: AWS::ApiGatewayV2::ApiGatewayManagedOverrides
    Properties:
      ApiId: !Ref Api
      Route: {AuthorizationType: JWT, AuthorizerId: !Ref A, AuthorizationScopes: [pets/read]}
      Stage: {AutoDeploy: false}
`,
			check: func(t *testing.T, inv *model.Inventory) {
				t.Helper()
				api := oneHTTPAPI(t, inv)
				rt := api.Routes[0]
				if v, _ := rt.AuthorizationType.Get(); v != "JWT" || rt.Authorizer == nil || rt.Authorizer.Target != "A" || len(rt.AuthorizationScopes.Items) != 1 {
					t.Errorf("route %+v", rt)
				}
				if v, ok := api.Stages[0].AutoDeploy.Get(); !ok || v {
					t.Errorf("stage auto deploy %v %v", v, ok)
				}
			},
		},
		{
			name: "an exported API may get stages from other stacks",
			tpl: `Resources:
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: HTTP}}
  R: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !GetAtt Api.ApiId, RouteKey: GET /a}}
Outputs:
  ApiId:
    Value: !Ref Api
    Export: {Name: shared-api}
`,
			check: func(t *testing.T, inv *model.Inventory) {
				t.Helper()
				api := oneHTTPAPI(t, inv)
				if api.StagesUnknown == nil || api.RoutesUnknown == nil {
					t.Errorf("stages %+v routes %+v, want both unknown", api.StagesUnknown, api.RoutesUnknown)
				}
				if len(api.Routes) != 1 {
					t.Errorf("!GetAtt Api.ApiId: %d routes, want 1", len(api.Routes))
				}
			},
		},
		{
			name: "an Fn::ForEach of unknown stages leaves the stage list open",
			tpl: `Transform: AWS::LanguageExtensions
Parameters: {Names: {Type: CommaDelimitedList}}
Resources:
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: HTTP}}
  Fn::ForEach::Stages:
    - N
    - !Ref Names
    - Stage${N}:
        Type: AWS::ApiGatewayV2::Stage
        Properties: {ApiId: !Ref Api, StageName: !Ref N}
`,
			check: func(t *testing.T, inv *model.Inventory) {
				t.Helper()
				api := oneHTTPAPI(t, inv)
				if api.StagesUnknown == nil {
					t.Error("StagesUnknown not set")
				}
				if api.RoutesUnknown != nil {
					t.Errorf("RoutesUnknown set: %+v", api.RoutesUnknown)
				}
			},
		},
		{
			name: "audience: clients, pools and unknowns",
			tpl: `Parameters: {ClientId: {Type: String}}
Resources:
  Pool: {Type: AWS::Cognito::UserPool}
  Client: {Type: AWS::Cognito::UserPoolClient, Properties: {UserPoolId: !Ref Pool}}
  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: HTTP}}
  A:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref Api
      AuthorizerType: JWT
      JwtConfiguration:
        Issuer: !Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}
        Audience: [!Ref Client, !GetAtt Client.ClientId, !Ref Pool, !Ref ClientId, !Ref Nowhere, literal-id]
`,
			check: func(t *testing.T, inv *model.Inventory) {
				t.Helper()
				a := oneHTTPAPI(t, inv).Authorizers[0]
				if a.IssuerUserPool == nil || a.IssuerUserPool.Target != "Pool" {
					t.Errorf("issuer pool %+v", a.IssuerUserPool)
				}
				if a.Issuer.Unknown == nil || !a.Issuer.Unknown.NonEmpty {
					t.Errorf("issuer %+v, want unknown and non-empty", a.Issuer)
				}
				want := []struct{ client, pool, missing string }{
					{"Client", "", ""}, {"Client", "", ""}, {"", "Pool", ""}, {"", "", ""}, {"", "", "Nowhere"}, {"", "", ""},
				}
				if len(a.Audience.Items) != len(want) {
					t.Fatalf("%d audience entries", len(a.Audience.Items))
				}
				for i, w := range want {
					e := a.Audience.Items[i]
					got := struct{ client, pool, missing string }{}
					if e.AppClient != nil {
						got.client = e.AppClient.Target
						if e.AppClient.Missing != nil {
							got.missing = e.AppClient.Missing.Name
						}
					}
					if e.UserPool != nil {
						got.pool = e.UserPool.Target
					}
					if got != w {
						t.Errorf("entry %d: %+v, want %+v", i, got, w)
					}
				}
				if v, ok := a.Audience.Items[5].Value.Get(); !ok || v != "literal-id" {
					t.Errorf("literal entry %q", v)
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "template.yaml")
			if err := os.WriteFile(path, []byte(tc.tpl), 0o600); err != nil {
				t.Fatal(err)
			}
			inv, err := loadFile(t.Context(), t, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, inv)
		})
	}
}

func oneHTTPAPI(t *testing.T, inv *model.Inventory) model.HTTPAPI {
	t.Helper()
	if len(inv.HTTPAPIs) != 1 {
		t.Fatalf("%d HTTP APIs, want 1", len(inv.HTTPAPIs))
	}
	return inv.HTTPAPIs[0]
}
