package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// TestInputMatchesJSON checks that the direct conversion gives exactly the
// value the JSON encoding of the inventory gives, over every fixture of the
// policies (every loader, every model field they fill).
func TestInputMatchesJSON(t *testing.T) {
	root := filepath.Join("..", "..", "policies", "testdata", "fixtures")
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasSuffix(d.Name(), "cdk.out") {
			paths = append(paths, filepath.Dir(p))
			return fs.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".json")) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res := scan.Files(context.Background(), scan.Options{Paths: paths, Loaders: registry.Files(registry.Options{})}, nil, true)
	if len(res.Loaded) < 100 {
		t.Fatalf("only %d inventories loaded from %d fixtures", len(res.Loaded), len(paths))
	}
	for _, ld := range res.Loaded {
		got, err := engine.Input(ld.Inventory)
		if err != nil {
			t.Fatal(err)
		}
		model.Normalize(ld.Inventory)
		want := viaJSON(t, ld.Inventory)
		if got.Compare(want) != 0 {
			t.Errorf("%s: direct conversion differs from JSON:\n got %v\nwant %v", ld.Source, got, want)
		}
	}
}

// TestInputNilCollectionsAreEmpty checks that a loader that forgets to
// normalize still gives rules [] rather than null.
func TestInputNilCollectionsAreEmpty(t *testing.T) {
	inv := &model.Inventory{RestAPIs: []model.RestAPI{{Object: model.Object{Ref: "api"}}}}
	got, err := engine.Input(inv)
	if err != nil {
		t.Fatal(err)
	}
	model.Normalize(inv)
	if want := viaJSON(t, inv); got.Compare(want) != 0 {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func viaJSON(t *testing.T, inv *model.Inventory) ast.Value {
	t.Helper()
	b, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ast.ValueFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestInputLargeInventory checks the paths a fixture does not reach: a method
// list long enough to be converted on several goroutines, a file name longer
// than the strings a conversion shares by default, locs and unknowns repeated
// within a method and across methods far apart (the memos forget old ones),
// and line numbers beyond OPA's interned integers.
func TestInputLargeInventory(t *testing.T) {
	// Several goroutines even on a one-core machine.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0))))
	tests := []struct {
		name    string
		methods int
	}{
		{"one method", 1},
		{"many methods", 9000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := generatedTemplate(tt.methods)
			got, err := engine.Input(inv)
			if err != nil {
				t.Fatal(err)
			}
			model.Normalize(inv)
			want := viaJSON(t, inv)
			if got.Compare(want) != 0 {
				t.Fatalf("direct conversion differs from JSON")
			}
			// Shared terms must not make evaluation see one value where
			// the model has two: every method keeps its own fields.
			methods, err := got.Find(ast.MustParseRef("x.restApis[0].methods")[1:])
			if err != nil {
				t.Fatal(err)
			}
			if n := methods.(*ast.Array).Len(); n != tt.methods {
				t.Fatalf("%d methods, want %d", n, tt.methods)
			}
		})
	}
}

// generatedTemplate is the model of a generated CloudFormation template with
// one REST API of n methods, each written as a template generator writes
// them (Get0, Get1, …), under a long file name.
func generatedTemplate(n int) *model.Inventory {
	file := "deeply/nested/project/folder/with/a/long/name/infrastructure/template.yaml"
	reason := model.Unknown{Reason: "pseudo parameter AWS::Region is known only at deployment", Expr: "!Sub x", NonEmpty: true}
	api := model.RestAPI{Object: model.Object{Ref: "Api", Loc: model.Loc{File: file, Line: 3, Column: 3, Pointer: "/Resources/Api"}}, Origin: model.KindCloudFormation}
	for i := range n {
		ref := fmt.Sprintf("Get%d", i)
		at := func(line int, p string) model.Loc {
			return model.Loc{File: file, Line: 10 + 12*i + line, Column: 7, Pointer: "/Resources/" + ref + p}
		}
		own := at(0, "")
		scopes := model.KnownStrings(at(8, "/Properties/AuthorizationScopes"), "api/read", "api/write")
		u := reason
		if i%1000 == 999 {
			u.Expr = ref // an unknown met once among the shared ones
		}
		api.Methods = append(api.Methods, model.Method{
			Object:              model.Object{Ref: ref, Loc: own, LogicalID: ref},
			Path:                model.Known(fmt.Sprintf("/r%d", i), at(4, "/Properties/ResourceId")),
			HTTPMethod:          model.Known("GET", at(5, "/Properties/HttpMethod")),
			AuthorizationType:   model.Known("COGNITO_USER_POOLS", at(6, "/Properties/AuthorizationType")),
			AuthDeclared:        i%2 == 0,
			Authorizer:          &model.Link{Target: "Authorizer", Loc: at(7, "/Properties/AuthorizerId")},
			AuthorizationScopes: scopes,
			APIKeyRequired:      model.KnownBool(false, own),
			Integration: &model.Integration{
				Type: new(model.Known("AWS_PROXY", at(10, "/Properties/Integration/Type"))),
				URI:  new(model.UnknownString(u, at(11, "/Properties/Integration/Uri"))),
				Loc:  at(9, "/Properties/Integration"),
			},
		})
	}
	return &model.Inventory{
		Sources:  []model.Source{{Kind: model.KindCloudFormation, File: file, Format: "yaml", Bytes: 1 << 40}},
		RestAPIs: []model.RestAPI{api},
		CDK:      &model.CDKApp{FeatureFlags: map[string]bool{"@aws-cdk/core:newStyleStackSynthesis": true, "off": false}},
	}
}
