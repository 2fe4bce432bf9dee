package ruledocs_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/ruledocs"
	"github.com/authlint/authlint/internal/suppress"
)

var update = flag.Bool("update", false, "rewrite docs/rules from the catalogue")

const docsDir = "../../docs/rules"

func catalogue(t *testing.T) []finding.Rule {
	t.Helper()
	e, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return append(e.Rules(), suppress.Rules()...)
}

// TestDocsUpToDate fails when docs/rules differs from what the catalogue
// renders; -update rewrites the folder (and removes pages of rules that no
// longer exist).
func TestDocsUpToDate(t *testing.T) {
	files := ruledocs.Files(catalogue(t))
	if *update {
		if err := os.MkdirAll(docsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(docsDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(docsDir)
	if err != nil {
		t.Fatalf("reading %s: %v (run go test ./internal/ruledocs -update)", docsDir, err)
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; ok || e.IsDir() {
			continue
		}
		if *update {
			if err := os.Remove(filepath.Join(docsDir, e.Name())); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("%s/%s documents no rule of the catalogue (run go test ./internal/ruledocs -update)", docsDir, e.Name())
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(docsDir, name))
		if err != nil {
			t.Errorf("%s is missing (run go test ./internal/ruledocs -update)", name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("docs/rules/%s is out of date (run go test ./internal/ruledocs -update)", name)
		}
	}
}

func TestPageContent(t *testing.T) {
	rules := catalogue(t)
	files := ruledocs.Files(rules)
	i := slices.IndexFunc(rules, func(r finding.Rule) bool { return r.ID == "AZ001" })
	if i < 0 {
		t.Fatal("AZ001 is not in the catalogue")
	}
	r := rules[i]
	page := string(files["AZ001.md"])
	for _, want := range []string{
		"# AZ001: " + r.Title,
		"`" + r.Slug + "`",
		"## What the client sees",
		"| CloudFormation | ",
		"| Console | ",
		"](../../policies/rules/authorizer/",
		"policies/testdata/fixtures/AZ001/",
		"| Security severity | " + r.SecuritySeverity + " (SARIF security-severity " + r.SecurityScore() + ") |",
		r.References[0],
	} {
		if !strings.Contains(page, want) {
			t.Errorf("AZ001.md lacks %q", want)
		}
	}
	index := string(files[ruledocs.Index])
	for _, r := range rules {
		if !strings.Contains(index, "["+r.ID+"]("+r.ID+".md)") {
			t.Errorf("the index does not link %s", r.ID)
		}
	}
}

func TestCellEscapesPipes(t *testing.T) {
	rules := []finding.Rule{{ID: "XX001", Slug: "x", Title: "a | b", Severity: finding.Note, Fixes: map[string]string{"openapi": "use a|b"}}}
	files := ruledocs.Files(rules)
	if !strings.Contains(string(files["XX001.md"]), `use a\|b`) || !strings.Contains(string(files[ruledocs.Index]), `a \| b`) {
		t.Errorf("pipes are not escaped:\n%s\n%s", files["XX001.md"], files[ruledocs.Index])
	}
}
