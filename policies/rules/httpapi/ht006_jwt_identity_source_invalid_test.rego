package authlint.rules.jwt_identity_source_invalid_test

import data.authlint.rules.jwt_identity_source_invalid as rule

inventory(source) := {"httpApis": [{
	"ref": "api",
	"name": {"value": "pets"},
	"account": "",
	"authorizers": [{
		"ref": "api/authorizer/jwt",
		"loc": {"line": 10},
		"name": {"value": "cognito"},
		"type": {"value": "JWT"},
		"identitySource": source,
	}],
	"routes": [],
}]}

sources(vs) := {"items": [{"value": v, "loc": {"line": 12}} | some v in vs], "loc": {"line": 11}}

test_bad_sources_fire if {
	every v in [
		"method.request.header.Authorization",
		"request.header.Authorization",
		"$context.authorizer.token",
		"$request.header.",
		"Authorization",
	] {
		findings := rule.deny with input as inventory(sources([v]))
		count(findings) == 1
		some f in findings
		f.loc.line == 12
	}
}

test_rest_syntax_gets_the_http_spelling if {
	some f in rule.deny with input as inventory(sources(["method.request.header.X-Token"]))
	contains(f.msg, "$request.header.X-Token")
}

test_several_sources_fire if {
	findings := rule.deny with input as inventory(sources(["$request.header.Authorization", "$request.header.X-Token"]))
	count(findings) == 1
	some f in findings
	f.loc.line == 11
}

test_good_sources_pass if {
	every v in ["$request.header.Authorization", "$request.header.X-Amz-Token", "$request.querystring.token"] {
		count(rule.deny) == 0 with input as inventory(sources([v]))
	}
	count(rule.deny) == 0 with input as inventory(null)
}

test_unknown_sources_pass if {
	count(rule.deny) == 0 with input as inventory({"items": [], "unknown": {"reason": "a variable"}, "loc": {}})
	count(rule.deny) == 0 with input as inventory({"items": [{"unknown": {"reason": "a variable"}, "loc": {}}], "loc": {}})
}
