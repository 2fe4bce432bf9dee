package engine

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite heads.bin and ast.bin")

// TestHeadsFile: heads.bin holds what parsing the heads of the embedded
// policies gives; -update rewrites it.
func TestHeadsFile(t *testing.T) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseHeads(mods)
	if err != nil {
		t.Fatal(err)
	}
	data := encodeHeads(want)
	if *update {
		if err := os.WriteFile("heads.bin", data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(data, []byte(headsFile)) {
		t.Fatal("heads.bin is stale (runs parse the METADATA again): run bash .ci/generate")
	}
	got, ok := cachedHeads(mods)
	if !ok {
		t.Fatal("heads.bin is not used")
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("heads.bin reads back as\n%+v\nwant\n%+v", got, want)
	}
	for cut := range len(headsFile) / 1000 {
		if _, err := decodeHeads(headsFile[:cut*1000]); err == nil {
			t.Fatalf("heads.bin cut at %d reads", cut*1000)
		}
	}
}

// TestStaleHeadsFileIsIgnored: a policy whose METADATA changed is read again.
func TestStaleHeadsFileIsIgnored(t *testing.T) {
	mods, err := EmbeddedModules(false)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cachedHeads(mods); !ok {
		t.Skip("heads.bin is stale (TestHeadsFile says so)")
	}
	for i, m := range mods {
		if m.Path == "policies/rules/authorizer/az001_cognito_authorizer_without_user_pool.rego" {
			mods[i].Source = "# METADATA\n# title: changed\n" + m.Source[len("# METADATA\n"):]
		}
	}
	if _, ok := cachedHeads(mods); ok {
		t.Fatal("heads.bin used for a policy whose METADATA changed")
	}
	if _, ok := cachedHeads(mods[1:]); ok {
		t.Fatal("heads.bin used without one of the policies")
	}
}

func TestModuleHead(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"# METADATA\n# title: x\npackage a.b\n\nx := 1\n", "# METADATA\n# title: x\npackage a.b"},
		{"package a.b # the package\nx := 1", "package a.b "},
		{"# packages\npackaged := 1\npackage\ta\n", "# packages\npackaged := 1\npackage\ta"},
		{"package a", "package a"},
		{"x := 1\n", "x := 1\n"},
	} {
		if got := moduleHead(tc.src); got != tc.want {
			t.Errorf("moduleHead(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
}
