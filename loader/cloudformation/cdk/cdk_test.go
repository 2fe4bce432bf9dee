package cdk

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestStacks(t *testing.T) {
	data := []byte(`{"version": "36.0.0", "artifacts": {
		"B": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "B.template.json", "stackName": "b-prod"}},
		"A": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "A.template.json"}},
		"Tree": {"type": "cdk:tree", "properties": {"file": "tree.json"}}}}`)
	st, err := Stacks(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 2 || st[0].Name != "A" || st[1].StackName != "b-prod" {
		t.Errorf("%+v", st)
	}
	if _, err := Stacks([]byte(`{"artifacts": {"A": {"type": "aws:cloudformation:stack"}}}`)); err == nil {
		t.Error("a stack without templateFile is an error")
	}
	if !IsManifest([]string{"version", "artifacts"}, data) || IsManifest([]string{"Resources"}, data) {
		t.Error("IsManifest")
	}
}

func TestFindContext(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "app", "cdk.out")
	if err := os.MkdirAll(out, 0o750); err != nil {
		t.Fatal(err)
	}
	if c, err := FindContext(t.Context(), out, osRead); err != nil || c != nil {
		t.Fatalf("no cdk.json: %v %v", c, err)
	}
	cfg := `{"context": {"@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId": true, "other": "x", "off": false}}`
	if err := os.WriteFile(filepath.Join(dir, "app", "cdk.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := FindContext(t.Context(), out, osRead)
	if err != nil || c == nil {
		t.Fatalf("%v %v", c, err)
	}
	if !c.Flags["@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId"] || c.Flags["off"] || len(c.Flags) != 2 {
		t.Errorf("%+v", c.Flags)
	}
	if err := os.WriteFile(filepath.Join(dir, "app", "cdk.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := FindContext(t.Context(), out, osRead); err == nil {
		t.Error("a broken cdk.json is an error")
	}
}

func osRead(_ context.Context, path string) ([]byte, error) { return os.ReadFile(path) }
