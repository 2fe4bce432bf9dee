package engine

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestASTFile: ast.bin holds every embedded policy, and each reads back as
// exactly what the parser gives (rules, expressions, terms and every
// location); -update rewrites it.
func TestASTFile(t *testing.T) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fams := append(slices.Clone(e.families), e.token)
	var roots [][]string
	for _, f := range fams {
		roots = append(roots, f.roots)
	}
	lib := testLibrary(t)
	data, err := encodeFile(mods, roots, lib)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("ast.bin", data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(data, []byte(astFile)) {
		t.Fatal("ast.bin is stale (runs parse and compile the policies again): run bash .ci/generate")
	}
	st := astIndex(astFile)
	if st == nil {
		t.Fatal("ast.bin does not read")
	}
	if len(st.mods) != len(mods) {
		t.Errorf("ast.bin holds %d of the %d policies", len(st.mods), len(mods))
	}
	caps := Capabilities()
	for _, m := range mods {
		e, ok := st.mods[m.Path]
		if !ok {
			continue
		}
		if e.sum != sourceSum(m.Source) {
			t.Errorf("%s: stored for another source", m.Path)
			continue
		}
		got, err := decodeModule(m.Path, m.Source, e.body)
		if err != nil {
			t.Errorf("%s: %v", m.Path, err)
			continue
		}
		want, err := ast.ParseModuleWithOpts(m.Path, m.Source, ast.ParserOptions{RegoVersion: ast.RegoV1, Capabilities: caps})
		if err != nil {
			t.Fatal(err)
		}
		sameModule(t, m.Path, got, want)
	}
	// Each family reads back as compiling it gives it.
	for _, f := range fams {
		t.Run(f.name, func(t *testing.T) {
			got := lib.compileStored(f.roots)
			if got == nil {
				t.Fatal("not read from ast.bin")
			}
			want, err := lib.compileFresh(f.roots)
			if err != nil {
				t.Fatal(err)
			}
			sameModules(t, "read from ast.bin", got, want)
			for name, w := range want.Modules {
				if g := got.Modules[name]; g != nil {
					sameModule(t, name, g, w)
				}
			}
			if !maps.Equal(got.RewrittenVars, want.RewrittenVars) {
				t.Errorf("rewritten variables %v, want %v", got.RewrittenVars, want.RewrittenVars)
			}
		})
	}
}

// TestStaleASTFileIsIgnored: a family whose policy changed is compiled from
// the source.
func TestStaleASTFileIsIgnored(t *testing.T) {
	lib := testLibrary(t)
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	roots := e.families[0].roots
	if lib.compileStored(roots) == nil {
		t.Skip("ast.bin is stale (TestASTFile says so)")
	}
	for i, m := range lib.mods {
		if m.Path == "policies/lib/result.rego" {
			lib.mods[i].Source = m.Source + "\n# changed\n"
		}
	}
	lib2 := &library{mods: lib.mods, pkgs: lib.pkgs}
	if lib2.compileStored(roots) != nil {
		t.Fatal("a stored family used although one of its policies changed")
	}
	if lib2.compileStored(append(slices.Clone(roots), "authlint.rules.other")) != nil {
		t.Fatal("a stored family used for other rules")
	}
}

// sameModule compares two modules node by node, locations included; the
// comments, which nothing compiled reads, are left out.
func sameModule(t *testing.T, path string, got, want *ast.Module) {
	t.Helper()
	want.Comments = nil
	if !got.Equal(want) {
		t.Errorf("%s: reads back as\n%v\nwant\n%v", path, got, want)
		return
	}
	if got.RegoVersionSpan() != want.RegoVersionSpan() {
		t.Errorf("%s: rego version %v, want %v", path, got.RegoVersionSpan(), want.RegoVersionSpan())
	}
	g, w := nodes(got), nodes(want)
	if len(g) != len(w) {
		t.Errorf("%s: %d nodes, want %d", path, len(g), len(w))
		return
	}
	for i := range g {
		if g[i] != w[i] {
			t.Errorf("%s: node %d reads back as\n  %s\nwant\n  %s", path, i, g[i], w[i])
			return
		}
	}
	for i, r := range got.Rules {
		if r.Module != got {
			t.Errorf("%s: rule %d does not point to its module", path, i)
		}
	}
}

// nodes describes every node of a module in walk order: its type, value
// where it has one, and location.
func nodes(m *ast.Module) []string {
	var out []string
	ast.NewGenericVisitor(func(x any) bool {
		desc := fmt.Sprintf("%T", x)
		switch v := x.(type) {
		case *ast.Term:
			desc += fmt.Sprintf(" %T %v", v.Value, v.Value)
		case *ast.Expr:
			desc += fmt.Sprintf(" index=%d generated=%v negated=%v with=%d", v.Index, v.Generated, v.Negated, len(v.With))
		case *ast.Rule:
			desc += fmt.Sprintf(" default=%v else=%v body=%v", v.Default, v.Else != nil, v.Body != nil)
		case *ast.Head:
			desc += fmt.Sprintf(" name=%q assign=%v ref=%v args=%v", v.Name, v.Assign, v.Reference != nil, v.Args != nil)
		case *ast.Import:
			desc += " " + describeLoc(v.AliasLocation)
		}
		if n, ok := x.(ast.Node); ok {
			desc += " " + describeLoc(n.Loc())
		}
		out = append(out, desc)
		return false
	}).Walk(m)
	return out
}

func describeLoc(l *ast.Location) string {
	if l == nil {
		return "<no location>"
	}
	return fmt.Sprintf("%s:%d:%d@%d %q tabs=%v/%v", l.File, l.Row, l.Col, l.Offset, l.Text, l.Tabs, l.Tabs != nil)
}

// TestASTFileCorrupt: a damaged entry is an error, never a panic or a wrong
// module.
func TestASTFileCorrupt(t *testing.T) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	idx := astIndex(astFile).mods
	m := mods[slices.IndexFunc(mods, func(m Module) bool { _, ok := idx[m.Path]; return ok })]
	body := idx[m.Path].body
	for _, cut := range []int{0, 1, len(body) / 3, len(body) / 2, len(body) - 1} {
		if _, err := decodeModule(m.Path, m.Source, body[:cut]); err == nil {
			t.Errorf("%s cut at %d: no error", m.Path, cut)
		}
	}
	if _, err := decodeModule(m.Path, m.Source[:10], body); err == nil {
		t.Errorf("%s with a shorter source: no error", m.Path)
	}
	if astIndex("not the file") != nil {
		t.Error("a file without the header is read")
	}
}

// FuzzDecodeModule: any bytes give a module or an error, never a panic.
func FuzzDecodeModule(f *testing.F) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		f.Fatal(err)
	}
	idx := astIndex(astFile).mods
	for _, m := range mods[:min(5, len(mods))] {
		if e, ok := idx[m.Path]; ok {
			f.Add(e.body, m.Source)
		}
	}
	f.Fuzz(func(t *testing.T, body, src string) {
		m, err := decodeModule("fuzz.rego", src, body)
		if (m == nil) == (err == nil) {
			t.Fatalf("module %v and error %v", m, err)
		}
	})
}
