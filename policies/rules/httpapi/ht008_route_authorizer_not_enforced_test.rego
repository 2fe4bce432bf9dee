package authlint.rules.route_authorizer_not_enforced_test

import data.authlint.rules.route_authorizer_not_enforced as rule

inventory(route) := {"httpApis": [{
	"ref": "api",
	"name": {"value": "pets"},
	"account": "",
	"authorizers": [{"ref": "api/jwt", "name": {"value": "cognito"}, "type": {"value": "JWT"}}],
	"routes": [route],
}]}

route(key, type, declared, link) := {
	"ref": "api/route",
	"loc": {"line": 20},
	"routeKey": {"value": key},
	"authorizationType": {"value": type, "loc": {"line": 21}},
	"authDeclared": declared,
	"authorizer": link,
}

test_default_none_with_authorizer_fires if {
	findings := rule.deny with input as inventory(route("GET /pets", "NONE", false, {"target": "api/jwt", "loc": {"line": 23}}))
	count(findings) == 1
	some f in findings
	f.loc.line == 23
	contains(f.msg, "cognito")
	contains(f.msg, "default")
}

test_declared_none_with_unknown_authorizer_fires if {
	count(rule.deny) == 1 with input as inventory(route("GET /pets", "NONE", true, {"unknown": {"reason": "a literal id"}, "loc": {"line": 23}}))
}

test_jwt_route_passes if {
	count(rule.deny) == 0 with input as inventory(route("GET /pets", "JWT", true, {"target": "api/jwt"}))
}

test_options_route_passes if {
	count(rule.deny) == 0 with input as inventory(route("OPTIONS /pets", "NONE", false, {"target": "api/jwt"}))
}

test_unknown_type_passes if {
	r := object.union(object.remove(route("GET /pets", "NONE", true, {"target": "api/jwt"}), ["authorizationType"]), {"authorizationType": {"unknown": {"reason": "a variable"}}})
	count(rule.deny) == 0 with input as inventory(r)
}

test_route_without_authorizer_passes if {
	count(rule.deny) == 0 with input as inventory(object.remove(route("GET /pets", "NONE", false, null), ["authorizer"]))
}
