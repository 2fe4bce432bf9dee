package authlint.rules.preflight_requires_auth_test

import data.authlint.rules.preflight_requires_auth as rule

method(verb, type, key, generated) := object.union(
	{
		"ref": sprintf("api/method/%s /pets", [verb]),
		"path": {"value": "/pets"},
		"httpMethod": {"value": verb},
		"authorizationType": {"value": type, "loc": {"file": "t.yaml", "line": 21}},
		"authorizationScopes": {"items": []},
		"apiKeyRequired": {"value": key, "loc": {"file": "t.yaml", "line": 22}},
	},
	{"generatedBy": g | some g in [generated]; g != null},
)

inventory(methods) := {"restApis": [{"ref": "api", "authorizers": [], "methods": methods}]}

test_cognito_preflight_fires if {
	findings := rule.deny with input as inventory([method("OPTIONS", "COGNITO_USER_POOLS", false, null)])
	count(findings) == 1
	some f in findings
	f.loc.line == 21
	contains(f.msg, "OPTIONS /pets requires authorization COGNITO_USER_POOLS")
}

test_iam_and_api_key_preflight_fire if {
	some f in rule.deny with input as inventory([method("OPTIONS", "AWS_IAM", false, null)])
	contains(f.msg, "403")
	some k in rule.deny with input as inventory([method("OPTIONS", "NONE", true, null)])
	k.loc.line == 22
}

test_open_preflight_and_other_verbs_pass if {
	count(rule.deny) == 0 with input as inventory([method("OPTIONS", "NONE", false, null), method("GET", "COGNITO_USER_POOLS", true, null)])
}

test_sam_generated_preflight_is_left_to_cr002 if {
	count(rule.deny) == 0 with input as inventory([method("OPTIONS", "COGNITO_USER_POOLS", true, "sam-cors")])
}

test_unknown_passes if {
	m := object.union(object.remove(method("OPTIONS", "NONE", false, null), ["authorizationType", "apiKeyRequired"]), {
		"authorizationType": {"unknown": {"reason": "parameter"}},
		"apiKeyRequired": {"unknown": {"reason": "parameter"}},
	})
	count(rule.deny) == 0 with input as inventory([m])
}
