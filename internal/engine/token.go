package engine

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// Check statuses: what a token rule concluded about one token case.
const (
	// CheckFail: the rule's deny set is not empty.
	CheckFail = "fail"
	// CheckUnknown: the rule cannot decide (an unknown setting, behaviour AWS
	// does not document).
	CheckUnknown = "unknown"
	// CheckNotChecked: the rule was not run on this case (no JWKS to verify a
	// signature with, a method that takes no Cognito token).
	CheckNotChecked = "not checked"
	// CheckPass: nothing the rule checks stops the request.
	CheckPass = "pass"
)

// tokenSets are the sets a token rule may define, besides deny (fail).
var tokenSets = []struct{ name, status string }{
	{"deny", CheckFail},
	{"unknown", CheckUnknown},
	{"not_checked", CheckNotChecked},
	{"pass", CheckPass},
}

type preparedToken struct {
	rule finding.Rule
	// sets are the names among tokenSets the rule's package defines.
	sets  []string
	query rego.PreparedEvalQuery
}

// Check is the outcome of one token rule on one token case.
type Check struct {
	Rule finding.Rule
	// Status is the strongest status among the rule's results: fail, then
	// not checked, then unknown, then pass.
	Status string
	// Results hold the messages of that status (at least one, except a pass
	// without message).
	Results []CheckResult
}

// CheckResult is one message of a check.
type CheckResult struct {
	Message string
	// Loc is the setting that decides it, when the rule names one.
	Loc model.Loc
}

// prepareTokens prepares one query per token rule over the sets it defines.
func prepareTokens(ctx context.Context, c *ast.Compiler, rules []finding.Rule) ([]preparedToken, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	defined := map[string][]string{}
	for _, m := range c.Modules {
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		for _, r := range m.Rules {
			name := r.Head.Name.String()
			if !slices.Contains(defined[pkg], name) {
				defined[pkg] = append(defined[pkg], name)
			}
		}
	}
	var out []preparedToken
	caps := Capabilities()
	for _, r := range rules {
		if !r.IsToken() {
			continue
		}
		pt := preparedToken{rule: r}
		var binds []string
		for _, s := range tokenSets {
			if slices.Contains(defined[r.Package], s.name) {
				pt.sets = append(pt.sets, s.name)
				binds = append(binds, fmt.Sprintf("%s := data.%s.%s", s.name, r.Package, s.name))
			}
		}
		pq, err := rego.New(
			rego.Compiler(c),
			rego.Query(strings.Join(binds, "; ")),
			rego.Capabilities(caps),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("preparing token rule %s: %w", r.ID, err)
		}
		pt.query = pq
		out = append(out, pt)
	}
	return out, nil
}

// EvaluateToken runs every token rule over one token case. A rule that fails
// to evaluate is returned as a RuleError; the others still report.
func (e *Engine) EvaluateToken(ctx context.Context, tc *model.TokenCase) ([]Check, []finding.RuleError) {
	if tc.SchemaVersion == 0 {
		tc.SchemaVersion = model.SchemaVersion
	}
	input, err := e.conv.any(tc)
	if err != nil {
		return nil, []finding.RuleError{{RuleID: "*", Input: "token", Message: err.Error()}}
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	p, err := e.token.program(ctx)
	if err != nil {
		return nil, []finding.RuleError{{RuleID: "*", Input: "token", Message: err.Error()}}
	}
	var (
		out  []Check
		errs []finding.RuleError
	)
	for i := range p.tokens {
		c, err := evalToken(ctx, &p.tokens[i], input)
		if err != nil {
			errs = append(errs, finding.RuleError{RuleID: p.tokens[i].rule.ID, Input: "token", Message: err.Error()})
			continue
		}
		out = append(out, c)
	}
	return out, errs
}

func evalToken(ctx context.Context, pt *preparedToken, input ast.Value) (c Check, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rule %s panicked: %v", pt.rule.ID, r)
		}
	}()
	c = Check{Rule: pt.rule, Status: CheckPass}
	rs, err := pt.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return c, fmt.Errorf("evaluating rule %s: %w", pt.rule.ID, err)
	}
	if len(rs) != 1 {
		// A set rule with no member is still defined (empty); no result
		// means the query itself was undefined.
		return c, fmt.Errorf("evaluating rule %s: %d results", pt.rule.ID, len(rs))
	}
	got := map[string][]CheckResult{}
	for _, name := range pt.sets {
		raw, ok := rs[0].Bindings[name].([]any)
		if !ok {
			return c, fmt.Errorf("rule %s: %s must be a set", pt.rule.ID, name)
		}
		for _, item := range raw {
			r, err := checkResult(item)
			if err != nil {
				return c, fmt.Errorf("rule %s: %s: %w", pt.rule.ID, name, err)
			}
			got[name] = append(got[name], r)
		}
	}
	// The order of precedence: a failure decides; a check that could not
	// run says so before a guess; a pass needs nothing else.
	for _, s := range []struct{ name, status string }{{"deny", CheckFail}, {"not_checked", CheckNotChecked}, {"unknown", CheckUnknown}, {"pass", CheckPass}} {
		if rs := got[s.name]; len(rs) > 0 {
			slices.SortFunc(rs, func(a, b CheckResult) int { return strings.Compare(a.Message, b.Message) })
			c.Status, c.Results = s.status, rs
			break
		}
	}
	return c, nil
}

// checkResult reads a set entry: a message, or an object {msg, loc}.
func checkResult(item any) (CheckResult, error) {
	switch v := item.(type) {
	case string:
		if v == "" {
			return CheckResult{}, errors.New("empty message")
		}
		return CheckResult{Message: v}, nil
	case map[string]any:
		msg, _ := v["msg"].(string)
		if msg == "" {
			return CheckResult{}, errors.New("entry must have a non-empty msg")
		}
		r := CheckResult{Message: msg}
		if l, ok := v["loc"].(map[string]any); ok {
			r.Loc = locFrom(l, model.Loc{})
		}
		return r, nil
	default:
		return CheckResult{}, fmt.Errorf("entry must be a message or an object {msg, loc}, got %T", item)
	}
}

// any converts a model document (a pointer to a struct) into a Rego value.
func (c *converter) any(v any) (out ast.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("converting the input for Rego: %v", r)
		}
	}()
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, fmt.Errorf("converting the input for Rego: want a non-nil pointer, got %T", v)
	}
	return c.start(1).value(rv.Elem()).Value, nil
}
