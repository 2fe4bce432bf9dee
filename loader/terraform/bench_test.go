package terraform

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/authlint/authlint/loader"
)

// The benchmarks compare loading a module (parse, evaluate, build the
// model) with HCL parsing alone, on the broken example (a module with a
// local child module); internal/scan measures whole scans of 1,000 modules.

func exampleModule(b *testing.B) string {
	b.Helper()
	dir := filepath.Join("..", "..", "examples", "terraform", "broken")
	if _, err := os.Stat(dir); err != nil {
		b.Skip(err)
	}
	return dir
}

func BenchmarkLoadModule(b *testing.B) {
	dir := exampleModule(b)
	l := New(Options{})
	b.ReportAllocs()
	for b.Loop() {
		in := &loader.Input{Path: dir, Module: true, MaxFileSize: loader.DefaultMaxFileSize}
		if _, err := l.Load(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseModule(b *testing.B) {
	dir := exampleModule(b)
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	more, _ := filepath.Glob(filepath.Join(dir, "modules", "*", "*.tf"))
	files = append(files, more...)
	b.ReportAllocs()
	for b.Loop() {
		p := hclparse.NewParser()
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			if _, diags := p.ParseHCL(data, f); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	}
}
