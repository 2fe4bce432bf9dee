package authlint.rules.openapi_root_security_ignored_test

import data.authlint.rules.openapi_root_security_ignored as rule

method(verb, declared, type) := {
	"ref": sprintf("api/method/%s /pets", [verb]),
	"path": {"value": "/pets"},
	"httpMethod": {"value": verb},
	"authorizationType": {"value": type},
	"authDeclared": declared,
	"authorizationScopes": {"items": []},
	"apiKeyRequired": {"value": false},
}

root := {"schemes": ["CognitoAuth"], "loc": {"file": "api.yaml", "line": 4, "column": 1}}

inventory(methods, security) := {"restApis": [{
	"ref": "api",
	"name": {"value": "Pets"},
	"authorizers": [],
	"methods": methods,
	"openapi": object.union({"version": "3.0.1"}, {"rootSecurity": s | some s in [security]; s != null}),
}]}

test_root_security_with_open_operations_fires if {
	findings := rule.deny with input as inventory([method("GET", false, "NONE"), method("OPTIONS", false, "NONE"), method("POST", true, "COGNITO_USER_POOLS")], root)
	count(findings) == 1
	some f in findings
	f.loc.line == 4
	contains(f.msg, "1 operation without security of its own (GET /pets) is open")
}

test_every_operation_declares_security_passes if {
	count(rule.deny) == 0 with input as inventory([method("GET", true, "COGNITO_USER_POOLS"), method("OPTIONS", false, "NONE")], root)
}

test_no_root_security_passes if {
	count(rule.deny) == 0 with input as inventory([method("GET", false, "NONE")], null)
}

test_unknown_method_values_pass if {
	m := object.union(object.remove(method("GET", false, "NONE"), ["authorizationType"]), {"authorizationType": {"unknown": {"reason": "x"}}})
	count(rule.deny) == 0 with input as inventory([m], root)
	v := object.union(object.remove(method("GET", false, "NONE"), ["httpMethod"]), {"httpMethod": {"unknown": {"reason": "x"}}})
	count(rule.deny) == 0 with input as inventory([v], root)
}
