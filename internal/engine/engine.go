package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
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

// Engine evaluates the catalogue. It is safe for concurrent use.
type Engine struct {
	rules []finding.Rule
	// families are evaluated over inventories, each compiled the first time
	// an inventory needs it; token is evaluated over token cases by
	// EvaluateToken, never over inventories.
	families []*family
	token    *family
	timeout  time.Duration
	conv     converter
	// splitAt is the inventory size (methods, routes and requests) from which
	// a family is evaluated in two halves side by side.
	splitAt int
}

// defaultSplitAt: below a few thousand methods an evaluation takes tens of
// milliseconds, and a scan of many files already keeps every core busy.
const defaultSplitAt = 2000

// evalSize is what an evaluation's cost grows with.
func evalSize(inv *model.Inventory) int {
	n := len(inv.APIRequests) + len(inv.TokenRequests)
	for i := range inv.RestAPIs {
		n += len(inv.RestAPIs[i].Methods)
	}
	for i := range inv.HTTPAPIs {
		n += len(inv.HTTPAPIs[i].Routes)
	}
	return n
}

type preparedRule struct {
	rule  finding.Rule
	query rego.PreparedEvalQuery
}

// New reads the catalogue and compiles the user's policies. Errors here are
// configuration errors (a policy that does not compile, metadata that breaks
// the contract).
//
// Without user policies the embedded catalogue is read from the policies'
// METADATA alone and compiled by families when an input first needs them (a
// REST API template compiles neither the HTTP API nor the Postman rules, a
// scan never the token rules): compiling is most of what a scan of one file
// costs. The tests compile the embedded catalogue whole, with the schema.
func New(ctx context.Context, opts Options) (*Engine, error) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		return nil, err
	}
	e := &Engine{timeout: opts.Timeout, splitAt: defaultSplitAt}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	if len(opts.PolicyDirs) == 0 {
		hs, ok := cachedHeads(mods)
		if !ok {
			if hs, err = parseHeads(mods); err != nil {
				return nil, err
			}
		}
		e.rules = hs.Rules
		lib := &library{mods: mods, pkgs: make([]string, len(mods))}
		for i, m := range mods {
			lib.pkgs[i] = hs.Packages[m.Path]
		}
		e.families, e.token = splitFamilies(e.rules, lib)
		return e, nil
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
	// User policies may extend any package: everything compiles together,
	// now, so that a policy error stops the run before any input is read.
	if err := e.compileWhole(ctx, mods, custom); err != nil {
		return nil, err
	}
	return e, nil
}

// compileWhole compiles every module in one compiler, type-checked against
// the model schema, and prepares it as the engine's only family.
func (e *Engine) compileWhole(ctx context.Context, mods []Module, custom map[string]bool) error {
	c, err := compile(mods, true)
	if err != nil {
		return err
	}
	if e.rules, err = catalogue(c, custom); err != nil {
		return err
	}
	whole := &family{name: "policy", build: func() (*ast.Compiler, error) { return c, nil }}
	for _, r := range e.rules {
		if r.IsToken() {
			whole.tokens = append(whole.tokens, r)
		} else {
			whole.scan = append(whole.scan, r)
		}
	}
	if _, err := whole.program(ctx); err != nil {
		return err
	}
	e.families, e.token = []*family{whole}, whole
	return nil
}

// Rules returns the catalogue, sorted by id: the rules scans evaluate and the
// token rules explain evaluates.
func (e *Engine) Rules() []finding.Rule {
	return slices.Clone(e.rules)
}

// ScanRules returns the rules evaluated over inventories (the catalogue less
// the token rules), sorted by id.
func (e *Engine) ScanRules() []finding.Rule {
	return slices.DeleteFunc(slices.Clone(e.rules), func(r finding.Rule) bool { return r.IsToken() })
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
	var needed []*family
	for _, f := range e.families {
		if len(f.scan) > 0 && f.needed(input) {
			needed = append(needed, f)
		}
	}
	progs, perrs := programs(ctx, needed)
	large := evalSize(inv) >= e.splitAt
	for i, f := range needed {
		p, err := progs[i], perrs[i]
		if err != nil {
			for _, r := range f.scan {
				errs = append(errs, finding.RuleError{RuleID: r.ID, Input: source, Message: err.Error()})
			}
			continue
		}
		fs, es := e.evaluate(ctx, p, input, idx, source, large)
		out = append(out, fs...)
		errs = append(errs, es...)
	}
	finding.Sort(out)
	return out, errs
}

