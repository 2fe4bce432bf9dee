package registry_test

import (
	"context"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/registry"
)

// FuzzDetectAndLoad feeds arbitrary bytes through detection and whichever
// loader accepts them, as a folder walk and an explicit file would, then
// through the engine's input conversion: no input may panic.
func FuzzDetectAndLoad(f *testing.F) {
	for _, seed := range []string{
		"openapi: 3.0.1\npaths: {/a: {get: {security: [{A: []}]}}}\ncomponents: {securitySchemes: {A: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: cognito_user_pools, x-amazon-apigateway-authorizer: {type: cognito_user_pools, providerARNs: []}}}}\n",
		"swagger: '2.0'\npaths: {}\n",
		"AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A:\n    Type: AWS::ApiGateway::Authorizer\n    Properties: {Type: COGNITO_USER_POOLS, ProviderARNs: [!GetAtt P.Arn], RestApiId: !Ref R}\n",
		"Transform: AWS::Serverless-2016-10-31\nResources:\n  Api: {Type: AWS::Serverless::Api, Properties: {StageName: p, Cors: '*', Auth: {DefaultAuthorizer: C, Authorizers: {C: {UserPoolArn: x}}}}}\n",
		`{"format": "authlint-inventories", "schemaVersion": 1, "inventories": []}`,
		`{"schemaVersion": 1, "restApis": [], "userPools": []}`,
		`{"version": "36.0.0", "artifacts": {}}`,
		`{"info": {"name": "p", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "auth": {"type": "oauth2", "oauth2": [{"key": "scope", "value": "openid {{s}}"}]}, "variable": [{"key": "s", "value": "{{s}}"}], "item": [{"name": "r", "request": {"url": "{{u}}", "header": [{"key": "Authorization", "value": "Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjF9."}]}}]}`,
		`{"name": "dev", "values": [{"key": "t", "value": "eyJhbGciOiJub25lIn0.eyJleHAiOjF9."}], "_postman_variable_scope": "environment"}`,
	} {
		f.Add([]byte(seed), true)
	}
	loaders := registry.Files(registry.Options{})
	f.Fuzz(func(t *testing.T, data []byte, explicit bool) {
		in := loader.NewInput("fuzz.yaml", data)
		in.Explicit = explicit
		l, _, lerr := loader.Detect(loaders, in)
		if l == nil || lerr != nil {
			return
		}
		invs, _ := l.Load(context.Background(), in)
		for _, inv := range invs {
			if _, err := engine.Input(inv); err != nil {
				t.Fatalf("converting a loaded inventory: %v", err)
			}
		}
	})
}
