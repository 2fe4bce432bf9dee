package cloudformation

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/model"
)

// TestAZ001AtPropertyLine evaluates the embedded rules on templates whose
// Cognito authorizer lists no user pool: AZ001 must point at the line of the
// property, in YAML, in JSON and inside an inline OpenAPI body.
func TestAZ001AtPropertyLine(t *testing.T) {
	deny := az001(t)
	cases := []struct {
		file string
		line int
	}{
		{"testdata/az001.yaml", 14},
		{"testdata/az001.json", 15},
		{"testdata/az001-body.yaml", 19},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			invs, err := load(t, c.file, Options{})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			fs := deny(invs[0])
			if len(fs) != 1 {
				t.Fatalf("AZ001 findings: %+v", fs)
			}
			if fs[0].line != c.line || fs[0].file != c.file {
				t.Errorf("AZ001 at %s:%d, want line %d", fs[0].file, fs[0].line, c.line)
			}
		})
	}
	// Unknown values never produce the finding.
	invs, _ := load(t, "testdata/basic.yaml", Options{})
	if fs := deny(invs[0]); len(fs) != 0 {
		t.Errorf("AZ001 on basic.yaml: %+v", fs)
	}
}

type hit struct {
	file string
	line int
}

// az001 compiles the embedded library and rule AZ001 alone (with the model
// schema) and returns its deny evaluator.
func az001(t *testing.T) func(*model.Inventory) []hit {
	t.Helper()
	return ruleDeny(t, "az001_", "cognito_authorizer_without_user_pool")
}

// ruleDeny compiles the embedded library and the one rule whose file name
// contains file, and returns the evaluator of its package's deny set.
func ruleDeny(t *testing.T, file, pkg string) func(*model.Inventory) []hit {
	t.Helper()
	mods, err := engine.EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	var keep []engine.Module
	for _, m := range mods {
		if strings.Contains(m.Path, "/lib/") || (strings.Contains(m.Path, file) && !strings.HasSuffix(m.Path, "_test.rego")) {
			keep = append(keep, m)
		}
	}
	c, err := engine.Compile(keep)
	if err != nil {
		t.Fatal(err)
	}
	pq, err := rego.New(rego.Compiler(c), rego.Query("data.authlint.rules."+pkg+".deny")).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return func(inv *model.Inventory) []hit {
		in, err := engine.Input(inv)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := pq.Eval(context.Background(), rego.EvalParsedInput(in))
		if err != nil {
			t.Fatal(err)
		}
		var out []hit
		for _, r := range rs {
			for _, e := range r.Expressions {
				set, _ := e.Value.([]any)
				for _, d := range set {
					m, _ := d.(map[string]any)
					loc, _ := m["loc"].(map[string]any)
					file, _ := loc["file"].(string)
					n, _ := loc["line"].(json.Number)
					line, _ := n.Int64()
					out = append(out, hit{file, int(line)})
				}
			}
		}
		return out
	}
}
