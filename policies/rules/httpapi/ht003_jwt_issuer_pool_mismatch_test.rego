package authlint.rules.jwt_issuer_pool_mismatch_test

import data.authlint.rules.jwt_issuer_pool_mismatch as rule

pools := [
	{"ref": "poolA", "name": {"value": "customers"}, "id": {"value": "us-east-1_AAAA"}},
	{"ref": "poolB", "name": {"value": "staff"}, "id": {"value": "us-east-1_BBBB"}, "issuerFormat": {"value": "UPDATED"}},
]

clients := [
	{"ref": "clientA", "userPool": {"target": "poolA"}},
	{"ref": "clientB", "userPool": {"target": "poolB"}},
	{"ref": "clientX", "userPool": {"unknown": {"reason": "passed in a variable"}}},
]

inventory(authorizer) := {
	"httpApis": [{"ref": "api", "name": {"value": "pets"}, "account": "", "authorizers": [authorizer], "routes": []}],
	"userPools": pools,
	"appClients": clients,
}

jwt(issuer, pool_link, audience_clients) := {
	"ref": "api/authorizer/jwt",
	"loc": {"line": 10},
	"name": {"value": "cognito"},
	"type": {"value": "JWT"},
	"issuer": issuer,
	"issuerUserPool": pool_link,
	"audience": {"items": [{"value": {"unknown": {"reason": "computed"}}, "appClient": {"target": c}, "loc": {}} | some c in audience_clients], "loc": {}},
}

ref_issuer := {"unknown": {"reason": "computed", "expr": "\"https://${aws_cognito_user_pool.a.endpoint}\""}, "loc": {"line": 12}}

test_issuer_of_other_pool_fires if {
	findings := rule.deny with input as inventory(jwt(ref_issuer, {"target": "poolA"}, ["clientB"]))
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, "customers")
	contains(f.msg, "staff")
}

test_literal_issuer_of_other_pool_fires if {
	iss := {"value": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ZZZZ", "loc": {"line": 12}}
	count(rule.deny) == 1 with input as inventory(jwt(iss, null, ["clientA"]))
}

test_same_pool_passes if {
	count(rule.deny) == 0 with input as inventory(jwt(ref_issuer, {"target": "poolA"}, ["clientA"]))
	count(rule.deny) == 0 with input as inventory(jwt(ref_issuer, {"target": "poolA"}, ["clientA", "clientB"]))
	iss := {"value": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAA", "loc": {"line": 12}}
	count(rule.deny) == 0 with input as inventory(jwt(iss, null, ["clientA"]))
}

test_unknown_client_pool_passes if {
	count(rule.deny) == 0 with input as inventory(jwt(ref_issuer, {"target": "poolA"}, ["clientX"]))
	count(rule.deny) == 0 with input as inventory(jwt(ref_issuer, {"unknown": {"reason": "a variable"}}, ["clientB"]))
	a := jwt(ref_issuer, {"target": "poolA"}, ["clientB"])
	unlinked := object.union(a, {"audience": {"items": array.concat(a.audience.items, [{"value": {"unknown": {"reason": "a variable"}}, "loc": {}}]), "loc": {}}})
	count(rule.deny) == 0 with input as inventory(unlinked)
}

test_issuer_format_mismatch_fires if {
	iss := {"value": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BBBB", "loc": {"line": 12}}
	findings := rule.deny with input as inventory(jwt(iss, {"target": "poolB"}, ["clientB"]))
	count(findings) == 1
	some f in findings
	contains(f.msg, "issuer-cognito-idp")
}

test_issuer_format_unknown_passes if {
	iss := {"value": "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAA", "loc": {"line": 12}}
	count(rule.deny) == 0 with input as inventory(jwt(iss, {"target": "poolA"}, ["clientA"]))
	good := {"value": "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_BBBB", "loc": {"line": 12}}
	count(rule.deny) == 0 with input as inventory(jwt(good, {"target": "poolB"}, ["clientB"]))
}
