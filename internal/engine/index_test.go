package engine

import (
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// TestIndexHTTPAPIs: findings about an HTTP API and its parts name the API,
// its id, account and region; a route is named by its route key.
func TestIndexHTTPAPIs(t *testing.T) {
	s := func(v string) *model.String { x := model.Known(v, model.Loc{}); return &x }
	arn := "arn:aws:apigateway:us-east-1::/apis/q1w2e3r4t5"
	inv := &model.Inventory{HTTPAPIs: []model.HTTPAPI{{
		Object: model.Object{Ref: "q1w2e3r4t5", Loc: model.Loc{Resource: arn}}, ID: s("q1w2e3r4t5"), Name: s("orders"),
		Account: "111111111111", Region: "us-east-1",
		Routes:      []model.Route{{Object: model.Object{Ref: "q1w2e3r4t5/route/GET /orders"}, RouteKey: model.Known("GET /orders", model.Loc{})}},
		Authorizers: []model.HTTPAuthorizer{{Object: model.Object{Ref: "q1w2e3r4t5/authorizer/jw1", Loc: model.Loc{Resource: arn + "/authorizers/jw1"}}, Name: s("cognito")}},
		Stages:      []model.HTTPStage{{Object: model.Object{Ref: "q1w2e3r4t5/stage/$default"}, Name: s("$default")}},
		Deployments: []model.Deployment{{Object: model.Object{Ref: "q1w2e3r4t5/deployment/d1"}, ID: s("d1")}},
	}}}
	x := newIndex(inv)
	for ref, want := range map[string]finding.Resource{
		"q1w2e3r4t5":                   {Kind: "httpApi", Name: "orders", ARN: arn},
		"q1w2e3r4t5/route/GET /orders": {Kind: "route", Name: "GET /orders", Method: "GET /orders"},
		"q1w2e3r4t5/authorizer/jw1":    {Kind: "authorizer", Name: "cognito", ARN: arn + "/authorizers/jw1"},
		"q1w2e3r4t5/stage/$default":    {Kind: "stage", Name: "$default", Stage: "$default"},
		"q1w2e3r4t5/deployment/d1":     {Kind: "deployment", Name: "d1"},
	} {
		got, _ := x.lookup(ref)
		want.Ref, want.API, want.APIID, want.Account, want.Region = ref, "orders", "q1w2e3r4t5", "111111111111", "us-east-1"
		if got != want {
			t.Errorf("%s:\n got %+v\nwant %+v", ref, got, want)
		}
	}
}
