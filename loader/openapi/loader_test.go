package openapi_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

// The same API in YAML and JSON, with the position of every object a rule
// points at.
const positionsYAML = `openapi: 3.0.1
info:
  title: Positions
  version: "1"
security:
  - Pool: []
paths:
  /pets:
    get:
      security:
        - Pool: []
      responses:
        "200":
          description: ok
components:
  securitySchemes:
    Pool:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs:
          - arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_One111111
          - arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Two222222
`

const positionsJSON = `{
  "openapi": "3.0.1",
  "info": {"title": "Positions", "version": "1"},
  "security": [{"Pool": []}],
  "paths": {
    "/pets": {
      "get": {
        "security": [{"Pool": []}],
        "responses": {"200": {"description": "ok"}}
      }
    }
  },
  "components": {
    "securitySchemes": {
      "Pool": {
        "type": "apiKey", "name": "Authorization", "in": "header",
        "x-amazon-apigateway-authorizer": {
          "type": "cognito_user_pools",
          "providerARNs": [
            "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_One111111",
            "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Two222222"
          ]
        }
      }
    }
  }
}
`

type pos struct{ line, col int }

func at(l model.Loc) pos { return pos{l.Line, l.Column} }

func TestPositions(t *testing.T) {
	tests := []struct {
		name, file, doc                                              string
		authorizer, method, rootSecurity, arns, arn0, arn1, security pos
	}{
		{
			name: "yaml", file: "pets.yaml", doc: positionsYAML,
			authorizer: pos{17, 5}, method: pos{9, 5}, rootSecurity: pos{5, 1},
			arns: pos{23, 9}, arn0: pos{24, 13}, arn1: pos{25, 13}, security: pos{10, 7},
		},
		{
			name: "json", file: "pets.json", doc: positionsJSON,
			authorizer: pos{15, 7}, method: pos{7, 7}, rootSecurity: pos{4, 3},
			arns: pos{19, 11}, arn0: pos{20, 13}, arn1: pos{21, 13}, security: pos{8, 9},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			invs, err := load(t, tt.file, []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			api := invs[0].RestAPIs[0]
			if len(api.Authorizers) != 1 || len(api.Methods) != 1 {
				t.Fatalf("got %d authorizers and %d methods, want 1 and 1", len(api.Authorizers), len(api.Methods))
			}
			a, m := api.Authorizers[0], api.Methods[0]
			checks := []struct {
				what string
				loc  model.Loc
				want pos
			}{
				{"authorizer", a.Loc, tt.authorizer},
				{"method", m.Loc, tt.method},
				{"method authorization type", m.AuthorizationType.Loc, tt.security},
				{"root security", api.OpenAPI.RootSecurity.Loc, tt.rootSecurity},
				{"providerARNs", a.ProviderARNs.Loc, tt.arns},
				{"providerARNs[0]", a.ProviderARNs.Items[0].Loc, tt.arn0},
				{"providerARNs[1]", a.ProviderARNs.Items[1].Loc, tt.arn1},
			}
			for _, c := range checks {
				if at(c.loc) != c.want {
					t.Errorf("%s at %d:%d, want %d:%d", c.what, c.loc.Line, c.loc.Column, c.want.line, c.want.col)
				}
				if c.loc.File != tt.file {
					t.Errorf("%s names file %q, want %q", c.what, c.loc.File, tt.file)
				}
			}
		})
	}
}

