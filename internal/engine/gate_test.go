package engine

import (
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestFamilyGates proves that a gated family is skipped only where none of its
// rules can fire: every deny rule of the family iterates, at the top of its
// body, over one of the family's collections (directly, or through a set rule
// of its package that does), so with those collections empty its body is
// false.
func TestFamilyGates(t *testing.T) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := parseModules(mods, Capabilities(), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range gatedFamilies() {
		n := 0
		for path, m := range parsed {
			if !spec.inFamily(path) {
				continue
			}
			n++
			denies := 0
			for _, r := range m.Rules {
				if r.Head.Name.String() != "deny" {
					continue
				}
				denies++
				if !iteratesOver(r.Body, m, spec.collections, 3) {
					t.Errorf("%s:%d: a deny rule of the %s family does not start from input.%s: the family cannot be skipped when those are empty",
						path, r.Location.Row, spec.name, strings.Join(spec.collections, " or input."))
				}
			}
			if denies == 0 {
				t.Errorf("%s: no deny rule", path)
			}
		}
		if n == 0 {
			t.Errorf("family %s: no module under %v", spec.name, spec.dirs)
		}
	}
}

// TestGateCheckCatchesRules: the proof above rejects a rule that can fire
// without the collection.
func TestGateCheckCatchesRules(t *testing.T) {
	m := ast.MustParseModuleWithOpts(`package x
helper contains a if some a in input.httpApis
loose contains a if some a in input.restApis
deny contains a if some a in helper
deny contains a if some a in loose
deny contains a if { some a in input.httpApis with input as {} }
deny contains a if { x := [a | some a in input.httpApis]; some a in x }
deny contains 1 if true
`, ast.ParserOptions{RegoVersion: ast.RegoV1})
	want := []bool{true, false, false, false, false}
	i := 0
	for _, r := range m.Rules {
		if r.Head.Name.String() != "deny" {
			continue
		}
		if got := iteratesOver(r.Body, m, []string{"httpApis"}, 3); got != want[i] {
			t.Errorf("deny rule %d (%s): gated = %v, want %v", i, r.Body, got, want[i])
		}
		i++
	}
}

// iteratesOver reports whether a top-level expression of body is
// "some … in input.C" for one of the collections, or "some … in s" for a
// set rule s of the module whose every definition does.
func iteratesOver(body ast.Body, m *ast.Module, collections []string, depth int) bool {
	for _, expr := range body {
		decl, ok := expr.Terms.(*ast.SomeDecl)
		if !ok || len(expr.With) > 0 {
			continue
		}
		for _, sym := range decl.Symbols {
			call, ok := sym.Value.(ast.Call)
			if !ok || len(call) < 3 || !isMember(call[0]) {
				continue
			}
			switch coll := call[len(call)-1].Value.(type) {
			case ast.Ref:
				if len(coll) == 2 && coll[0].Equal(ast.InputRootDocument) {
					for _, c := range collections {
						if coll[1].Equal(ast.StringTerm(c)) {
							return true
						}
					}
				}
			case ast.Var:
				if depth > 0 && helperIterates(string(coll), m, collections, depth-1) {
					return true
				}
			}
		}
	}
	return false
}

// isMember reports whether the operator is "in" (with or without a key).
func isMember(op *ast.Term) bool {
	return op.Equal(ast.RefTerm(ast.Member.Ref()...)) || op.Equal(ast.RefTerm(ast.MemberWithKey.Ref()...))
}

func helperIterates(name string, m *ast.Module, collections []string, depth int) bool {
	defs := 0
	for _, r := range m.Rules {
		if r.Head.Name.String() != name {
			continue
		}
		defs++
		if r.Default || len(r.Head.Args) > 0 || r.Else != nil || !iteratesOver(r.Body, m, collections, depth) {
			return false
		}
	}
	return defs > 0
}
