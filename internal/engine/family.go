package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/authlint/authlint/internal/finding"
)

// familySpec names a part of the embedded catalogue that is compiled on its
// own, and only for inputs that hold one of its collections: compiling is most
// of what a scan of one file costs, and a REST API template has no HTTP API
// and no Postman request.
type familySpec struct {
	name string
	// dirs hold the family's rules (embedded paths).
	dirs []string
	// collections are the inventory collections (input fields) every deny
	// rule of the family iterates over at the top of its body: when all are
	// empty, no rule of the family can fire (TestFamilyGates proves it).
	collections []string
	// likely families are needed by most inputs (every source but Postman and
	// some Terraform can declare REST APIs): Warm compiles them before the
	// first input asks.
	likely bool
}

// gatedFamilies returns the families skipped for inputs that lack their
// collections. Scan rules in none of them form the core family, always
// evaluated; the token rules form their own, compiled for explain only.
func gatedFamilies() []familySpec {
	return []familySpec{
		{
			name:        "REST API",
			dirs:        []string{"policies/rules/authorizer/", "policies/rules/cors/", "policies/rules/deployment/", "policies/rules/gateway/", "policies/rules/scopes/"},
			collections: []string{"restApis"},
			likely:      true,
		},
		{name: "user pool", dirs: []string{"policies/rules/userpool/"}, collections: []string{"appClients"}},
		{name: "HTTP API", dirs: []string{"policies/rules/httpapi/"}, collections: []string{"httpApis"}},
		{name: "Postman", dirs: []string{"policies/rules/postman/"}, collections: []string{"tokenRequests", "apiRequests", "committedTokens"}},
	}
}

// inFamily reports whether an embedded file belongs to the family.
func (s familySpec) inFamily(file string) bool {
	return slices.ContainsFunc(s.dirs, func(d string) bool { return strings.HasPrefix(file, d) })
}

// family is a set of rules compiled together, the first time an input needs
// them. It is safe for concurrent use.
type family struct {
	name        string
	collections []string
	likely      bool
	// scan rules are evaluated over inventories, token rules over token
	// cases; both sorted by id.
	scan, tokens []finding.Rule
	// roots are the packages of its rules, compiled with what they reach.
	roots []string
	// build compiles the family; it runs once.
	build func() (*ast.Compiler, error)

	once sync.Once
	prog *program
	err  error
}

// needed reports whether the input (an inventory converted for Rego) holds
// one of the family's collections; a family without collections is always
// needed.
func (f *family) needed(input ast.Value) bool {
	if len(f.collections) == 0 {
		return true
	}
	obj, ok := input.(ast.Object)
	if !ok {
		return true
	}
	for _, name := range f.collections {
		v := obj.Get(ast.InternedTerm(name))
		if v == nil {
			continue
		}
		if arr, ok := v.Value.(*ast.Array); !ok || arr.Len() > 0 {
			return true
		}
	}
	return false
}

// program compiles and prepares the family once.
func (f *family) program(ctx context.Context) (*program, error) {
	f.once.Do(func() {
		// The first caller's deadline must not decide for the later ones.
		ctx := context.WithoutCancel(ctx)
		c, err := f.build()
		if err != nil {
			f.err = fmt.Errorf("compiling the %s rules: %w", f.name, err)
			return
		}
		f.prog, f.err = prepare(ctx, c, f.scan, f.tokens)
	})
	return f.prog, f.err
}

// Warm starts compiling, in the background, the rule families most inputs
// need (the core family and the REST API rules), so that a scan compiles them
// while it reads and loads its first input instead of after: compiling is
// most of what a scan of one file costs. An input that needs a family still
// being compiled waits for it; one that needs none of them never does. The
// compile runs to its end even when ctx is cancelled, as it would for an
// input. An engine with user policies is compiled already: Warm does nothing.
func (e *Engine) Warm(ctx context.Context) {
	for _, f := range e.families {
		if f.likely || len(f.collections) == 0 {
			go f.program(ctx) //nolint:errcheck // the error reaches the input that needs the family
		}
	}
}

// programs compiles the families an input needs side by side (a compile
// runs on one core), as the first input of a run waits for all of them.
func programs(ctx context.Context, fams []*family) ([]*program, []error) {
	progs, errs := make([]*program, len(fams)), make([]error, len(fams))
	if len(fams) == 1 {
		progs[0], errs[0] = fams[0].program(ctx)
		return progs, errs
	}
	var wg sync.WaitGroup
	for i, f := range fams {
		wg.Go(func() { progs[i], errs[i] = f.program(ctx) })
	}
	wg.Wait()
	return progs, errs
}

