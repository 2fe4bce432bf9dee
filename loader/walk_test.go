package loader

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestExpandTerraformFolders(t *testing.T) {
	root := t.TempDir()
	files := []string{
		"infra/main.tf", "infra/vars.tf.json", "infra/terraform.tfvars", "infra/prod.tfvars",
		"infra/modules/auth/main.tf",
		"infra/.terraform/modules/remote/main.tf",
		"vars-only/dev.tfvars",
		"api.yaml",
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cands, skips, errs := Expand(context.Background(), []string{root}, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := map[string]bool{}
	for _, c := range cands {
		rel, _ := filepath.Rel(root, c.Path)
		got[filepath.ToSlash(rel)] = c.Module
	}
	want := map[string]bool{"infra": true, "infra/modules/auth": true, "api.yaml": false}
	for k, module := range want {
		if m, ok := got[k]; !ok || m != module {
			t.Errorf("candidate %s: got (present %v, module %v), want module %v", k, ok, m, module)
		}
	}
	if len(got) != len(want) {
		t.Errorf("candidates = %v, want %v", got, want)
	}
	var skipped []string
	for _, s := range skips {
		rel, _ := filepath.Rel(root, s.Path)
		skipped = append(skipped, filepath.ToSlash(rel))
	}
	for _, s := range []string{"infra/.terraform", "vars-only/dev.tfvars"} {
		if !slices.Contains(skipped, s) {
			t.Errorf("%s not skipped (skips: %v)", s, skipped)
		}
	}
}

func TestOpenModuleWithoutTerraformLoader(t *testing.T) {
	dir := t.TempDir()
	in, skip, lerr := Open(context.Background(), Candidate{Path: dir, Module: true}, nil, 0, nil)
	if lerr != nil || skip != nil || !in.Module || in.Dir() != dir {
		t.Fatalf("Open = %+v, %v, %v", in, skip, lerr)
	}
	if _, _, lerr := Detect(nil, in); lerr == nil {
		t.Fatal("a module folder with no Terraform loader must be an error")
	}
}
