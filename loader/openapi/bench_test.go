package openapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/cputime"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

// benchDoc generates an API Gateway OpenAPI document with n resources of four
// operations each (GET, POST and OPTIONS with CORS, and ANY on a proxy path
// for every fourth), the shape real SAM/CDK exports have.
func benchDoc(resources int) map[string]any {
	paths := map[string]any{}
	ops := 0
	for i := range resources {
		integration := func(t string) map[string]any {
			return map[string]any{"type": t, "httpMethod": "POST",
				"uri": fmt.Sprintf("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f%d/invocations", i)}
		}
		op := func(scopes ...string) map[string]any {
			ops++
			sc := make([]any, len(scopes))
			for j, s := range scopes {
				sc[j] = s
			}
			return map[string]any{
				"operationId": fmt.Sprintf("op%d", ops),
				"security":    []any{map[string]any{"Pool": sc}, map[string]any{"api_key": []any{}}},
				"parameters":  []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
				"responses": map[string]any{"200": map[string]any{"description": "ok",
					"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Item"}}}}},
				"x-amazon-apigateway-integration": integration("aws_proxy"),
			}
		}
		item := map[string]any{
			"get":  op(fmt.Sprintf("api/r%d.read", i)),
			"post": op(),
			"options": map[string]any{
				"responses": map[string]any{"200": map[string]any{"description": "preflight"}},
				"x-amazon-apigateway-integration": map[string]any{"type": "mock", "responses": map[string]any{"default": map[string]any{
					"statusCode": "200",
					"responseParameters": map[string]any{
						"method.response.header.Access-Control-Allow-Origin":  "'*'",
						"method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization'",
						"method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
					}}}},
			},
		}
		ops++
		if i%4 == 0 {
			item["x-amazon-apigateway-any-method"] = op()
		}
		paths[fmt.Sprintf("/r%d/{id}", i)] = item
	}
	return map[string]any{
		"openapi": "3.0.1",
		"info":    map[string]any{"title": "Bench", "version": "1"},
		"paths":   paths,
		"components": map[string]any{
			"schemas": map[string]any{"Item": map[string]any{"type": "object", "properties": map[string]any{
				"id": map[string]any{"type": "string"}, "children": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Item"}},
			}}},
			"securitySchemes": map[string]any{
				"Pool": map[string]any{"type": "apiKey", "name": "Authorization", "in": "header",
					"x-amazon-apigateway-authtype": "cognito_user_pools",
					"x-amazon-apigateway-authorizer": map[string]any{"type": "cognito_user_pools",
						"providerARNs": []any{"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Bench1234"}}},
				"api_key": map[string]any{"type": "apiKey", "name": "x-api-key", "in": "header"},
			},
		},
		"x-amazon-apigateway-gateway-responses": map[string]any{"UNAUTHORIZED": map[string]any{"statusCode": "401",
			"responseParameters": map[string]any{"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}}},
	}
}

// BenchmarkLoad measures detection and Load of a ~20-operation document from
// its bytes (parsing included), as the scan pipeline runs them, in wall and
// CPU time (cpu-ns/op).
func BenchmarkLoad(b *testing.B) {
	doc := benchDoc(6) // 6 × (GET, POST, OPTIONS) + 2 ANY = 20 operations
	js, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		b.Fatal(err)
	}
	ym, err := yaml.Marshal(doc)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"yaml", ym}, {"json", js}} {
		b.Run(c.name, func(b *testing.B) {
			in := loader.NewInput("bench."+c.name, c.data)
			invs, err := openapi.New().Load(context.Background(), in)
			if err != nil {
				b.Fatal(err)
			}
			if n := len(invs[0].RestAPIs[0].Methods); n != 20 {
				b.Fatalf("%d methods, want 20", n)
			}
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			start, ok := cputime.Process()
			for b.Loop() {
				in := loader.NewInput("bench."+c.name, c.data)
				l := openapi.New()
				if !l.Detect(in) {
					b.Fatal("not detected")
				}
				if _, err := l.Load(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
			if end, ok2 := cputime.Process(); ok && ok2 {
				b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
