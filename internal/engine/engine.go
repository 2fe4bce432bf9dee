package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// DefaultTimeout bounds the evaluation of all rules on one inventory.
const DefaultTimeout = 60 * time.Second

// Options configure an Engine.
type Options struct {
	// PolicyDirs are user policy folders (or .rego files) added to the catalogue.
	PolicyDirs []string
	// Timeout bounds evaluation per inventory (DefaultTimeout when zero).
	Timeout time.Duration
}

// Engine evaluates the compiled catalogue. It is safe for concurrent use.
type Engine struct {
	rules []finding.Rule
	// all evaluates every rule in one query: one evaluation per inventory
	// costs half as much as one per rule. queries, one per rule, isolate a rule
	// that fails so the others still report; they are prepared the first time
	// one is needed, as most runs never need them.
	all      rego.PreparedEvalQuery
	scanned  []finding.Rule
	compiler *ast.Compiler
	once     sync.Once
	queries  []preparedRule
	qerr     error
	// tokens are the token rules, evaluated over a model.TokenCase by
	// EvaluateToken and never over inventories.
	tokens  []preparedToken
	timeout time.Duration
	conv    converter
}

type preparedRule struct {
	rule  finding.Rule
	query rego.PreparedEvalQuery
}

// New compiles the embedded policies and the user's, reads the catalogue and
// prepares one query per rule. Errors here are configuration errors (a policy
// that does not compile, metadata that breaks the contract).
func New(ctx context.Context, opts Options) (*Engine, error) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		return nil, err
	}
	custom := map[string]bool{}
	for _, dir := range opts.PolicyDirs {
		ms, err := DirModules(dir, false)
		if err != nil {
			return nil, err
		}
		if len(ms) == 0 {
			return nil, fmt.Errorf("policy folder %s holds no .rego file", dir)
		}
		for _, m := range ms {
			custom[m.Path] = true
		}
		mods = append(mods, ms...)
	}
	c, err := compile(mods, len(custom) > 0)
	if err != nil {
		return nil, err
	}
	rules, err := catalogue(c, custom)
	if err != nil {
		return nil, err
	}
	e := &Engine{rules: rules, timeout: opts.Timeout}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	if e.tokens, err = prepareTokens(ctx, c, rules); err != nil {
		return nil, err
	}
	binds := make([]string, 0, len(rules))
	var scanned []finding.Rule
	for _, r := range rules {
		if !r.IsToken() {
			scanned = append(scanned, r)
		}
	}
	for i, r := range scanned {
		binds = append(binds, fmt.Sprintf("%s := data.%s.deny", ruleVar(i), r.Package))
	}
	if e.all, err = rego.New(
		rego.Compiler(c),
		rego.Query(strings.Join(binds, "; ")),
		rego.Capabilities(Capabilities()),
	).PrepareForEval(ctx); err != nil {
		return nil, fmt.Errorf("preparing the catalogue: %w", err)
	}
	e.scanned, e.compiler = scanned, c
	return e, nil
}

// ruleQueries prepares one query per scan rule, once.
func (e *Engine) ruleQueries(ctx context.Context) ([]preparedRule, error) {
	e.once.Do(func() {
		// The first caller's deadline must not decide for the later ones.
		ctx := context.WithoutCancel(ctx)
		caps := Capabilities()
		for _, r := range e.scanned {
			pq, err := rego.New(
				rego.Compiler(e.compiler),
				rego.Query("data."+r.Package+".deny"),
				rego.Capabilities(caps),
			).PrepareForEval(ctx)
			if err != nil {
				e.qerr = fmt.Errorf("preparing rule %s: %w", r.ID, err)
				return
			}
			e.queries = append(e.queries, preparedRule{rule: r, query: pq})
		}
	})
	return e.queries, e.qerr
}

// Rules returns the catalogue, sorted by id: the rules scans evaluate and the
// token rules explain evaluates.
func (e *Engine) Rules() []finding.Rule {
	out := make([]finding.Rule, len(e.rules))
	copy(out, e.rules)
	return out
}

// ScanRules returns the rules evaluated over inventories (the catalogue less
// the token rules), sorted by id.
func (e *Engine) ScanRules() []finding.Rule {
	return slices.Clone(e.scanned)
}

