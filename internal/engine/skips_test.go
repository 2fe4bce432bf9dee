package engine

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestTrustedSkipsChangeNothing compiles every family of the embedded
// catalogue as a scan does (skipping trustedSkips) and with every stage: the
// rules must come out the same, expression for expression, so skipping the
// stages changes what is evaluated in nothing. A policy that needs one of
// them (a body out of order, a print call) fails here.
func TestTrustedSkipsChangeNothing(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lib := testLibrary(t)
	caps := Capabilities()
	for _, f := range append(e.families, e.token) {
		t.Run(f.name, func(t *testing.T) {
			if len(f.roots) == 0 {
				t.Fatal("family without rules")
			}
			compileWith := func(skips ...ast.StageID) *ast.Compiler {
				t.Helper()
				parsed, err := lib.parse(f.roots, caps)
				if err != nil {
					t.Fatal(err)
				}
				c, err := compileParsed(parsed, caps, false, skips...)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			sameModules(t, "compiled with the skipped stages", compileWith(trustedSkips...), compileWith())
		})
	}
}

// sameModules fails t unless got holds the modules want holds, each equal
// and printing the same; how says how got was made.
func sameModules(t *testing.T, how string, got, want *ast.Compiler) {
	t.Helper()
	if len(got.Modules) != len(want.Modules) {
		t.Fatalf("%s: %d modules, want %d", how, len(got.Modules), len(want.Modules))
	}
	for name, w := range want.Modules {
		g := got.Modules[name]
		if g == nil {
			t.Errorf("%s: %s missing", how, name)
			continue
		}
		if !g.Equal(w) || g.String() != w.String() {
			t.Errorf("%s: %s differs:\n%s\nwant\n%s", how, name, g, w)
		}
	}
}

// testLibrary is the embedded catalogue as New indexes it.
func testLibrary(t *testing.T) *library {
	t.Helper()
	mods, err := EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	hs, ok := cachedHeads(mods)
	if !ok {
		if hs, err = parseHeads(mods); err != nil {
			t.Fatal(err)
		}
	}
	lib := &library{mods: mods, pkgs: make([]string, len(mods))}
	for i, m := range mods {
		lib.pkgs[i] = hs.Packages[m.Path]
	}
	return lib
}

// TestWarmedFamilies: Warm compiles the REST API rules (which most inputs
// need) and no other gated family.
func TestWarmedFamilies(t *testing.T) {
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var warmed []string
	for _, f := range e.families {
		if f.likely || len(f.collections) == 0 {
			warmed = append(warmed, f.name)
		}
	}
	if len(warmed) != 1 || warmed[0] != "REST API" {
		t.Errorf("Warm compiles %v, want the REST API rules", warmed)
	}
}