// TestBadInput: each broken document gives an error that names the file and
// says why, with a line when there is one.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name, file, doc string
		reason          string
		line            int
	}{
		{"malformed yaml", "broken.yaml", "openapi: 3.0.0\ninfo:\n  title: [unclosed\n", "", 0},
		{"malformed json", "broken.json", "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\"/a\": [}\n}\n", "", 3},
		{"empty", "empty.yaml", "", "empty", 0},
		{"whitespace only", "blank.json", " \n\t\n", "empty", 0},
		{"binary", "image.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "UTF-8", 0},
		{"NUL bytes", "data.bin", "openapi: 3.0.0\n\x00\x00\x01\x02", "NUL", 0},
		{"invalid utf-8", "latin1.yaml", "openapi: 3.0.0\ninfo:\n  title: caf\xe9\n", "UTF-8", 3},
		{"ref cycle", "cycle.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: '#/x-a'\nx-a:\n  $ref: '#/x-b'\nx-b:\n  $ref: '#/x-a'\n", "$ref cycle", 6},
		{"self ref", "self.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/A'\n", "$ref cycle", 6},
		{"operation is text", "op.yaml", "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: hello\n", "/paths/~1a/get", 5},
		{"paths is a list", "paths.json", `{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": [1, 2]}`, "not a valid OpenAPI 3 document", 1},
		{"swagger structure", "v2.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: [1]\n", "not a valid Swagger 2.0 document", 0},
		{"unsupported version", "v4.yaml", "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "not supported", 1},
		{"document is a list", "list.yaml", "- openapi: 3.0.0\n", "", 0},
		// Only JSON is read last-wins (as API Gateway's importer does); in
		// YAML a key set twice stays an error.
		{"yaml duplicate key", "dup.yaml", "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n", "duplicate key", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := loader.NewInput(tt.file, []byte(tt.doc))
			invs, err := openapi.New().Load(context.Background(), in)
			if err == nil {
				t.Fatalf("no error; got %d inventories", len(invs))
			}
			t.Logf("%v", err)
			le, ok := errors.AsType[*loader.Error](err)
			if !ok {
				t.Fatalf("error %T (%v) is not a *loader.Error", err, err)
			}
			if le.Input != tt.file || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("error %q does not name %s", err, tt.file)
			}
			if le.Reason == "" {
				t.Errorf("error %q gives no reason", err)
			}
			if !strings.Contains(le.Reason, tt.reason) {
				t.Errorf("reason %q does not mention %q", le.Reason, tt.reason)
			}
			if tt.line > 0 && le.Line != tt.line {
				t.Errorf("error at line %d, want %d (%v)", le.Line, tt.line, err)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, doc string
		want      bool
	}{
		{"openapi 3", "openapi: 3.0.0\n", true},
		{"swagger 2", `{"swagger": "2.0"}`, true},
		{"cloudformation", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", false},
		{"openapi nested", "Resources:\n  Api:\n    Properties:\n      Body:\n        openapi: 3.0.0\n", false},
		{"openapi not scalar", "openapi: [3]\n", false},
		{"broken", "openapi: [\n", false},
		{"list", "- openapi: 3.0.0\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := openapi.New().Detect(loader.NewInput("x", []byte(tt.doc))); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

// method finds a method by "VERB /path".
func method(t *testing.T, api model.RestAPI, name string) model.Method {
	t.Helper()
	for _, m := range api.Methods {
		v, _ := m.HTTPMethod.Get()
		p, _ := m.Path.Get()
		if v+" "+p == name {
			return m
		}
	}
	t.Fatalf("no method %s", name)
	return model.Method{}
}

func authorizer(t *testing.T, api model.RestAPI, name string) model.Authorizer {
	t.Helper()
	for _, a := range api.Authorizers {
		if n, _ := a.Name.Get(); n == name {
			return a
		}
	}
	t.Fatalf("no authorizer %s", name)
	return model.Authorizer{}
}

func known(t *testing.T, what string, s model.String, want string) {
	t.Helper()
	if v, ok := s.Get(); !ok || v != want {
		t.Errorf("%s = %q (known %v, unknown %+v), want %q", what, v, ok, s.Unknown, want)
	}
}

func unknown(t *testing.T, what string, s model.String, reason string) {
	t.Helper()
	if s.Unknown == nil {
		v, _ := s.Get()
		t.Errorf("%s = %q, want unknown", what, v)
		return
	}
	if !strings.Contains(s.Unknown.Reason, reason) {
		t.Errorf("%s unknown because %q, want a reason mentioning %q", what, s.Unknown.Reason, reason)
	}
}

// TestOutcomes checks the documented outcome of each tricky input.
func TestOutcomes(t *testing.T) {
	t.Run("external ref is unknown, not an error", func(t *testing.T) {
		doc := "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: 'other.yaml#/a'\n  /b:\n    get:\n      security: [{Ext: []}]\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    Ext:\n      $ref: '../shared/schemes.yaml#/Cognito'\n"
		invs, err := load(t, "ext.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		api := invs[0].RestAPIs[0]
		if api.MethodsUnknown == nil || !strings.Contains(api.MethodsUnknown.Reason, "other.yaml") {
			t.Errorf("MethodsUnknown = %+v, want the external path item named", api.MethodsUnknown)
		}
		a := authorizer(t, api, "Ext")
		unknown(t, "Ext type", a.Type, "another document")
		if a.ProviderARNs.Unknown == nil {
			t.Error("the providerARNs of an unreadable scheme are known")
		}
		m := method(t, api, "GET /b")
		unknown(t, "GET /b authorization type", m.AuthorizationType, "another document")
		if m.APIKeyRequired.Unknown == nil {
			t.Error("API key requirement known although the scheme cannot be read")
		}
	})
	t.Run("dangling refs", func(t *testing.T) {
		// API Gateway creates the Empty model itself: templates refer to it
		// without defining it.
		doc := "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      security: [{Pool: []}]\n      responses:\n        '200': {description: ok, schema: {$ref: '#/definitions/Empty'}}\n  /b:\n    $ref: '#/x-paths/missing'\nsecurityDefinitions:\n  Pool: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: cognito_user_pools}\n"
		invs, err := load(t, "empty-model.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		api := invs[0].RestAPIs[0]
		known(t, "GET /a", method(t, api, "GET /a").AuthorizationType, "COGNITO_USER_POOLS")
		if api.MethodsUnknown == nil || !strings.Contains(api.MethodsUnknown.Reason, "points to nothing") {
			t.Errorf("MethodsUnknown = %+v, want the dangling path item reported", api.MethodsUnknown)
		}
	})
	t.Run("swagger path item behind a ref", func(t *testing.T) {
		doc := "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: '#/x-shared/a'}\nx-shared:\n  a:\n    get: {security: [{Pool: []}], responses: {'200': {description: ok}}}\nsecurityDefinitions:\n  Pool: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: cognito_user_pools}\n"
		invs, err := load(t, "shared.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		m := method(t, invs[0].RestAPIs[0], "GET /a")
		known(t, "GET /a", m.AuthorizationType, "COGNITO_USER_POOLS")
		if m.Loc.Line != 7 || m.Loc.Pointer != "/x-shared/a/get" {
			t.Errorf("method at %+v, want the operation where it is written", m.Loc)
		}
	})
	t.Run("security written as an object", func(t *testing.T) {
		// SAM accepts security: {Auth: []}; what API Gateway makes of it is
		// not documented.
		doc := "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      security: {Pool: []}\n      responses: {'200': {description: ok}}\nsecurityDefinitions:\n  Pool: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: cognito_user_pools}\n"
		invs, err := load(t, "object.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		unknown(t, "GET /a", method(t, invs[0].RestAPIs[0], "GET /a").AuthorizationType, "an object")
	})
	t.Run("undeclared scheme is a missing authorizer", func(t *testing.T) {
		doc := `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"security": [{"Ghost": ["a/b"]}], "responses": {"200": {"description": "ok"}}}}}}`
		invs, err := load(t, "ghost.json", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		m := method(t, invs[0].RestAPIs[0], "GET /a")
		if m.Authorizer == nil || m.Authorizer.Missing == nil || m.Authorizer.Missing.Name != "Ghost" {
			t.Fatalf("authorizer link = %+v, want Missing Ghost", m.Authorizer)
		}
		if !strings.Contains(m.Authorizer.Missing.Reason, "securityDefinitions") {
			t.Errorf("missing reason %q does not say where authlint looked", m.Authorizer.Missing.Reason)
		}
		known(t, "authorization type", m.AuthorizationType, "CUSTOM")
		if m.Authorizer.Loc.Line != 1 || m.Authorizer.Loc.Column == 0 {
			t.Errorf("link at %d:%d, want the scheme name's position", m.Authorizer.Loc.Line, m.Authorizer.Loc.Column)
		}
	})
	t.Run("intrinsic-looking values stay unknown", func(t *testing.T) {
		doc := "openapi: 3.0.0\ninfo:\n  title: {Fn::Sub: '${Stage}-api'}\n  version: '1'\npaths:\n  /a:\n    get:\n      security: [{Pool: []}]\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    Pool:\n      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authorizer:\n        type: cognito_user_pools\n        providerARNs: [{Fn::GetAtt: [Pool, Arn]}, !ImportValue SharedPool]\n"
		invs, err := load(t, "sam.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		api := invs[0].RestAPIs[0]
		unknown(t, "name", *api.Name, "Fn::Sub")
		a := authorizer(t, api, "Pool")
		if len(a.ProviderARNs.Items) != 2 {
			t.Fatalf("%d provider ARNs, want 2", len(a.ProviderARNs.Items))
		}
		unknown(t, "providerARNs[0]", a.ProviderARNs.Items[0].ARN, "Fn::GetAtt")
		unknown(t, "providerARNs[1]", a.ProviderARNs.Items[1].ARN, "Fn::ImportValue")
		if a.ProviderARNs.Items[0].UserPool != nil {
			t.Error("a standalone file links a provider ARN to a user pool")
		}
		known(t, "GET /a", method(t, api, "GET /a").AuthorizationType, "COGNITO_USER_POOLS")
	})
	t.Run("template placeholders", func(t *testing.T) {
		doc := "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    Pool:\n      type: apiKey\n      name: Authorization\n      in: header\n      x-amazon-apigateway-authorizer:\n        type: cognito_user_pools\n        providerARNs:\n          - arn:aws:cognito-idp:${region}:${account}:userpool/${pool}\n          - arn:aws:cognito-idp:us-east-1:123456789012:userpool/${stageVariables.pool}\n"
		invs, err := load(t, "tpl.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		items := authorizer(t, invs[0].RestAPIs[0], "Pool").ProviderARNs.Items
		unknown(t, "templated ARN", items[0].ARN, "${region}")
		known(t, "stage variable ARN", items[1].ARN, "arn:aws:cognito-idp:us-east-1:123456789012:userpool/${stageVariables.pool}")
	})
	t.Run("root security is recorded, not applied", func(t *testing.T) {
		doc := "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nsecurity:\n  - Pool: [a/b]\n  - Key: []\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    Pool: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: cognito_user_pools}\n    Key: {type: apiKey, name: x-api-key, in: header}\n"
		invs, err := load(t, "root.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		api := invs[0].RestAPIs[0]
		if rs := api.OpenAPI.RootSecurity; rs == nil || strings.Join(rs.Schemes, ",") != "Pool,Key" {
			t.Fatalf("root security = %+v, want Pool,Key", api.OpenAPI.RootSecurity)
		}
		m := method(t, api, "GET /a")
		known(t, "authorization type", m.AuthorizationType, "NONE")
		if v, ok := m.APIKeyRequired.Get(); !ok || v {
			t.Errorf("apiKeyRequired = %v (known %v), want false", v, ok)
		}
		if m.AuthDeclared || m.Authorizer != nil {
			t.Errorf("root security leaked into the operation: declared %v, authorizer %+v", m.AuthDeclared, m.Authorizer)
		}
	})
	t.Run("empty root security is not recorded", func(t *testing.T) {
		invs, err := load(t, "e.yaml", []byte("openapi: 3.0.0\ninfo: {title: t, version: '1'}\nsecurity: []\npaths: {}\n"))
		if err != nil {
			t.Fatal(err)
		}
		if rs := invs[0].RestAPIs[0].OpenAPI.RootSecurity; rs != nil {
			t.Errorf("root security = %+v, want none", rs)
		}
	})
	t.Run("stages and deployments are outside the document", func(t *testing.T) {
		invs, err := load(t, "s.yaml", []byte("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"))
		if err != nil {
			t.Fatal(err)
		}
		inv := invs[0]
		api := inv.RestAPIs[0]
		if api.StagesUnknown == nil || api.DeploymentsUnknown == nil {
			t.Error("stages or deployments claimed known for a standalone document")
		}
		if api.GatewayResponses == nil || api.GatewayResponsesUnknown != nil {
			t.Error("absent gateway responses must be a known empty list")
		}
		src := inv.Sources[0]
		if src.Kind != model.KindOpenAPI || src.Format != "yaml" || src.Version != "3.0.0" || src.File != "s.yaml" {
			t.Errorf("source = %+v", src)
		}
		if api.Origin != model.KindOpenAPI || api.Ref != "api" {
			t.Errorf("origin %q ref %q", api.Origin, api.Ref)
		}
	})
	t.Run("openapi and swagger both declared", func(t *testing.T) {
		// SAM writes the authorizers it adds into securityDefinitions of such
		// a document; which place API Gateway reads is not documented.
		doc := `openapi: 3.1.1
swagger: 2.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      security: [{SamAuth: []}]
      responses: {}
    put:
      security: [{Both: []}]
      responses: {}
    post:
      security: [{Key: []}]
      responses: {}
    delete:
      security: [{Ghost: []}]
      responses: {}
components:
  securitySchemes:
    Both:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer: {type: cognito_user_pools, providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_b']}
securityDefinitions:
  SamAuth:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: cognito_user_pools
    x-amazon-apigateway-authorizer: {type: cognito_user_pools, providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a']}
  Both: {type: apiKey, name: x-other, in: header}
  Key: {type: apiKey, name: x-api-key, in: header}
`
		invs, err := load(t, "both.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		api := invs[0].RestAPIs[0]
		sam := authorizer(t, api, "SamAuth")
		known(t, "SamAuth type", sam.Type, "COGNITO_USER_POOLS")
		if sam.Loc.Pointer != "/securityDefinitions/SamAuth" {
			t.Errorf("SamAuth declared at %q", sam.Loc.Pointer)
		}
		get := method(t, api, "GET /a")
		known(t, "GET /a", get.AuthorizationType, "COGNITO_USER_POOLS")
		if get.Authorizer == nil || get.Authorizer.Unknown == nil || get.Authorizer.Missing != nil ||
			!strings.Contains(get.Authorizer.Unknown.Reason, "both openapi and swagger") {
			t.Errorf("GET /a authorizer = %+v, want unknown (which place API Gateway reads is not documented)", get.Authorizer)
		}
		// Declared in components, the place an OpenAPI 3 reading uses: that one.
		put := method(t, api, "PUT /a")
		if put.Authorizer == nil || put.Authorizer.Target != "api/authorizer/Both" {
			t.Errorf("PUT /a authorizer = %+v", put.Authorizer)
		}
		known(t, "Both type", authorizer(t, api, "Both").Type, "COGNITO_USER_POOLS")
		post := method(t, api, "POST /a")
		if v, ok := post.APIKeyRequired.Get(); !ok || !v {
			t.Error("POST /a: the API key scheme of securityDefinitions is not declared")
		}
		del := method(t, api, "DELETE /a")
		if del.Authorizer == nil || del.Authorizer.Missing == nil ||
			!strings.Contains(del.Authorizer.Missing.Reason, "neither components.securitySchemes nor securityDefinitions declares") {
			t.Errorf("DELETE /a authorizer = %+v", del.Authorizer)
		}
	})
	t.Run("unquoted swagger version", func(t *testing.T) {
		invs, err := load(t, "v.yaml", []byte("swagger: 2.0\ninfo: {title: t, version: 1.0}\npaths: {}\n"))
		if err != nil {
			t.Fatal(err)
		}
		if v := invs[0].Sources[0].Version; v != "2.0" {
			t.Errorf("version %q, want 2.0 as written", v)
		}
	})
	t.Run("x-amazon-apigateway-auth is case-insensitive", func(t *testing.T) {
		doc := "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-auth: {type: Aws_Iam}\n      responses: {'200': {description: ok}}\n    post:\n      x-amazon-apigateway-auth: {type: none}\n      responses: {'200': {description: ok}}\n"
		invs, err := load(t, "auth.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		api := invs[0].RestAPIs[0]
		known(t, "GET /a", method(t, api, "GET /a").AuthorizationType, "AWS_IAM")
		m := method(t, api, "POST /a")
		known(t, "POST /a", m.AuthorizationType, "NONE")
		if !m.AuthDeclared {
			t.Error("x-amazon-apigateway-auth does not count as declared")
		}
	})
}

// TestBuildWithoutFile runs Build with an Env that is not a file, as the
// CloudFormation loader does for a body inline in a template.
func TestBuildWithoutFile(t *testing.T) {
	doc := map[string]any{
		"openapi": "3.0.1",
		"info":    map[string]any{"title": map[string]any{"Fn::Sub": "${AWS::StackName}"}, "version": "1"},
		"paths": map[string]any{"/a": map[string]any{"get": map[string]any{
			"security":  []any{map[string]any{"Pool": []any{}}},
			"responses": map[string]any{"200": map[string]any{"description": "ok"}},
		}}},
		"components": map[string]any{"securitySchemes": map[string]any{"Pool": map[string]any{
			"type": "apiKey", "name": "Authorization", "in": "header",
			"x-amazon-apigateway-authorizer": map[string]any{
				"type":         "cognito_user_pools",
				"providerARNs": []any{map[string]any{"Fn::GetAtt": []any{"UserPool", "Arn"}}},
			},
		}}},
	}
	env := &templateEnv{}
	api, err := openapi.Build(context.Background(), doc, env, openapi.Options{APIRef: "stack/Api", Origin: model.KindSAM})
	if err != nil {
		t.Fatal(err)
	}
	if api.Ref != "stack/Api" || api.Origin != model.KindSAM {
		t.Errorf("ref %q origin %q", api.Ref, api.Origin)
	}
	known(t, "name", *api.Name, "resolved:Fn::Sub")
	a := authorizer(t, *api, "Pool")
	if a.Ref != "stack/Api/authorizer/Pool" {
		t.Errorf("authorizer ref %q", a.Ref)
	}
	if len(a.ProviderARNs.Items) != 1 || a.ProviderARNs.Items[0].UserPool == nil || a.ProviderARNs.Items[0].UserPool.Target != "pool:UserPool" {
		t.Errorf("provider ARN not linked through the env: %+v", a.ProviderARNs.Items)
	}
	m := method(t, *api, "GET /a")
	if m.Ref != "stack/Api/method/GET /a" || m.Authorizer == nil || m.Authorizer.Target != a.Ref {
		t.Errorf("method %q links %+v", m.Ref, m.Authorizer)
	}
	if m.Loc.Pointer != "/paths/~1a/get" || m.Loc.File != "template.yaml" {
		t.Errorf("method loc %+v, want the env's position for /paths/~1a/get", m.Loc)
	}
	if api.StagesUnknown != nil {
		t.Error("Build claims stages are unknown; the caller decides")
	}
}

// templateEnv stands in for the CloudFormation loader's Env: it resolves
// intrinsics and links pools.
type templateEnv struct{}

func (templateEnv) Loc(p string) model.Loc {
	return model.Loc{File: "template.yaml", Line: 1, Pointer: p}
}
func (templateEnv) KeyLoc(p string) model.Loc {
	return model.Loc{File: "template.yaml", Line: 1, Pointer: p}
}

func (e templateEnv) String(v any, p string) model.String {
	if s, ok := v.(string); ok {
		return model.Known(s, e.Loc(p))
	}
	if fn, ok := openapi.IsIntrinsic(v); ok {
		return model.Known("resolved:"+fn, e.Loc(p))
	}
	return model.UnknownString(model.Unknown{Reason: "not text"}, e.Loc(p))
}

func (e templateEnv) ProviderARN(v any, p string) model.ProviderARN {
	pa := model.ProviderARN{ARN: e.String(v, p), Loc: e.Loc(p)}
	if m, ok := v.(map[string]any); ok {
		if ga, ok := m["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
			if id, ok := ga[0].(string); ok {
				pa.UserPool = &model.Link{Target: "pool:" + id}
			}
		}
	}
	return pa
}

// TestDuplicateKeyLastWins reads an API Gateway export-style JSON document
// whose operation sets "responses" twice: the last value is read, the
// operation's methods stay, and a note names both lines.
func TestDuplicateKeyLastWins(t *testing.T) {
	const path = "testdata/duplicate_responses.json"
	inv := loadFile(t, path)
	if len(inv.RestAPIs) != 1 || len(inv.RestAPIs[0].Methods) != 1 {
		t.Fatalf("want one API with one method, got %+v", inv.RestAPIs)
	}
	m := inv.RestAPIs[0].Methods[0]
	verb, _ := m.HTTPMethod.Get()
	p, _ := m.Path.Get()
	if verb != "GET" || p != "/pets" {
		t.Errorf("method = %s %s, want GET /pets", verb, p)
	}
	want := []model.SourceNote{{
		Kind: model.NoteDuplicateKey,
		Line: 19,
		Message: `key "responses" is set twice in one object, at lines 13 and 19: ` +
			"the value at line 19 is read and the one at line 13 ignored, as API Gateway's import does",
	}}
	if got := inv.Sources[0].Notes; !reflect.DeepEqual(got, want) {
		t.Errorf("notes = %+v\nwant %+v", got, want)
	}
}

// TestEndpointType: a standalone document does not name its endpoint type
// (the import does), except that VPC endpoint ids, at the root (Swagger 2.0)
// or on a server (OpenAPI 3), are accepted only on a PRIVATE API.
func TestEndpointType(t *testing.T) {
	tests := []struct {
		name, file, doc, want string
	}{
		{"none", "a.yaml", "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n", ""},
		{"root", "b.json", `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "x-amazon-apigateway-endpoint-configuration": {"vpcEndpointIds": ["vpce-1"]}}`, "PRIVATE"},
		{"server", "c.yaml", "openapi: 3.0.1\ninfo: {title: t, version: '1'}\nservers:\n- url: https://x\n  x-amazon-apigateway-endpoint-configuration:\n    vpcEndpointIds: [vpce-1]\npaths: {}\n", "PRIVATE"},
		{"disable only", "d.yaml", "openapi: 3.0.1\ninfo: {title: t, version: '1'}\nx-amazon-apigateway-endpoint-configuration: {disableExecuteApiEndpoint: true}\npaths: {}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			invs, err := load(t, tt.file, []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			et := invs[0].RestAPIs[0].EndpointType
			got := ""
			if et != nil {
				got, _ = et.Get()
			}
			if got != tt.want || (tt.want == "" && et != nil) {
				t.Errorf("endpoint type = %+v, want %q", et, tt.want)
			}
		})
	}
}
