package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/corpustest"
	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// TestFamiliesMatchWholeCatalogue scans every rule fixture, every example and
// the corpus with the engine that compiles rule families on demand and with
// one that compiles the whole catalogue at once: the findings and rule
// errors must be the same, one input at a time (each input decides which
// families it needs). A third engine evaluates every input in two halves side
// by side, as it does large inventories, and must agree too.
func TestFamiliesMatchWholeCatalogue(t *testing.T) {
	ctx := context.Background()
	lazy, whole := engines(ctx, t)
	split, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	split.SetSplitAt(0)
	if runtime.GOMAXPROCS(0) < 2 {
		t.Log("one core: the split evaluation is not exercised")
	}
	if !slices.EqualFunc(lazy.Rules(), whole.Rules(), sameRule) {
		t.Fatalf("catalogue from METADATA heads differs from the compiled one:\n%v\n%v", lazy.Rules(), whole.Rules())
	}
	var paths []string
	fixtures, err := filepath.Glob("../../policies/testdata/fixtures/*/*/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fixtures {
		if !strings.HasSuffix(p, ".want") {
			paths = append(paths, p)
		}
	}
	examples, err := filepath.Glob("../../examples/*/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range examples {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			paths = append(paths, p)
		}
	}
	paths = append(paths, "../scan/testdata/api-0001.yaml", "../scan/testdata/workspace")
	if len(fixtures) < 100 || len(examples) < 10 {
		t.Fatalf("found %d fixtures and %d examples: the test data moved", len(fixtures), len(examples))
	}
	families := map[string]int{}
	for _, p := range paths {
		got, want := scanWith(ctx, lazy, p), scanWith(ctx, whole, p)
		compareResults(t, p, got, want)
		compareResults(t, p+" (split)", scanWith(ctx, split, p), want)
		for _, f := range want.Findings {
			families[f.RuleID[:2]]++
		}
	}
	// The comparison means something only if every family fired somewhere.
	for _, prefix := range []string{"AZ", "CR", "DP", "GW", "SC", "UP", "HT", "PM"} {
		if families[prefix] == 0 {
			t.Errorf("no %s finding in the test data: the comparison does not cover that family", prefix)
		}
	}
	t.Run("corpus", func(t *testing.T) {
		dir := corpustest.Dir(t)
		subs, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range subs {
			if s.IsDir() {
				p := filepath.Join(dir, s.Name())
				want := scanWith(ctx, whole, p)
				compareResults(t, p, scanWith(ctx, lazy, p), want)
				compareResults(t, p+" (split)", scanWith(ctx, split, p), want)
			}
		}
	})
}

// engines returns an engine that compiles families on demand and one that
// compiles the whole catalogue at once.
func engines(ctx context.Context, t *testing.T) (lazy, whole *engine.Engine) {
	t.Helper()
	lazy, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if whole, err = engine.NewWhole(ctx); err != nil {
		t.Fatal(err)
	}
	return lazy, whole
}

func sameRule(a, b finding.Rule) bool {
	return a.ID == b.ID && a.Slug == b.Slug && a.Package == b.Package && a.File == b.File && a.Title == b.Title &&
		a.Description == b.Description && a.Severity == b.Severity && a.Step == b.Step &&
		slices.Equal(a.Sources, b.Sources) && slices.Equal(a.Tags, b.Tags) && slices.Equal(a.References, b.References)
}

func scanWith(ctx context.Context, e *engine.Engine, path string) *scan.Result {
	return scan.Files(ctx, scan.Options{Paths: []string{path}, Loaders: registry.Files(registry.Options{}), Workers: 1}, e, true)
}

