package openapi_test

import (
	"slices"
	"testing"
)

// TestSuppressions: the shapes an x-authlint-ignore entry may take, on each
// kind of object, and what an unreadable entry becomes.
func TestSuppressions(t *testing.T) {
	doc := `openapi: 3.0.0
info: {title: t, version: '1'}
x-authlint-ignore: AZ009
paths:
  /a:
    x-authlint-ignore:
      id: AZ010
      reason: public
    get:
      x-authlint-ignore:
        - CR001
        - {ids: [SC001, SC002], reason: legacy clients, expires: 2027-01-31}
        - {ids: [SC001, 7], reason: half readable}
        - [nested]
        - {reason: no id}
      responses: {'200': {description: ok}}
    post:
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    Pool:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-authlint-ignore: [{id: AZ001, reason: pool attached after import}]
`
	invs, err := load(t, "ignore.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		target, ids, reason, expires string
		line                         int
	}
	wants := []want{
		{"api", "AZ009", "", "", 3},
		{"api/authorizer/Pool", "AZ001", "pool attached after import", "", 26},
		{"api/method/GET /a", "CR001", "", "", 11},
		{"api/method/GET /a", "SC001,SC002", "legacy clients", "2027-01-31", 12},
		{"api/method/GET /a", "", "half readable", "", 13},
		{"api/method/GET /a", "", "", "", 14},
		{"api/method/GET /a", "", "no id", "", 15},
		{"api/method/GET /a", "AZ010", "public", "", 6},
		{"api/method/POST /a", "AZ010", "public", "", 6},
	}
	got := invs[0].Suppressions
	if len(got) != len(wants) {
		for _, s := range got {
			t.Logf("%+v", s)
		}
		t.Fatalf("%d suppressions, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		s := got[i]
		ids := ""
		for j, id := range s.RuleIDs {
			if j > 0 {
				ids += ","
			}
			ids += id
		}
		if s.Target != w.target || ids != w.ids || s.Reason != w.reason || s.Expires != w.expires || s.Loc.Line != w.line || s.Loc.File != "ignore.yaml" {
			t.Errorf("suppression %d = {target %q ids %q reason %q expires %q line %d}, want %+v", i, s.Target, ids, s.Reason, s.Expires, s.Loc.Line, w)
		}
		if s.RuleIDs == nil || slices.Contains(s.RuleIDs, "") {
			t.Errorf("suppression %d: rule ids %#v must be a list without empty ids", i, s.RuleIDs)
		}
	}
}
