package policies_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/cputime"
	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/internal/synth"
	"github.com/authlint/authlint/loader/registry"
)

// evalGrowthSizes are the method counts of the generated templates the
// evaluation growth benchmarks use: linear cost makes t(16,000)/t(1,000) 16.
var evalGrowthSizes = []int{1000, 2000, 4000, 8000, 16000}

// synthInventory loads a generated CloudFormation template of n methods.
func synthInventory(ctx context.Context, b *testing.B, n int) *model.Inventory {
	b.Helper()
	p := filepath.Join(b.TempDir(), "api.yaml")
	if err := os.WriteFile(p, synth.Generate(synth.CloudFormationYAML, n), 0o644); err != nil {
		b.Fatal(err)
	}
	res := scan.Files(ctx, scan.Options{
		Paths:   []string{p},
		Loaders: registry.Files(registry.Options{}),
	}, nil, true)
	if len(res.Loaded) != 1 || len(res.LoadErrors) > 0 {
		b.Fatalf("loading the generated template: %d inventories, errors %v", len(res.Loaded), res.LoadErrors)
	}
	return res.Loaded[0].Inventory
}

// BenchmarkEvaluateGrowth evaluates the whole catalogue on generated
// templates of N methods (loading is outside the timing). The first case is a
// warm-up so lazily built engine state does not count against N = 1,000.
func BenchmarkEvaluateGrowth(b *testing.B) {
	eng := testEngine(b)
	ctx := context.Background()
	run := func(b *testing.B, n int) {
		b.Helper()
		inv := synthInventory(ctx, b, n)
		measureCPU(b, func() {
			for b.Loop() {
				if _, errs := eng.Evaluate(ctx, inv, "api.yaml"); len(errs) > 0 {
					b.Fatal(errs)
				}
			}
		})
	}
	b.Run("warmup", func(b *testing.B) { run(b, evalGrowthSizes[0]) })
	for _, n := range evalGrowthSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { run(b, n) })
	}
}