// program is a compiled family: one query over all its scan rules, one per
// token rule, and one per scan rule prepared when needed.
type program struct {
	compiler *ast.Compiler
	scan     []finding.Rule
	// all evaluates every rule in one query: one evaluation per inventory
	// costs half as much as one per rule. queries, one per rule, isolate a rule
	// that fails so the others still report; they are prepared the first time
	// one is needed, as most runs never need them.
	all     rego.PreparedEvalQuery
	once    sync.Once
	queries []preparedRule
	qerr    error
	tokens  []preparedToken
	// halves split the scan rules in two queries (every other rule), for
	// evaluating a large inventory on two cores; prepared when first needed.
	halfOnce sync.Once
	halves   [2]half
	herr     error
}

// half is one of the two queries a large inventory is evaluated with: rules
// are the indexes in scan of the rules it binds.
type half struct {
	query rego.PreparedEvalQuery
	rules []int
}

func prepare(ctx context.Context, c *ast.Compiler, scan, tokens []finding.Rule) (*program, error) {
	p := &program{compiler: c, scan: scan}
	var err error
	if p.tokens, err = prepareTokens(ctx, c, tokens); err != nil {
		return nil, err
	}
	if len(scan) == 0 {
		return p, nil
	}
	all := make([]int, len(scan))
	for i := range all {
		all[i] = i
	}
	if p.all, err = p.prepareQuery(ctx, all); err != nil {
		return nil, err
	}
	return p, nil
}

// prepareQuery prepares one query binding the deny sets of the scan rules at
// the given indexes to denyVar, as one array in the order of rules.
func (p *program) prepareQuery(ctx context.Context, rules []int) (rego.PreparedEvalQuery, error) {
	refs := make([]string, 0, len(rules))
	for _, i := range rules {
		refs = append(refs, "data."+p.scan[i].Package+".deny")
	}
	pq, err := rego.New(
		rego.Compiler(p.compiler),
		rego.Query(denyVar+" := ["+strings.Join(refs, ", ")+"]"),
		rego.Capabilities(Capabilities()),
	).PrepareForEval(ctx)
	if err != nil {
		return pq, fmt.Errorf("preparing the catalogue: %w", err)
	}
	return pq, nil
}

// splitQueries prepares the two half queries, once.
func (p *program) splitQueries(ctx context.Context) ([2]half, error) {
	p.halfOnce.Do(func() {
		ctx := context.WithoutCancel(ctx)
		for i := range p.scan {
			p.halves[i%2].rules = append(p.halves[i%2].rules, i)
		}
		for h := range p.halves {
			if p.halves[h].query, p.herr = p.prepareQuery(ctx, p.halves[h].rules); p.herr != nil {
				return
			}
		}
	})
	return p.halves, p.herr
}

// ruleQueries prepares one query per scan rule, once.
func (p *program) ruleQueries(ctx context.Context) ([]preparedRule, error) {
	p.once.Do(func() {
		ctx := context.WithoutCancel(ctx)
		caps := Capabilities()
		for _, r := range p.scan {
			pq, err := rego.New(
				rego.Compiler(p.compiler),
				rego.Query("data."+r.Package+".deny"),
				rego.Capabilities(caps),
			).PrepareForEval(ctx)
			if err != nil {
				p.qerr = fmt.Errorf("preparing rule %s: %w", r.ID, err)
				return
			}
			p.queries = append(p.queries, preparedRule{rule: r, query: pq})
		}
	})
	return p.queries, p.qerr
}

// splitFamilies sorts the embedded catalogue into the core family, the gated
// families and the token family, each compiled from its rule modules and the
// embedded packages they reach.
func splitFamilies(rules []finding.Rule, lib *library) (scan []*family, token *family) {
	specs := gatedFamilies()
	core := &family{name: "core"}
	gated := make([]*family, len(specs))
	for i, s := range specs {
		gated[i] = &family{name: s.name, collections: s.collections, likely: s.likely}
	}
	token = &family{name: "token"}
	for _, r := range rules {
		switch i := slices.IndexFunc(specs, func(s familySpec) bool { return s.inFamily(r.File) }); {
		case r.IsToken():
			token.tokens = append(token.tokens, r)
		case i >= 0:
			gated[i].scan = append(gated[i].scan, r)
		default:
			core.scan = append(core.scan, r)
		}
	}
	for _, f := range append([]*family{core, token}, gated...) {
		roots := make([]string, 0, len(f.scan)+len(f.tokens))
		for _, r := range append(slices.Clone(f.scan), f.tokens...) {
			roots = append(roots, r.Package)
		}
		f.roots = roots
		f.build = func() (*ast.Compiler, error) { return lib.compile(roots) }
	}
	for _, f := range append([]*family{core}, gated...) {
		if len(f.scan) > 0 {
			scan = append(scan, f)
		}
	}
	return scan, token
}
