package loader_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation"
	"github.com/authlint/authlint/loader/openapi"
	"github.com/authlint/authlint/loader/snapshot"
)

func TestInputName(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"-", loader.StdinName},
		{"api.yaml", "api.yaml"},
		{"dir/-", "dir/-"},
	} {
		if got := loader.NewInput(tc.path, nil).Name(); got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

const stdinOpenAPI = `openapi: 3.0.1
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      security: [{Pool: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    Pool:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
`

const stdinTemplate = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: pets
  Pool:
    Type: AWS::Cognito::UserPool
`

// TestStandardInputIsNamedTheSameEverywhere loads standard input with every
// file loader: each location, source and error names it "<stdin>", never "-".
func TestStandardInputIsNamedTheSameEverywhere(t *testing.T) {
	tests := []struct {
		name    string
		ld      loader.Loader
		data    string
		wantErr bool
	}{
		{"openapi", openapi.New(), stdinOpenAPI, false},
		{"cloudformation", cloudformation.New(cloudformation.Options{}), stdinTemplate, false},
		{"openapi error", openapi.New(), "openapi: 9.0\npaths: {}\n", true},
		{"snapshot error", snapshot.New(), `{"format": "authlint-inventories", "schemaVersion": 99, "inventories": []}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := loader.NewInput("-", []byte(tc.data))
			if !tc.ld.Detect(in) {
				t.Fatal("not detected")
			}
			invs, err := tc.ld.Load(t.Context(), in)
			if tc.wantErr {
				le := loader.AsError(in.Name(), err)
				if err == nil || le.Input != loader.StdinName {
					t.Fatalf("error %v names %q, want %q", err, le.Input, loader.StdinName)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(invs) != 1 {
				t.Fatalf("%d inventories", len(invs))
			}
			b, err := json.Marshal(invs[0])
			if err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			files := map[string]int{}
			collectFiles(doc, files)
			if len(files) != 1 || files[loader.StdinName] == 0 {
				t.Errorf("file names in the inventory: %v, want only %q", files, loader.StdinName)
			}
		})
	}
}

// collectFiles counts the values of every "file" key.
func collectFiles(v any, out map[string]int) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok && k == "file" && !strings.Contains(s, "cdk.json") {
				out[s]++
				continue
			}
			collectFiles(e, out)
		}
	case []any:
		for _, e := range t {
			collectFiles(e, out)
		}
	}
}