// BenchmarkRuleGrowth evaluates each rule alone on generated templates of N
// methods, to find the rules whose cost grows faster than the input. Select
// one rule with -bench 'RuleGrowth/SC002'.
func BenchmarkRuleGrowth(b *testing.B) {
	ctx := context.Background()
	mods, err := engine.EmbeddedModules(false)
	if err != nil {
		b.Fatal(err)
	}
	c, err := engine.Compile(mods)
	if err != nil {
		b.Fatal(err)
	}
	inputs := map[int]ast.Value{}
	input := func(b *testing.B, n int) ast.Value {
		b.Helper()
		if v, ok := inputs[n]; ok {
			return v
		}
		v, err := engine.Input(synthInventory(ctx, b, n))
		if err != nil {
			b.Fatal(err)
		}
		inputs[n] = v
		return v
	}
	for _, r := range testEngine(b).ScanRules() {
		pq, err := rego.New(
			rego.Compiler(c),
			rego.Query("data."+r.Package+".deny"),
			rego.Capabilities(engine.Capabilities()),
		).PrepareForEval(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range evalGrowthSizes {
			b.Run(fmt.Sprintf("%s/n=%d", r.ID, n), func(b *testing.B) {
				in := input(b, n)
				measureCPU(b, func() {
					for b.Loop() {
						if _, err := pq.Eval(ctx, rego.EvalParsedInput(in)); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
		}
	}
}

// measureCPU runs the benchmark loop and reports CPU time per run
// (cpu-ns/op) beside wall time: on a shared machine wall time swings with the
// other load.
func measureCPU(b *testing.B, loop func()) {
	b.Helper()
	start, ok := cputime.Process()
	loop()
	if end, ok2 := cputime.Process(); ok && ok2 && b.N > 0 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkManyClients evaluates the catalogue on a generated template of
// 4,000 methods whose pool has 1 or 200 app clients (copies of the generated
// one): rules that look at every method once per client grow with the
// product, which linear rules must not.
func BenchmarkManyClients(b *testing.B) {
	eng := testEngine(b)
	ctx := context.Background()
	base := synthInventory(ctx, b, 4000)
	if len(base.AppClients) != 1 {
		b.Fatalf("the generated template has %d app clients, want 1", len(base.AppClients))
	}
	for _, k := range []int{1, 200} {
		b.Run(fmt.Sprintf("clients=%d", k), func(b *testing.B) {
			inv := *base
			inv.AppClients = make([]model.AppClient, k)
			for i := range inv.AppClients {
				inv.AppClients[i] = base.AppClients[0]
				inv.AppClients[i].Ref = fmt.Sprintf("%s-copy%d", base.AppClients[0].Ref, i)
			}
			measureCPU(b, func() {
				for b.Loop() {
					if _, errs := eng.Evaluate(ctx, &inv, "api.yaml"); len(errs) > 0 {
						b.Fatal(errs)
					}
				}
			})
		})
	}
}

// BenchmarkManyFindings evaluates the catalogue on a generated template of
// 4,000 methods in which every POST method is open (authorization NONE) beside
// a Cognito GET on the same path: 2,000 findings, whose messages must not each
// search every method.
func BenchmarkManyFindings(b *testing.B) {
	eng := testEngine(b)
	ctx := context.Background()
	base := synthInventory(ctx, b, 4000)
	inv := *base
	none := "NONE"
	opened := 0
	inv.RestAPIs = slices.Clone(base.RestAPIs)
	for i := range inv.RestAPIs {
		api := &inv.RestAPIs[i]
		api.Methods = slices.Clone(api.Methods)
		for j := range api.Methods {
			m := &api.Methods[j]
			if m.HTTPMethod.Value != nil && *m.HTTPMethod.Value == "POST" {
				m.AuthorizationType.Value = &none
				opened++
			}
		}
	}
	if opened == 0 {
		b.Fatal("the generated template has no POST method")
	}
	measureCPU(b, func() {
		for b.Loop() {
			fs, errs := eng.Evaluate(ctx, &inv, "api.yaml")
			if len(errs) > 0 {
				b.Fatal(errs)
			}
			if len(fs) < opened {
				b.Fatalf("%d findings for %d open POST methods", len(fs), opened)
			}
		}
	})
}

// BenchmarkManyAuthorizers evaluates the catalogue on a generated template of
// 4,000 methods spread over 1 or 200 Cognito authorizers (copies of the
// generated one): rules that look at every method once per authorizer grow
// with the product, which linear rules must not.
func BenchmarkManyAuthorizers(b *testing.B) {
	eng := testEngine(b)
	ctx := context.Background()
	base := synthInventory(ctx, b, 4000)
	for _, k := range []int{1, 200} {
		b.Run(fmt.Sprintf("authorizers=%d", k), func(b *testing.B) {
			inv := *base
			inv.RestAPIs = slices.Clone(base.RestAPIs)
			for i := range inv.RestAPIs {
				api := &inv.RestAPIs[i]
				if len(api.Authorizers) != 1 {
					b.Fatalf("the generated API has %d authorizers, want 1", len(api.Authorizers))
				}
				orig := api.Authorizers[0]
				api.Authorizers = make([]model.Authorizer, k)
				for j := range api.Authorizers {
					api.Authorizers[j] = orig
					api.Authorizers[j].Ref = fmt.Sprintf("%s-copy%d", orig.Ref, j)
				}
				api.Methods = slices.Clone(api.Methods)
				for j := range api.Methods {
					m := &api.Methods[j]
					if m.Authorizer != nil {
						l := *m.Authorizer // the link is shared with base
						l.Target = api.Authorizers[j%k].Ref
						m.Authorizer = &l
					}
				}
			}
			measureCPU(b, func() {
				for b.Loop() {
					if _, errs := eng.Evaluate(ctx, &inv, "api.yaml"); len(errs) > 0 {
						b.Fatal(errs)
					}
				}
			})
		})
	}
}
