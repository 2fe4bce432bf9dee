package authlint.rules.mixed_token_kinds_test

import data.authlint.rules.mixed_token_kinds as rule

method(verb, target, scopes) := {
	"ref": sprintf("api/method/%s /pets", [verb]),
	"path": {"value": "/pets"},
	"httpMethod": {"value": verb},
	"authorizationType": {"value": "COGNITO_USER_POOLS"},
	"authorizer": {"target": target},
	"authorizationScopes": scopes,
	"apiKeyRequired": {"value": false},
}

authorizer(name) := {"ref": sprintf("api/authorizer/%s", [name]), "name": {"value": name}, "type": {"value": "COGNITO_USER_POOLS"}, "loc": {"file": "t.yaml", "line": 3}}

inventory(methods) := {"restApis": [{"ref": "api", "authorizers": [authorizer("Users"), authorizer("Machines")], "methods": methods}]}

none := {"items": []}

read := {"items": [{"value": "api/read"}]}

test_mixed_kinds_on_one_authorizer_fire if {
	findings := rule.deny with input as inventory([method("GET", "api/authorizer/Users", none), method("POST", "api/authorizer/Users", read)])
	count(findings) == 1
	some f in findings
	f.ref == "api/authorizer/Users"
	f.loc.line == 3
	contains(f.msg, "no scopes: GET /pets")
	contains(f.msg, "with scopes: POST /pets")
}

test_one_kind_per_authorizer_passes if {
	count(rule.deny) == 0 with input as inventory([method("GET", "api/authorizer/Users", none), method("POST", "api/authorizer/Machines", read)])
	count(rule.deny) == 0 with input as inventory([method("GET", "api/authorizer/Users", read), method("POST", "api/authorizer/Users", read)])
}

test_unknown_scopes_pass if {
	count(rule.deny) == 0 with input as inventory([method("GET", "api/authorizer/Users", {"items": [], "unknown": {"reason": "!If"}}), method("POST", "api/authorizer/Users", read)])
}
