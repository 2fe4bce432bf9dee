package scan_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// TestExportKeepsSourceNames: scanning an export reports the findings of the
// scan it records under the same input names, kinds and fingerprints, not
// under the export file's name; and the files an export points at are not
// taken as already loaded when they are scanned beside it.
func TestExportKeepsSourceNames(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := WriteOpenAPIFiles(dir, 2); err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	loaders := registry.Files(registry.Options{})
	orig := scan.Files(ctx, scan.Options{Paths: []string{dir}, Loaders: loaders}, eng, true)
	if len(orig.LoadErrors) > 0 || len(orig.Findings) == 0 {
		t.Fatalf("load errors %v, %d findings", orig.LoadErrors, len(orig.Findings))
	}

	// The document `authlint export` writes, plus a live inventory, which is
	// named after its target whatever the export says.
	doc := model.Export{Format: model.ExportFormat, SchemaVersion: model.SchemaVersion}
	for _, ld := range orig.Loaded {
		model.Normalize(ld.Inventory)
		doc.Inventories = append(doc.Inventories, model.ExportedInput{Source: ld.Source, Kind: ld.Kind, Inventory: *ld.Inventory})
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(t.TempDir(), "model.json")
	if err := os.WriteFile(export, data, 0o644); err != nil {
		t.Fatal(err)
	}

	again := scan.Files(ctx, scan.Options{Paths: []string{export}, Loaders: loaders}, eng, true)
	if len(again.LoadErrors) > 0 {
		t.Fatalf("load errors %v", again.LoadErrors)
	}
	if !slices.Equal(inputNames(again.Inputs), inputNames(orig.Inputs)) {
		t.Errorf("inputs %v, want %v", inputNames(again.Inputs), inputNames(orig.Inputs))
	}
	for _, in := range again.Inputs {
		if in.Kind != "openapi" {
			t.Errorf("input %s has kind %q, want the original openapi", in.Name, in.Kind)
		}
	}
	if got, want := keys(again.Findings), keys(orig.Findings); !slices.Equal(got, want) {
		t.Errorf("re-scanned findings differ:\n got %v\nwant %v", got, want)
	}

	// Scanned beside the export, the files are scanned too.
	both := scan.Files(ctx, scan.Options{Paths: []string{export, dir}, Loaders: loaders}, eng, false)
	if len(both.Skipped) != 0 || len(both.Inputs) != 2*len(orig.Inputs) {
		t.Errorf("export beside its files: %d inputs, skipped %v", len(both.Inputs), both.Skipped)
	}
}

// TestBareInventoryNamedAfterFile: an inventory document without an export's
// names is named after its file.
func TestBareInventoryNamedAfterFile(t *testing.T) {
	inv := model.Inventory{SchemaVersion: model.SchemaVersion}
	model.Normalize(&inv)
	data, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "inventory.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res := scan.Files(context.Background(), scan.Options{Paths: []string{path}, Loaders: registry.Files(registry.Options{})}, nil, true)
	if len(res.LoadErrors) > 0 || len(res.Loaded) != 1 {
		t.Fatalf("load errors %v, loaded %d", res.LoadErrors, len(res.Loaded))
	}
	if ld := res.Loaded[0]; ld.Source != path || ld.Kind != model.KindSnapshot {
		t.Errorf("source %q kind %q, want %q %q", ld.Source, ld.Kind, path, model.KindSnapshot)
	}
}

func inputNames(ins []finding.Input) []string {
	out := make([]string, 0, len(ins))
	for _, in := range ins {
		out = append(out, in.Name)
	}
	slices.Sort(out)
	return out
}

// keys are what identifies a finding across runs.
func keys(fs []finding.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.RuleID+" "+f.Source+" "+f.Resource.Ref+" "+f.Fingerprint+" "+f.Location.File)
	}
	slices.Sort(out)
	return out
}
