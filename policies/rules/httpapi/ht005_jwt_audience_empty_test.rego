package authlint.rules.jwt_audience_empty_test

import data.authlint.rules.jwt_audience_empty as rule

inventory(extra) := {"httpApis": [{
	"ref": "api",
	"name": {"value": "pets"},
	"account": "",
	"authorizers": [object.union({
		"ref": "api/authorizer/jwt",
		"loc": {"line": 10},
		"name": {"value": "cognito"},
		"type": {"value": "JWT"},
	}, extra)],
	"routes": [],
}]}

test_missing_audience_fires if {
	findings := rule.deny with input as inventory({})
	count(findings) == 1
	some f in findings
	f.loc.line == 10
}

test_empty_audience_fires if {
	findings := rule.deny with input as inventory({"audience": {"items": [], "loc": {"line": 12}}})
	count(findings) == 1
	some f in findings
	f.loc.line == 12
}

test_audience_with_entries_passes if {
	count(rule.deny) == 0 with input as inventory({"audience": {"items": [{"value": {"value": "1example"}, "loc": {}}], "loc": {"line": 12}}})
}

test_unknown_audience_passes if {
	count(rule.deny) == 0 with input as inventory({"audience": {"items": [], "unknown": {"reason": "a variable"}, "loc": {"line": 12}}})
}

test_request_authorizer_passes if {
	count(rule.deny) == 0 with input as inventory({"type": {"value": "REQUEST"}})
}
