package authlint.rules.method_authorizer_mismatch_test

import data.authlint.rules.method_authorizer_mismatch as rule

cognito := {"ref": "api/authorizer/Cognito", "name": {"value": "Cognito"}, "type": {"value": "COGNITO_USER_POOLS"}}

lambda := {"ref": "api/authorizer/Lambda", "name": {"value": "Lambda"}, "type": {"value": "TOKEN"}}

method(type, link) := m if {
	base := {
		"ref": "api/method/GET /pets",
		"loc": {"file": "t.yaml", "line": 30},
		"path": {"value": "/pets"},
		"httpMethod": {"value": "GET"},
		"authorizationType": {"value": type, "loc": {"file": "t.yaml", "line": 33}},
		"authorizationScopes": {"items": []},
		"apiKeyRequired": {"value": false},
	}
	m := object.union(base, {"authorizer": l | some l in [link]; l != null})
}

inventory(m) := {"restApis": [{"ref": "api", "authorizers": [cognito, lambda], "methods": [m]}]}

link(target) := {"target": target, "loc": {"file": "t.yaml", "line": 34}}

test_cognito_method_without_authorizer_fires if {
	findings := rule.deny with input as inventory(method("COGNITO_USER_POOLS", null))
	count(findings) == 1
	some f in findings
	f.loc.line == 33
	contains(f.msg, "names no authorizer")
}

test_missing_authorizer_fires if {
	findings := rule.deny with input as inventory(method("COGNITO_USER_POOLS", {"missing": {"name": "CognitoAuth", "reason": "no security scheme CognitoAuth is declared"}, "loc": {"line": 34}}))
	count(findings) == 1
	some f in findings
	f.loc.line == 34
}

test_cognito_method_with_lambda_authorizer_fires if {
	findings := rule.deny with input as inventory(method("COGNITO_USER_POOLS", link("api/authorizer/Lambda")))
	count(findings) == 1
	some f in findings
	contains(f.msg, "TOKEN authorizer Lambda")
}

test_cognito_authorizer_under_other_types_fires if {
	every t in ["NONE", "AWS_IAM", "CUSTOM"] {
		count(rule.deny) == 1 with input as inventory(method(t, link("api/authorizer/Cognito")))
	}
}

test_matching_pairs_pass if {
	count(rule.deny) == 0 with input as inventory(method("COGNITO_USER_POOLS", link("api/authorizer/Cognito")))
	count(rule.deny) == 0 with input as inventory(method("CUSTOM", link("api/authorizer/Lambda")))
	count(rule.deny) == 0 with input as inventory(method("NONE", null))
}

test_unknown_values_pass if {
	count(rule.deny) == 0 with input as inventory(method("COGNITO_USER_POOLS", {"unknown": {"reason": "!ImportValue AuthorizerId"}, "loc": {}}))
	m := object.union(object.remove(method("NONE", link("api/authorizer/Cognito")), ["authorizationType"]), {"authorizationType": {"unknown": {"reason": "parameter AuthType"}}})
	count(rule.deny) == 0 with input as inventory(m)
	u := object.union(object.remove(cognito, ["type"]), {"type": {"unknown": {"reason": "parameter"}}})
	count(rule.deny) == 0 with input as {"restApis": [{"ref": "api", "authorizers": [u], "methods": [method("NONE", link("api/authorizer/Cognito"))]}]}
}
