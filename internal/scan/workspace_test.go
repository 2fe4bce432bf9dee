package scan_test

import (
	"context"
	"slices"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// TestFilesLinksInputs: the inputs of one scan are linked before evaluation,
// whatever the number of workers, and the results come in the same order.
func TestFilesLinksInputs(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var first []finding.Finding
	for _, workers := range []int{1, 3} {
		res := scan.Files(ctx, scan.Options{
			Paths:   []string{"testdata/workspace"},
			Loaders: registry.Files(registry.Options{}),
			Workers: workers,
		}, eng, false)
		if len(res.LoadErrors) > 0 || len(res.RuleErrors) > 0 {
			t.Fatalf("workers=%d: load errors %v, rule errors %v", workers, res.LoadErrors, res.RuleErrors)
		}
		count := map[string]int{}
		for _, f := range res.Findings {
			count[f.RuleID+"@"+f.Source]++
		}
		for key, n := range map[string]int{
			// The importing template is checked against the exported pool.
			"SC003@testdata/workspace/api.yaml": 1,
			// The exporter names a pool it does not define.
			"AZ003@testdata/workspace/legacy-api.yaml": 1,
			// The pool's own finding is reported once, by its template.
			"UP002@testdata/workspace/auth.yaml": 1,
			"UP002@testdata/workspace/api.yaml":  0,
		} {
			if count[key] != n {
				t.Errorf("workers=%d: %d × %s, want %d (all: %v)", workers, count[key], key, n, count)
			}
		}
		if first == nil {
			first = res.Findings
			continue
		}
		if !slices.EqualFunc(first, res.Findings, func(a, b finding.Finding) bool {
			return a.RuleID == b.RuleID && a.Source == b.Source && a.Location == b.Location && a.Message == b.Message
		}) {
			t.Errorf("workers=%d: findings differ from workers=1", workers)
		}
	}
}
