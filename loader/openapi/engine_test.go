package openapi_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
)

// An API with three mistakes, each at a known line.
const mistakesYAML = `openapi: 3.0.1
info:
  title: Mistakes
  version: "1"
security:
  - Pool: []
paths:
  /open:
    get:
      responses:
        "200":
          description: ok
  /ghost:
    get:
      security:
        - Ghost: []
      responses:
        "200":
          description: ok
  /pool:
    get:
      security:
        - Pool: []
      responses:
        "200":
          description: ok
components:
  securitySchemes:
    Pool:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: []
`

// TestFindingsLandOnTheirLines runs the real rule set on a loaded document:
// the findings point at the lines a reader expects.
func TestFindingsLandOnTheirLines(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	invs, err := load(t, "mistakes.yaml", []byte(mistakesYAML))
	if err != nil {
		t.Fatal(err)
	}
	findings, ruleErrs := eng.Evaluate(ctx, invs[0], "mistakes.yaml")
	t.Logf("findings: %v", ruleIDs(findings))
	for _, re := range ruleErrs {
		t.Errorf("rule %s failed: %s", re.RuleID, re.Message)
	}
	want := []struct {
		rule string
		line int
		what string
	}{
		{"AZ001", 29, "the Cognito security scheme without user pools"},
		{"AZ004", 14, "the operation whose security names an undeclared scheme"},
		{"AZ009", 5, "the root security"},
	}
	for _, w := range want {
		f, ok := findingOf(findings, w.rule)
		if !ok {
			t.Errorf("%s did not fire (findings: %v)", w.rule, ruleIDs(findings))
			continue
		}
		if f.Location.File != "mistakes.yaml" || f.Location.Line != w.line {
			t.Errorf("%s at %s:%d, want line %d (%s)", w.rule, f.Location.File, f.Location.Line, w.line, w.what)
		}
	}
}

func findingOf(fs []finding.Finding, id string) (finding.Finding, bool) {
	for _, f := range fs {
		if f.RuleID == id {
			return f, true
		}
	}
	return finding.Finding{}, false
}

func ruleIDs(fs []finding.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s@%d", f.RuleID, f.Location.Line))
	}
	return out
}
