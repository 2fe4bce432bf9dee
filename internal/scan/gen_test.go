package scan_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WriteOpenAPIFiles writes n OpenAPI 3 definitions of 21 operations each into
// dir, shaped like real API Gateway exports: a Cognito authorizer, Lambda proxy
// integrations, CORS preflights, a gateway response. Every fifth file (0, 5,
// …) has an authorizer without a user pool, so scans have findings to report.
func WriteOpenAPIFiles(dir string, n int) error {
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("api-%04d.yaml", i))
		if err := os.WriteFile(p, []byte(openAPIFile(i)), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	return nil
}

func openAPIFile(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `openapi: 3.0.1
info:
  title: service-%04d
  version: "1.%d"
servers:
  - url: https://api%d.example.com/{basePath}
    variables:
      basePath:
        default: prod
paths:
`, i, i%10, i)
	resources := []string{"orders", "customers", "invoices", "products"}
	for r, res := range resources {
		collection := fmt.Sprintf("/%s", res)
		item := fmt.Sprintf("/%s/{id}", res)
		// Collection: GET, POST, OPTIONS; item: GET, OPTIONS, and DELETE on the
		// first resource: 21 operations per file.
		b.WriteString("  " + collection + ":\n")
		writeOperation(&b, "get", res, "list", i)
		writeOperation(&b, "post", res, "create", i)
		writePreflight(&b, "GET,POST,OPTIONS")
		b.WriteString("  " + item + ":\n")
		b.WriteString("    parameters:\n      - name: id\n        in: path\n        required: true\n        schema:\n          type: string\n")
		writeOperation(&b, "get", res, "get", i)
		if r == 0 {
			writeOperation(&b, "delete", res, "delete", i)
			writePreflight(&b, "GET,DELETE,OPTIONS")
		} else {
			writePreflight(&b, "GET,OPTIONS")
		}
	}
	provider := fmt.Sprintf("\n          - arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Pool%04d", i)
	if i%5 == 0 {
		provider = " []"
	}
	fmt.Fprintf(&b, `components:
  securitySchemes:
    CognitoAuth:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs:%s
  schemas:
    Error:
      type: object
      properties:
        message:
          type: string
    Item:
      type: object
      required: [id]
      properties:
        id:
          type: string
        name:
          type: string
        createdAt:
          type: string
          format: date-time
x-amazon-apigateway-gateway-responses:
  UNAUTHORIZED:
    statusCode: 401
    responseParameters:
      gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
    responseTemplates:
      application/json: '{"message": $context.error.messageString}'
`, provider)
	return b.String()
}

func writeOperation(b *strings.Builder, verb, res, action string, i int) {
	fmt.Fprintf(b, `    %s:
      operationId: %s%s
      security:
        - CognitoAuth: []
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
        "401":
          description: unauthorized
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Error'
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:svc%04d-%s-%s/invocations
        passthroughBehavior: when_no_match
`, verb, action, strings.ToUpper(res[:1])+res[1:], i, res, action)
}

func writePreflight(b *strings.Builder, methods string) {
	fmt.Fprintf(b, `    options:
      responses:
        "200":
          description: CORS preflight
          headers:
            Access-Control-Allow-Origin:
              schema:
                type: string
            Access-Control-Allow-Methods:
              schema:
                type: string
            Access-Control-Allow-Headers:
              schema:
                type: string
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Methods: "'%s'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
`, methods)
}

var update = flag.Bool("update", false, "rewrite testdata/api-0001.yaml from the generator")

// TestColdStartFileUpToDate keeps testdata/api-0001.yaml, the file `make bench`
// times a cold `authlint scan` on, equal to what the generator writes.
func TestColdStartFileUpToDate(t *testing.T) {
	const path = "testdata/api-0001.yaml"
	want := openAPIFile(1)
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s is stale: run go test ./internal/scan -run TestColdStartFileUpToDate -update", path)
	}
}
