package place

import (
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

func TestLive(t *testing.T) {
	const src = "live:123456789012/us-east-1"
	api := func(kind, name, stage, method string) finding.Resource {
		return finding.Resource{Kind: kind, Name: name, Stage: stage, Method: method, APIID: "a1b2c3d4e5", API: "pets",
			ARN: "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/x"}
	}
	for _, tc := range []struct {
		name   string
		f      finding.Finding
		want   string
		wantOK bool
	}{
		{"stage", finding.Finding{Source: src, Resource: api("stage", "prod", "prod", "")}, src + " restapis/a1b2c3d4e5 stage prod", true},
		{"method", finding.Finding{Source: src, Resource: api("method", "DELETE /pets/{id}", "", "DELETE /pets/{id}")}, src + " restapis/a1b2c3d4e5 DELETE /pets/{id}", true},
		{"deployed method", finding.Finding{Source: src, Resource: api("method", "GET /pets", "prod", "GET /pets")}, src + " restapis/a1b2c3d4e5 stage prod GET /pets", true},
		{"method without Method", finding.Finding{Source: src, Resource: api("method", "POST /orders", "", "")}, src + " restapis/a1b2c3d4e5 POST /orders", true},
		{"api", finding.Finding{Source: src, Resource: api("restApi", "pets", "", "")}, src + " restapis/a1b2c3d4e5", true},
		{"authorizer", finding.Finding{Source: src, Resource: api("authorizer", "NoPool", "", "")}, src + " restapis/a1b2c3d4e5 authorizer NoPool", true},
		{"gateway response", finding.Finding{Source: src, Resource: api("gatewayResponse", "UNAUTHORIZED", "", "")}, src + " restapis/a1b2c3d4e5 gateway response UNAUTHORIZED", true},
		{"other kind", finding.Finding{Source: src, Resource: api("widget", "w", "", "")}, src + " restapis/a1b2c3d4e5 widget w", true},
		{"HTTP API route", finding.Finding{Source: src, Resource: finding.Resource{Kind: "route", Name: "GET /orders", Method: "GET /orders", APIID: "q1w2e3r4t5",
			ARN: "arn:aws:apigateway:us-east-1::/apis/q1w2e3r4t5/routes/rt1"}}, src + " apis/q1w2e3r4t5 GET /orders", true},
		{"HTTP API authorizer", finding.Finding{Source: src, Resource: finding.Resource{Kind: "authorizer", Name: "cognito", APIID: "q1w2e3r4t5",
			ARN: "arn:aws:apigateway:us-east-1::/apis/q1w2e3r4t5/authorizers/jw1"}}, src + " apis/q1w2e3r4t5 authorizer cognito", true},
		{"HTTP API", finding.Finding{Source: src, Resource: finding.Resource{Kind: "httpApi", Name: "orders", APIID: "q1w2e3r4t5",
			ARN: "arn:aws:apigateway:us-east-1::/apis/q1w2e3r4t5"}}, src + " apis/q1w2e3r4t5", true},
		{"app client", finding.Finding{Source: src, Resource: finding.Resource{Kind: "appClient", Name: "web",
			ARN: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AAAAAAAAA/client/1example"}}, src + " userpool/us-east-1_AAAAAAAAA/client/1example", true},
		{"ref only", finding.Finding{Source: src, Resource: finding.Resource{Kind: "unknown", Ref: "x/y"}}, src + " x/y", true},
		{"bad ARN", finding.Finding{Source: src, Resource: finding.Resource{Kind: "unknown", ARN: "arn:short", Ref: "r"}}, src + " r", true},
		{"nothing but the input", finding.Finding{Source: src}, src, true},
		{"file", finding.Finding{Source: src, Location: finding.Location{File: "model.json"}}, "", false},
		{"not live", finding.Finding{Source: "api.yaml", Resource: api("stage", "prod", "prod", "")}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Live(&tc.f)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Live = %q, %t; want %q, %t", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}
