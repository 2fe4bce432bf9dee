package policies_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/authlint/authlint/internal/model"
)

// httpInventory builds an HTTP API of n routes over four JWT authorizers of
// one complete user pool: some routes without scopes (HT009), some with a
// short-form scope (HT010), so the HT rules have work on every route.
func httpInventory(n int) *model.Inventory {
	loc := model.Loc{File: "api.yaml", Line: 1}
	known := func(v string) *model.String { s := model.Known(v, loc); return &s }
	inv := &model.Inventory{SchemaVersion: model.SchemaVersion, Sources: []model.Source{{Kind: model.KindCloudFormation, File: "api.yaml"}}}
	inv.UserPools = []model.UserPool{{Object: model.Object{Ref: "Pool", Loc: loc}, ID: known("us-east-1_AbC123"), Name: known("users"), Complete: true}}
	rs := model.ResourceServer{Object: model.Object{Ref: "Api", Loc: loc}, UserPool: model.Link{Target: "Pool"}, Identifier: model.Known("api", loc)}
	for i := range 10 {
		rs.Scopes = append(rs.Scopes, model.Known(fmt.Sprintf("r%d", i), loc))
	}
	inv.ResourceServers = []model.ResourceServer{rs}
	api := model.HTTPAPI{Object: model.Object{Ref: "Api1", Loc: loc}, Origin: model.KindCloudFormation, Name: known("bench"),
		Stages: []model.HTTPStage{{Object: model.Object{Ref: "Stage", Loc: loc}, Name: known("$default"), AutoDeploy: new(model.KnownBool(true, loc))}}}
	for i := range 4 {
		ref := fmt.Sprintf("Client%d", i)
		inv.AppClients = append(inv.AppClients, model.AppClient{
			Object: model.Object{Ref: ref, Loc: loc}, UserPool: model.Link{Target: "Pool"}, Name: known(ref),
			AllowedOAuthFlowsUserPoolClient: new(model.KnownBool(true, loc)),
			AllowedOAuthFlows:               new(model.KnownStrings(loc, "code")),
			AllowedOAuthScopes:              new(model.KnownStrings(loc, "openid", fmt.Sprintf("api/r%d", i))),
		})
		api.Authorizers = append(api.Authorizers, model.HTTPAuthorizer{
			Object: model.Object{Ref: fmt.Sprintf("Auth%d", i), Loc: loc}, Name: known(fmt.Sprintf("auth%d", i)), Type: model.Known("JWT", loc),
			Issuer:         known("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"),
			IssuerUserPool: &model.Link{Target: "Pool", Loc: loc},
			Audience:       &model.Audience{Items: []model.AudienceEntry{{Value: model.Known(ref, loc), AppClient: &model.Link{Target: ref}, Loc: loc}}, Loc: loc},
			IdentitySource: new(model.KnownStrings(loc, "$request.header.Authorization")),
		})
	}
	for i := range n {
		var scopes model.Strings
		switch i % 3 {
		case 0:
			scopes = model.KnownStrings(loc)
		case 1:
			scopes = model.KnownStrings(loc, fmt.Sprintf("api/r%d", i%4))
		default:
			scopes = model.KnownStrings(loc, "read")
		}
		api.Routes = append(api.Routes, model.Route{
			Object: model.Object{Ref: fmt.Sprintf("Route%d", i), Loc: loc}, RouteKey: model.Known(fmt.Sprintf("GET /r%d", i), loc),
			AuthorizationType: model.Known("JWT", loc), AuthDeclared: true,
			Authorizer: &model.Link{Target: fmt.Sprintf("Auth%d", i%4)}, AuthorizationScopes: scopes,
		})
	}
	inv.HTTPAPIs = []model.HTTPAPI{api}
	model.Normalize(inv)
	return inv
}

// BenchmarkEvaluateHTTPAPIGrowth evaluates the whole catalogue on HTTP APIs
// of N routes: linear cost makes t(16,000)/t(1,000) 16.
func BenchmarkEvaluateHTTPAPIGrowth(b *testing.B) {
	eng := testEngine(b)
	ctx := context.Background()
	run := func(b *testing.B, n int) {
		b.Helper()
		inv := httpInventory(n)
		measureCPU(b, func() {
			for b.Loop() {
				if _, errs := eng.Evaluate(ctx, inv, "api.yaml"); len(errs) > 0 {
					b.Fatal(errs)
				}
			}
		})
	}
	b.Run("warmup", func(b *testing.B) { run(b, evalGrowthSizes[0]) })
	for _, n := range evalGrowthSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { run(b, n) })
	}
}

// TestHTTPInventoryFindings keeps the benchmark honest: its inventory makes
// the HT rules fire on the routes it means them to.
func TestHTTPInventoryFindings(t *testing.T) {
	fs, errs := testEngine(t).Evaluate(context.Background(), httpInventory(30), "api.yaml")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	count := map[string]int{}
	for _, f := range fs {
		count[f.RuleID]++
	}
	if count["HT009"] != 10 || count["HT010"] != 10 {
		t.Errorf("HT009 = %d, HT010 = %d, want 10 each (all: %v)", count["HT009"], count["HT010"], count)
	}
}
