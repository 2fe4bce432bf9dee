package authlint.rules.method_unprotected_among_cognito_test

import data.authlint.rules.method_unprotected_among_cognito as rule

method(verb, path, type, declared) := {
	"ref": sprintf("api/method/%s %s", [verb, path]),
	"path": {"value": path},
	"httpMethod": {"value": verb},
	"authorizationType": {"value": type, "loc": {"file": "t.yaml", "line": 20}},
	"authDeclared": declared,
	"authorizationScopes": {"items": []},
	"apiKeyRequired": {"value": false},
}

inventory(methods) := {"restApis": [{"ref": "api", "authorizers": [], "methods": methods}]}

test_open_write_beside_protected_read_fires if {
	findings := rule.deny with input as inventory([
		method("GET", "/pets", "COGNITO_USER_POOLS", true),
		method("DELETE", "/pets", "NONE", true),
	])
	count(findings) == 1
	some f in findings
	f.loc.line == 20
	contains(f.msg, "DELETE /pets requires no authorization while GET")
}

test_undeclared_open_read_fires if {
	count(rule.deny) == 1 with input as inventory([
		method("POST", "/pets", "COGNITO_USER_POOLS", true),
		method("GET", "/pets", "NONE", false),
	])
}

test_declared_public_read_passes if {
	count(rule.deny) == 0 with input as inventory([
		method("POST", "/pets", "COGNITO_USER_POOLS", true),
		method("GET", "/pets", "NONE", true),
	])
}

test_preflight_and_other_paths_pass if {
	count(rule.deny) == 0 with input as inventory([
		method("POST", "/pets", "COGNITO_USER_POOLS", true),
		method("OPTIONS", "/pets", "NONE", false),
		method("POST", "/login", "NONE", false),
	])
}

test_api_key_or_unknown_passes if {
	k := object.union(method("POST", "/pets", "NONE", true), {"apiKeyRequired": {"value": true}})
	count(rule.deny) == 0 with input as inventory([method("GET", "/pets", "COGNITO_USER_POOLS", true), k])
	u := object.union(object.remove(method("POST", "/pets", "NONE", true), ["authorizationType"]), {"authorizationType": {"unknown": {"reason": "parameter"}}})
	count(rule.deny) == 0 with input as inventory([method("GET", "/pets", "COGNITO_USER_POOLS", true), u])
}
