package policies_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/engine"
)

func TestZZProfileRules(t *testing.T) {
	loaded := loadCorpus(&testing.B{})
	mods, _ := engine.EmbeddedModules(false)
	c, err := engine.Compile(mods)
	if err != nil {
		t.Fatal(err)
	}
	rules := testEngine(t).Rules()
	type r struct {
		id string
		d  time.Duration
	}
	var out []r
	var inputs []ast.Value
	for _, l := range loaded {
		in, _ := engine.Input(l.Inventory)
		inputs = append(inputs, in)
	}
	for _, rule := range rules {
		pq, err := rego.New(rego.Compiler(c), rego.Query("data."+rule.Package+".deny")).PrepareForEval(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for _, in := range inputs {
			if _, err := pq.Eval(context.Background(), rego.EvalParsedInput(in)); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, r{rule.ID, time.Since(start)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].d > out[j].d })
	for _, x := range out {
		fmt.Println(x.id, x.d)
	}
	start := time.Now()
	for _, l := range loaded {
		engine.Input(l.Inventory)
	}
	fmt.Println("input conversion", time.Since(start), len(loaded))
}
