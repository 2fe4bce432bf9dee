package terraform

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/loader"
)

// FuzzModule loads arbitrary bytes as a .tf (and .tf.json) file the user
// named: no input may panic, and whatever loads must encode (the engine's
// conversion of inventories is fuzzed in loader/registry; importing the
// engine here would make each run too slow to explore).
func FuzzModule(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "policies", "testdata", "fixtures", "*", "terraform", "*.tf"))
	for _, s := range seeds[:min(len(seeds), 20)] {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data, false)
		}
	}
	// HTTP APIs (the glob above stops before the HT fixtures).
	v2, _ := filepath.Glob(filepath.Join("..", "..", "policies", "testdata", "fixtures", "HT0*", "terraform", "bad*.tf"))
	for _, s := range v2[:min(len(v2), 8)] {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data, false)
		}
	}
	f.Add([]byte(`{"resource": {"aws_api_gateway_authorizer": {"a": {"provider_arns": ["${aws_cognito_user_pool.p.arn}"]}}}}`), true)
	f.Add([]byte("locals {\n  a = [for k, v in var.m : k if v]\n  b = { for x in local.a : x => x... }\n}\n"), false)
	l := New(Options{})
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "fuzz.tf"
		if asJSON {
			name = "fuzz.tf.json"
		}
		in := loader.NewInput(name, data)
		in.Explicit = true
		invs, _ := l.Load(context.Background(), in)
		for _, inv := range invs {
			if _, err := json.Marshal(inv); err != nil {
				t.Fatalf("encoding a loaded inventory: %v", err)
			}
		}
	})
}

// FuzzPlan loads arbitrary bytes as a plan document.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{"cognito.json", "module.json", "httpapi.json"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "plan", s)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_apigatewayv2_authorizer.a","mode":"managed","type":"aws_apigatewayv2_authorizer","change":{"actions":["create"],"after":{"jwt_configuration":[{"audience":[1]},null,"x"]},"after_unknown":{"jwt_configuration":[{"audience":true},true]}}}]}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"aws_api_gateway_method.m[\"a\"]","mode":"managed","type":"aws_api_gateway_method","index":"a","change":{"actions":["create"],"after":{"authorization_scopes":[1,null]},"after_unknown":{"authorization_scopes":[false,true]}}}]}`))
	l := New(Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := loader.NewInput("plan.json", data)
		if !l.Detect(in) {
			return
		}
		invs, _ := l.Load(context.Background(), in)
		for _, inv := range invs {
			if _, err := json.Marshal(inv); err != nil {
				t.Fatalf("encoding a loaded inventory: %v", err)
			}
		}
	})
}
