package authlint.rules.token_placement_test

import data.authlint.rules.token_placement as rule

tr(extra) := object.union(
	{
		"ref": "tokenRequest:/auth",
		"collection": "pets",
		"scope": "request",
		"item": "GET pets",
		"authType": "oauth2",
		"grantType": {"value": "authorization_code"},
		"tokenUrl": {"value": "https://pets.auth.us-east-1.amazoncognito.com/oauth2/token"},
	},
	extra,
)

at(v) := {"value": v, "loc": {"file": "c.json", "line": 20}}

deny(t) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": []}
}

test_query_params_fail if {
	findings := deny(tr({"addTokenTo": at("queryParams")}))
	count(findings) == 1
	some f in findings
	f.loc.line == 20
	contains(f.msg, "?access_token=")
}

test_odd_prefix_fails if {
	some f in deny(tr({"headerPrefix": at("JWT")}))
	contains(f.msg, `"Authorization: JWT <token>"`)
}

test_header_bearer_or_empty_pass if {
	count(deny(tr({"addTokenTo": at("header"), "headerPrefix": at("Bearer")}))) == 0
	count(deny(tr({"headerPrefix": at("")}))) == 0
	count(deny(tr({"headerPrefix": at(" Bearer ")}))) == 0
	count(deny(tr({}))) == 0
}

test_not_cognito_passes if {
	t := object.union(tr({"addTokenTo": at("queryParams")}), {"tokenUrl": {"value": "https://idp.example.org/token"}})
	count(deny(t)) == 0
}

test_unknown_settings_pass if {
	count(deny(tr({"addTokenTo": {"unknown": {"reason": "r"}}, "headerPrefix": {"unknown": {"reason": "r"}}}))) == 0
}