// Evaluate runs every rule against the inventory. source names the input
// (file path or live target) for fingerprints and errors. Rules that fail are
// returned as RuleErrors; the others still produce findings.
func (e *Engine) Evaluate(ctx context.Context, inv *model.Inventory, source string) ([]finding.Finding, []finding.RuleError) {
	input, err := e.conv.inventory(inv)
	if err != nil {
		return nil, []finding.RuleError{{RuleID: "*", Input: source, Message: err.Error()}}
	}
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	idx := newIndex(inv)
	var (
		out  []finding.Finding
		errs []finding.RuleError
	)
	sets, allErr := e.evalAll(ctx, input)
	var queries []preparedRule
	if allErr != nil {
		// Some rule failed: evaluate each alone to tell which.
		var err error
		if queries, err = e.ruleQueries(ctx); err != nil {
			return nil, []finding.RuleError{{RuleID: "*", Input: source, Message: err.Error()}}
		}
	}
	for i, rule := range e.scanned {
		var (
			results []any
			err     error
		)
		if allErr == nil {
			results = sets[i]
		} else {
			results, err = evalRule(ctx, &queries[i], input)
		}
		if err != nil {
			msg := err.Error()
			if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
				msg = fmt.Sprintf("evaluation did not finish within %s", e.timeout)
			}
			errs = append(errs, finding.RuleError{RuleID: rule.ID, Input: source, Message: msg})
			continue
		}
		for _, r := range results {
			f, err := toFinding(rule, r, idx, source)
			if err != nil {
				errs = append(errs, finding.RuleError{RuleID: rule.ID, Input: source, Message: err.Error()})
				continue
			}
			out = append(out, f)
		}
	}
	finding.Sort(out)
	return out, errs
}

// evalAll evaluates every rule at once; an error means some rule failed (or
// the time ran out) and the caller isolates it.
func (e *Engine) evalAll(ctx context.Context, input ast.Value) (sets [][]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("evaluation panicked: %v", r)
		}
	}()
	rs, err := e.all.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluating the catalogue: %w", err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("evaluating the catalogue: %d results", len(rs))
	}
	sets = make([][]any, len(e.scanned))
	for i, rule := range e.scanned {
		v, ok := rs[0].Bindings[ruleVar(i)]
		if !ok {
			return nil, fmt.Errorf("evaluating the catalogue: no result for rule %s", rule.ID)
		}
		if sets[i], ok = v.([]any); !ok {
			return nil, fmt.Errorf("rule %s: deny must be a set of objects, got %T", rule.ID, v)
		}
	}
	return sets, nil
}

func ruleVar(i int) string { return "rule" + strconv.Itoa(i) }

// evalRule evaluates one rule, turning a panic inside OPA into an error.
func evalRule(ctx context.Context, pr *preparedRule, input ast.Value) (results []any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rule %s panicked: %v", pr.rule.ID, r)
		}
	}()
	rs, err := pr.query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluating rule %s: %w", pr.rule.ID, err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	set, ok := rs[0].Expressions[0].Value.([]any)
	if !ok {
		return nil, fmt.Errorf("rule %s: deny must be a set of objects, got %T", pr.rule.ID, rs[0].Expressions[0].Value)
	}
	return set, nil
}

// toFinding converts one deny entry ({msg, ref, loc}) into a finding.
func toFinding(rule finding.Rule, raw any, idx *index, source string) (finding.Finding, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return finding.Finding{}, fmt.Errorf("deny entry must be an object with msg, ref and loc, got %T", raw)
	}
	msg, _ := obj["msg"].(string)
	ref, _ := obj["ref"].(string)
	if msg == "" || ref == "" {
		return finding.Finding{}, fmt.Errorf("deny entry must have a non-empty msg and ref (got msg=%q ref=%q)", msg, ref)
	}
	res, loc := idx.lookup(ref)
	if l, ok := obj["loc"].(map[string]any); ok {
		loc = locFrom(l, loc)
	}
	f := finding.Finding{
		RuleID:   rule.ID,
		Slug:     rule.Slug,
		Severity: rule.Severity,
		Message:  msg,
		Location: finding.Location{File: loc.File, Line: loc.Line, Column: loc.Column, Pointer: loc.Pointer},
		Resource: res,
		Source:   source,
	}
	if f.Resource.ARN == "" {
		f.Resource.ARN = loc.Resource
	}
	f.Fingerprint = finding.Fingerprint(rule.ID, source, ref, loc.Pointer)
	return f, nil
}

func locFrom(m map[string]any, fallback model.Loc) model.Loc {
	l := model.Loc{}
	l.File, _ = m["file"].(string)
	l.Pointer, _ = m["pointer"].(string)
	l.Resource, _ = m["resource"].(string)
	l.Line = intOf(m["line"])
	l.Column = intOf(m["column"])
	if l.IsZero() {
		return fallback
	}
	if l.File == "" && l.Resource == "" {
		l.File = fallback.File
	}
	return l
}

func intOf(v any) int {
	switch n := v.(type) {
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case float64:
		return int(n)
	case int:
		return n
	case int64:
		return int(n)
	}
	return 0
}