// evaluate runs the rules of one compiled family.
func (e *Engine) evaluate(ctx context.Context, p *program, input ast.Value, idx *index, source string, large bool) ([]finding.Finding, []finding.RuleError) {
	var (
		out  []finding.Finding
		errs []finding.RuleError
	)
	sets, allErr := p.evalAll(ctx, input, large)
	var queries []preparedRule
	if allErr != nil {
		// Some rule failed: evaluate each alone to tell which.
		var err error
		if queries, err = p.ruleQueries(ctx); err != nil {
			return nil, []finding.RuleError{{RuleID: "*", Input: source, Message: err.Error()}}
		}
	}
	for i, rule := range p.scan {
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
	return out, errs
}

// evalAll evaluates every rule at once; an error means some rule failed (or
// the time ran out) and the caller isolates it. A large inventory is
// evaluated in two halves side by side: one evaluation runs on one core, and
// one inventory is all a scan of one big template has to work on.
func (p *program) evalAll(ctx context.Context, input ast.Value, large bool) ([][]any, error) {
	sets := make([][]any, len(p.scan))
	if !large || len(p.scan) < 2 || runtime.GOMAXPROCS(0) < 2 {
		return sets, evalInto(ctx, p.all, input, p.scan, nil, sets)
	}
	halves, err := p.splitQueries(ctx)
	if err != nil {
		return nil, err
	}
	var (
		wg   sync.WaitGroup
		errs [2]error
	)
	for h := range halves {
		wg.Go(func() { errs[h] = evalInto(ctx, halves[h].query, input, p.scan, halves[h].rules, sets) })
	}
	wg.Wait()
	return sets, errors.Join(errs[0], errs[1])
}

// evalInto evaluates a query binding the deny sets of the scan rules at the
// given indexes (all when nil) and stores each in sets at its index.
func evalInto(ctx context.Context, q rego.PreparedEvalQuery, input ast.Value, scan []finding.Rule, rules []int, sets [][]any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("evaluation panicked: %v", r)
		}
	}()
	// Metrics would be timers nobody reads.
	rs, err := q.Eval(ctx, rego.EvalParsedInput(input), rego.EvalGenerateJSON(keepTerms), rego.EvalMetrics(metrics.NoOp()))
	if err != nil {
		return fmt.Errorf("evaluating the catalogue: %w", err)
	}
	if len(rs) != 1 {
		return fmt.Errorf("evaluating the catalogue: %d results", len(rs))
	}
	n := len(rules)
	if rules == nil {
		n = len(scan)
	}
	denies, ok := rs[0].Bindings[denyVar].(*ast.Array)
	if !ok || denies.Len() != n {
		return errors.New("evaluating the catalogue: no result for the rules")
	}
	// store keeps the deny set at position j of the array: the rule at
	// index i of scan.
	store := func(j, i int) error {
		var ok bool
		t := denies.Elem(j).Value
		if s, ok := t.(ast.Set); ok && s.Len() == 0 {
			return nil
		}
		v, err := ast.JSON(t)
		if err != nil {
			return fmt.Errorf("evaluating the catalogue: %w", err)
		}
		if sets[i], ok = v.([]any); !ok {
			return fmt.Errorf("rule %s: deny must be a set of objects, got %T", scan[i].ID, v)
		}
		return nil
	}
	if rules == nil {
		for i := range scan {
			if err := store(i, i); err != nil {
				return err
			}
		}
		return nil
	}
	for j, i := range rules {
		if err := store(j, i); err != nil {
			return err
		}
	}
	return nil
}

// denyVar is the variable the catalogue's queries bind every deny set to,
// as one array: one binding in place of one per rule saves allocations in
// every evaluation.
const denyVar = "denies"

// keepTerms has an evaluation return its bindings as Rego values, not
// converted to Go: most deny sets of an inventory are empty, and converting
// the empty sets of every rule was a twentieth of what an evaluation
// allocates. evalInto converts the sets that hold something, as OPA would
// have.
func keepTerms(t *ast.Term, _ *rego.EvalContext) (any, error) { return t.Value, nil }

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
