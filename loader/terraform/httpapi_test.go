package terraform

import (
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
)

const httpPoolTF = `
resource "aws_cognito_user_pool" "pool" {
  name = "pets-users"
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.pool.id
}
`

func httpAuthorizerTF(issuer, audience string) string {
	return `
resource "aws_apigatewayv2_api" "api" {
  name          = "pets"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.api.id
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  name             = "cognito"

  jwt_configuration {
    audience = ` + audience + `
    issuer   = ` + issuer + `
  }
}
`
}

func oneHTTPAPI(t *testing.T, inv *model.Inventory) model.HTTPAPI {
	t.Helper()
	if len(inv.HTTPAPIs) != 1 {
		t.Fatalf("HTTP APIs = %d, want 1: %+v", len(inv.HTTPAPIs), inv.HTTPAPIs)
	}
	return inv.HTTPAPIs[0]
}

func TestHTTPAPIAuthorizerLinks(t *testing.T) {
	tests := []struct {
		name, issuer, audience string
		check                  func(t *testing.T, a model.HTTPAuthorizer)
	}{
		{
			name: "template issuer links the pool and keeps its text", issuer: `"https://${aws_cognito_user_pool.pool.endpoint}"`,
			audience: `[aws_cognito_user_pool_client.web.id]`,
			check: func(t *testing.T, a model.HTTPAuthorizer) {
				t.Helper()
				if a.IssuerUserPool == nil || a.IssuerUserPool.Target != "aws_cognito_user_pool.pool" {
					t.Errorf("issuer pool = %+v", a.IssuerUserPool)
				}
				if a.Issuer.Unknown == nil || a.Issuer.Unknown.Expr != `"https://${aws_cognito_user_pool.pool.endpoint}"` {
					t.Errorf("issuer = %+v", a.Issuer)
				}
				e := a.Audience.Items[0]
				if e.AppClient == nil || e.AppClient.Target != "aws_cognito_user_pool_client.web" || e.UserPool != nil {
					t.Errorf("audience entry = %+v", e)
				}
				if e.Loc.Line == 0 {
					t.Error("audience entry has no line")
				}
			},
		},
		{
			name: "raw endpoint issuer is its reference", issuer: `aws_cognito_user_pool.pool.endpoint`, audience: `[aws_cognito_user_pool.pool.id]`,
			check: func(t *testing.T, a model.HTTPAuthorizer) {
				t.Helper()
				if a.Issuer.Unknown == nil || a.Issuer.Unknown.Expr != "aws_cognito_user_pool.pool.endpoint" {
					t.Errorf("issuer = %+v", a.Issuer)
				}
				e := a.Audience.Items[0]
				if e.UserPool == nil || e.UserPool.Target != "aws_cognito_user_pool.pool" || e.AppClient != nil {
					t.Errorf("audience entry = %+v, want a link to the pool", e)
				}
			},
		},
		{
			name: "literal issuer and audience", issuer: `"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"`, audience: `["1example23456789"]`,
			check: func(t *testing.T, a model.HTTPAuthorizer) {
				t.Helper()
				if v, ok := a.Issuer.Get(); !ok || v != "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123" || a.IssuerUserPool != nil {
					t.Errorf("issuer = %+v, link %+v", a.Issuer, a.IssuerUserPool)
				}
				if v, ok := a.Audience.Items[0].Value.Get(); !ok || v != "1example23456789" {
					t.Errorf("audience = %+v", a.Audience)
				}
			},
		},
		{
			name: "the client's user_pool_id is the pool", issuer: `"https://${aws_cognito_user_pool.pool.endpoint}"`,
			audience: `[aws_cognito_user_pool_client.web.user_pool_id]`,
			check: func(t *testing.T, a model.HTTPAuthorizer) {
				t.Helper()
				e := a.Audience.Items[0]
				if e.UserPool == nil || e.UserPool.Target != "aws_cognito_user_pool.pool" || e.AppClient != nil {
					t.Errorf("audience entry = %+v, want a link to the pool", e)
				}
			},
		},
		{
			name: "audience from a variable without a value", issuer: `"https://${aws_cognito_user_pool.pool.endpoint}"`, audience: `var.audience`,
			check: func(t *testing.T, a model.HTTPAuthorizer) {
				t.Helper()
				if a.Audience.Unknown == nil || len(a.Audience.Items) != 0 {
					t.Errorf("audience = %+v, want unknown", a.Audience)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, map[string]string{"main.tf": httpPoolTF + httpAuthorizerTF(tt.issuer, tt.audience) +
				"variable \"audience\" {\n  type = list(string)\n}\n"})
			inv, err := loadDir(t, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			api := oneHTTPAPI(t, inv)
			if len(api.Authorizers) != 1 {
				t.Fatalf("authorizers = %+v", api.Authorizers)
			}
			a := api.Authorizers[0]
			if v, _ := a.Type.Get(); v != "JWT" {
				t.Errorf("type = %+v", a.Type)
			}
			tt.check(t, a)
		})
	}
}

func TestHTTPAPIRoutesStagesAndQuickCreate(t *testing.T) {
	src := httpPoolTF + httpAuthorizerTF(`"https://${aws_cognito_user_pool.pool.endpoint}"`, `[aws_cognito_user_pool_client.web.id]`) + `
resource "aws_apigatewayv2_route" "open" {
  api_id        = aws_apigatewayv2_api.api.id
  route_key     = "GET /pets"
  authorizer_id = aws_apigatewayv2_authorizer.jwt.id
}

resource "aws_apigatewayv2_route" "jwt" {
  api_id               = aws_apigatewayv2_api.api.id
  route_key            = "POST /pets"
  authorization_type   = "jwt"
  authorizer_id        = aws_apigatewayv2_authorizer.jwt.id
  authorization_scopes = ["pets/write"]
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id = aws_apigatewayv2_api.api.id
  name   = "prod"
}

resource "aws_apigatewayv2_api" "quick" {
  name          = "quick"
  protocol_type = "HTTP"
  target        = "arn:aws:lambda:us-east-1:123456789012:function:pets"

  cors_configuration {
    allow_origins = ["https://app.example.com"]
    allow_headers = ["authorization"]
  }
}

resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_route" "chat" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$connect"
}

resource "aws_apigatewayv2_route" "elsewhere" {
  api_id    = var.api_id
  route_key = "GET /x"
}

variable "api_id" {
  type = string
}
`
	inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": src}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	byRef := map[string]model.HTTPAPI{}
	for _, api := range inv.HTTPAPIs {
		byRef[api.Ref] = api
	}
	if _, ok := byRef["aws_apigatewayv2_api.chat"]; ok {
		t.Error("the WebSocket API was read as an HTTP API")
	}
	if !slices.ContainsFunc(inv.Sources, func(s model.Source) bool {
		return strings.Contains(s.Unread, "WebSocket API aws_apigatewayv2_api.chat is not read")
	}) {
		t.Errorf("the WebSocket API is not named as unread: %+v", inv.Sources)
	}
	api := byRef["aws_apigatewayv2_api.api"]
	if len(api.Routes) != 2 || len(api.Stages) != 1 {
		t.Fatalf("routes %+v, stages %+v", api.Routes, api.Stages)
	}
	open, jwt := api.Routes[0], api.Routes[1]
	if v, _ := open.AuthorizationType.Get(); v != "NONE" || open.AuthDeclared || open.Authorizer == nil || open.Authorizer.Target != "aws_apigatewayv2_authorizer.jwt" {
		t.Errorf("route without authorization_type = %+v", open)
	}
	if v, _ := jwt.AuthorizationType.Get(); v != "JWT" || !jwt.AuthDeclared {
		t.Errorf("JWT route = %+v", jwt)
	}
	if v, ok := api.Stages[0].AutoDeploy.Get(); !ok || v {
		t.Errorf("auto_deploy defaults to false, got %+v", api.Stages[0].AutoDeploy)
	}
	quick := byRef["aws_apigatewayv2_api.quick"]
	if quick.QuickCreateTarget == nil || len(quick.Routes) != 1 || quick.Routes[0].GeneratedBy != "quick-create" || len(quick.Stages) != 1 {
		t.Errorf("quick create = target %+v, routes %+v, stages %+v", quick.QuickCreateTarget, quick.Routes, quick.Stages)
	}
	if quick.CORS == nil || quick.CORS.AllowOrigins == nil || len(quick.CORS.AllowOrigins.Items) != 1 {
		t.Errorf("CORS = %+v", quick.CORS)
	}
	var external *model.HTTPAPI
	for _, a := range inv.HTTPAPIs {
		if strings.HasPrefix(a.Ref, "external:") {
			external = &a
		}
	}
	if external == nil || external.RoutesUnknown == nil || external.StagesUnknown == nil || external.CORS == nil || external.CORS.Unknown == nil {
		t.Errorf("a route of an API outside the configuration: %+v", external)
	}
}

func TestHTTPAPIBody(t *testing.T) {
	src := httpPoolTF + `
resource "aws_apigatewayv2_api" "api" {
  name          = "pets"
  protocol_type = "HTTP"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "pets", version = "1" }
    components = {
      securitySchemes = {
        cognito = {
          type  = "oauth2"
          flows = {}
          "x-amazon-apigateway-authorizer" = {
            type           = "jwt"
            identitySource = "$request.header.Authorization"
            jwtConfiguration = {
              issuer   = "https://${aws_cognito_user_pool.pool.endpoint}/"
              audience = [aws_cognito_user_pool_client.web.id]
            }
          }
        }
      }
    }
    paths = {
      "/pets" = {
        get = {
          security = [{ cognito = ["pets/read"] }]
        }
      }
    }
  })
}
`
	inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": src}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	api := oneHTTPAPI(t, inv)
	if len(api.Routes) != 1 || len(api.Authorizers) != 1 || api.RoutesUnknown != nil {
		t.Fatalf("routes %+v, authorizers %+v, unknown %+v", api.Routes, api.Authorizers, api.RoutesUnknown)
	}
	a := api.Authorizers[0]
	if a.IssuerUserPool == nil || a.IssuerUserPool.Target != "aws_cognito_user_pool.pool" {
		t.Errorf("issuer pool = %+v", a.IssuerUserPool)
	}
	if a.Issuer.Unknown == nil || !strings.HasSuffix(a.Issuer.Unknown.Expr, `}/"`) {
		t.Errorf("issuer = %+v, want its template text", a.Issuer)
	}
	if e := a.Audience.Items[0]; e.AppClient == nil || e.AppClient.Target != "aws_cognito_user_pool_client.web" {
		t.Errorf("audience = %+v", a.Audience)
	}
	if a.Loc.Line == 0 || api.Routes[0].Loc.Line == 0 {
		t.Error("body objects have no line in the .tf file")
	}
}