func compareResults(t *testing.T, path string, got, want *scan.Result) {
	t.Helper()
	key := func(f finding.Finding) string {
		return strings.Join([]string{f.RuleID, f.Fingerprint, f.Message, f.Location.File, f.Location.Pointer, f.Resource.ARN, f.Resource.Name}, "|")
	}
	gk, wk := make([]string, len(got.Findings)), make([]string, len(want.Findings))
	for i, f := range got.Findings {
		gk[i] = key(f)
	}
	for i, f := range want.Findings {
		wk[i] = key(f)
	}
	if !slices.Equal(gk, wk) {
		t.Errorf("%s: findings by family:\n  %s\nwhole catalogue:\n  %s", path, strings.Join(gk, "\n  "), strings.Join(wk, "\n  "))
	}
	if len(got.RuleErrors) != len(want.RuleErrors) {
		t.Errorf("%s: rule errors by family %v, whole catalogue %v", path, got.RuleErrors, want.RuleErrors)
	}
}

// TestTokenFamilyMatchesWholeCatalogue runs the token rules, compiled on their
// own, and the whole catalogue over the token cases the Rego tests share: the
// checks must be the same.
func TestTokenFamilyMatchesWholeCatalogue(t *testing.T) {
	ctx := context.Background()
	lazy, whole := engines(ctx, t)
	src, err := os.ReadFile("../../policies/rules/token/cases_test.rego")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rego.New(
		rego.Module("cases_test.rego", string(src)),
		rego.Query("data.authlint.rules.token_cases_test"),
	).Eval(ctx)
	if err != nil || len(rs) != 1 {
		t.Fatalf("reading the token cases: %v", err)
	}
	cases, _ := rs[0].Expressions[0].Value.(map[string]any)
	n := 0
	for name, v := range cases {
		obj, ok := v.(map[string]any)
		if !ok || obj["token"] == nil {
			continue
		}
		raw, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		var tc model.TokenCase
		if err := json.Unmarshal(raw, &tc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n++
		tc2 := tc
		got, gerrs := lazy.EvaluateToken(ctx, &tc)
		want, werrs := whole.EvaluateToken(ctx, &tc2)
		if len(gerrs) > 0 || len(werrs) > 0 {
			t.Errorf("%s: rule errors %v / %v", name, gerrs, werrs)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: token family:\n%+v\nwhole catalogue:\n%+v", name, got, want)
		}
		if len(got) == 0 {
			t.Errorf("%s: no check", name)
		}
	}
	if n < 3 {
		t.Fatalf("found %d token cases in cases_test.rego, want at least 3", n)
	}
}

// TestFamiliesCompileOnceUnderConcurrentUse: inputs that need different
// families, evaluated at once on a fresh engine, get the findings the whole
// catalogue gives (go test -race checks the sharing).
func TestFamiliesCompileOnceUnderConcurrentUse(t *testing.T) {
	ctx := context.Background()
	lazy, whole := engines(ctx, t)
	paths := []string{"../../examples/openapi/broken", "../../examples/httpapi/broken", "../../examples/postman/broken", "../../examples/cloudformation/broken"}
	paths = append(paths, paths...)
	got := scanAll(ctx, lazy, paths)
	for i, p := range paths {
		if len(got[i].Findings) == 0 {
			t.Errorf("%s: no finding", p)
		}
		compareResults(t, p, got[i], scanWith(ctx, whole, p))
	}
}

// TestWarmThenScan: inputs scanned while Warm compiles the REST API rules
// get the findings the whole catalogue gives, whichever finishes first (go
// test -race checks the sharing).
func TestWarmThenScan(t *testing.T) {
	ctx := context.Background()
	lazy, whole := engines(ctx, t)
	lazy.Warm(ctx)
	lazy.Warm(ctx) // twice is once
	paths := []string{"../../examples/openapi/broken", "../../examples/httpapi/broken", "../scan/testdata/api-0001.yaml"}
	got := scanAll(ctx, lazy, paths)
	for i, p := range paths {
		compareResults(t, p, got[i], scanWith(ctx, whole, p))
	}
}

// scanAll scans the paths with e, each on a goroutine of its own.
func scanAll(ctx context.Context, e *engine.Engine, paths []string) []*scan.Result {
	got := make([]*scan.Result, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() { got[i] = scanWith(ctx, e, p) })
	}
	wg.Wait()
	return got
}
