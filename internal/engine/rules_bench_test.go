package engine

import (
	"context"
	"os"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

// BenchmarkRules evaluates the REST API family on the 21-operation document
// of the scan benchmarks: all rules in one query (what a scan does), the same
// query on an inventory without APIs (the fixed cost of the family), and each
// rule alone. A rule alone also pays for the shared lib rules it reads
// (options_methods, authorizers_by_ref), which the whole query computes once;
// allocs/op is the figure that does not move with the machine's load.
func BenchmarkRules(b *testing.B) {
	ctx := context.Background()
	data, err := os.ReadFile("../scan/testdata/api-0001.yaml")
	if err != nil {
		b.Fatal(err)
	}
	invs, err := openapi.New().Load(ctx, loader.NewInput("api.yaml", data))
	if err != nil || len(invs) != 1 {
		b.Fatalf("loading: %v", err)
	}
	e, err := New(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	input, err := e.conv.inventory(invs[0])
	if err != nil {
		b.Fatal(err)
	}
	empty, err := e.conv.inventory(&model.Inventory{})
	if err != nil {
		b.Fatal(err)
	}
	var p *program
	for _, f := range e.families {
		if f.name == "REST API" {
			if p, err = f.program(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if p == nil {
		b.Fatal("no REST API family")
	}
	for name, in := range map[string]ast.Value{"all": input, "all-without-apis": empty} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			sets := make([][]any, len(p.scan))
			for b.Loop() {
				if err := evalInto(ctx, p.all, in, p.scan, nil, sets); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	queries, err := p.ruleQueries(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for i := range queries {
		q := &queries[i]
		b.Run(q.rule.ID, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := q.query.Eval(ctx, rego.EvalParsedInput(input)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
