package explain_test

import (
	"errors"
	"testing"

	"github.com/authlint/authlint/internal/explain"
	"github.com/authlint/authlint/internal/model"
)

func inventoryWith(name string, routes ...string) *model.Inventory {
	api := model.RestAPI{Object: model.Object{Ref: "api/" + name}}
	n := model.Known(name, model.Loc{})
	api.Name = &n
	for _, r := range routes {
		route, err := explain.ParseRoute(r)
		if err != nil {
			// ANY is not a request verb, but a method verb.
			route = explain.Route{Verb: "ANY", Path: r[4:]}
		}
		api.Methods = append(api.Methods, model.Method{
			Object:     model.Object{Ref: "api/" + name + "/" + r},
			Path:       model.Known(route.Path, model.Loc{}),
			HTTPMethod: model.Known(route.Verb, model.Loc{}),
		})
	}
	return &model.Inventory{RestAPIs: []model.RestAPI{api}}
}

func TestFindMethod(t *testing.T) {
	inv := inventoryWith("pets", "GET /pets", "GET /pets/{id}", "GET /pets/mine", "ANY /pets/{id}", "ANY /{proxy+}", "POST /a/{b}/c")
	srcs := []explain.Source{{Name: "api.yaml", Inventory: inv}}
	tests := []struct{ route, stage, want string }{
		{"GET /pets", "", "GET /pets"},
		{"GET /pets/", "", "GET /pets"},
		{"GET /pets/42", "", "GET /pets/{id}"},
		{"GET /pets/mine", "", "GET /pets/mine"},
		{"DELETE /pets/42", "", "ANY /pets/{id}"},
		{"GET /other/thing", "", "ANY /{proxy+}"},
		{"POST /a/1/c?x=1", "", "POST /a/{b}/c"},
		{"PUT /a/1/c", "", "ANY /{proxy+}"},
		{"GET /prod/pets/mine", "prod", "GET /pets/mine"},
	}
	for _, tt := range tests {
		t.Run(tt.route, func(t *testing.T) {
			route, err := explain.ParseRoute(tt.route)
			if err != nil {
				t.Fatal(err)
			}
			m, err := explain.FindMethod(srcs, route, "", tt.stage)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := m.Method.HTTPMethod.Get()
			p, _ := m.Method.Path.Get()
			if got+" "+p != tt.want {
				t.Errorf("reached %s %s, want %s", got, p, tt.want)
			}
		})
	}
}

func TestFindMethodErrors(t *testing.T) {
	a := []explain.Source{{Name: "a.yaml", Inventory: inventoryWith("pets", "GET /pets")}, {Name: "b.yaml", Inventory: inventoryWith("shop", "GET /pets")}}
	route := explain.Route{Verb: "GET", Path: "/pets"}
	_, err := explain.FindMethod(a, route, "", "")
	if _, ok := errors.AsType[*explain.AmbiguousError](err); !ok {
		t.Fatalf("want an ambiguity, got %v", err)
	}
	m, err := explain.FindMethod(a, route, "shop", "")
	if err != nil || m.Source != "b.yaml" {
		t.Fatalf("--api shop: %v %v", m, err)
	}
	_, err = explain.FindMethod(a, explain.Route{Verb: "GET", Path: "/nope"}, "", "")
	if _, ok := errors.AsType[*explain.NoMethodError](err); !ok {
		t.Fatalf("want no method, got %v", err)
	}
	for _, bad := range []string{"GET", "GET pets", "FETCH /x", "GET /a /b"} {
		if _, err := explain.ParseRoute(bad); err == nil {
			t.Errorf("ParseRoute(%q) accepted", bad)
		}
	}
}
