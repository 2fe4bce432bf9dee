package openapi_test

import (
	"testing"

	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/openapi"
)

// TestIsHTTPDocument pins the rule that tells an HTTP API document from a
// REST one: only what a REST import rejects makes a document an HTTP API.
func TestIsHTTPDocument(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		want bool
	}{
		{"jwt authorizer", "openapi: 3.0.1\npaths: {}\ncomponents:\n  securitySchemes:\n    a:\n      type: oauth2\n      x-amazon-apigateway-authorizer: {type: JWT}\n", true},
		{"cors extension", "openapi: 3.0.1\npaths: {}\nx-amazon-apigateway-cors: {allowOrigins: ['*']}\n", true},
		{"import/export version", "openapi: 3.0.1\npaths: {}\nx-amazon-apigateway-importexport-version: '1.0'\n", true},
		{"Cognito REST authorizer", "openapi: 3.0.1\npaths: {}\ncomponents:\n  securitySchemes:\n    a:\n      type: apiKey\n      x-amazon-apigateway-authorizer: {type: cognito_user_pools}\n", false},
		{"HTTP API Lambda authorizer", "openapi: 3.0.1\npaths: {}\ncomponents:\n  securitySchemes:\n    a:\n      type: apiKey\n      x-amazon-apigateway-authorizer: {type: request, authorizerPayloadFormatVersion: '2.0'}\n", true},
		{"REST request authorizer", "openapi: 3.0.1\npaths: {}\ncomponents:\n  securitySchemes:\n    a:\n      type: apiKey\n      x-amazon-apigateway-authorizer: {type: request}\n", false},
		{"plain routes", "openapi: 3.0.1\npaths:\n  /a:\n    get: {}\n", false},
		{"Swagger 2.0 with a jwt authorizer", "swagger: '2.0'\npaths: {}\nsecurityDefinitions:\n  a:\n    type: oauth2\n    x-amazon-apigateway-authorizer: {type: jwt}\n", false},
		{"both versions", "openapi: 3.0.1\nswagger: '2.0'\npaths: {}\nx-amazon-apigateway-cors: {}\n", false},
		{"unsupported version", "openapi: 4.0.0\npaths: {}\nx-amazon-apigateway-cors: {}\n", false},
		{"scheme behind an intrinsic", "openapi: 3.0.1\npaths: {}\ncomponents:\n  securitySchemes:\n    a: {Ref: Scheme}\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := yamltree.Parse([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			v, err := doc.Decode(yamltree.Options{CloudFormationTags: true})
			if err != nil {
				t.Fatal(err)
			}
			m, _ := v.(map[string]any)
			if got := openapi.IsHTTPDocument(m); got != tc.want {
				t.Errorf("IsHTTPDocument = %v, want %v", got, tc.want)
			}
		})
	}
}
