package authlint.rules.route_no_scopes_test

import data.authlint.rules.route_no_scopes as rule

inventory(route) := {"httpApis": [{
	"ref": "api",
	"name": {"value": "pets"},
	"account": "",
	"authorizers": [
		{"ref": "api/jwt", "name": {"value": "cognito"}, "type": {"value": "JWT"}},
		{"ref": "api/lambda", "name": {"value": "lambda"}, "type": {"value": "REQUEST"}},
	],
	"routes": [route],
}]}

route(key, scopes) := {
	"ref": "api/route",
	"loc": {"line": 20},
	"routeKey": {"value": key},
	"authorizationType": {"value": "JWT", "loc": {"line": 21}},
	"authorizer": {"target": "api/jwt"},
	"authorizationScopes": scopes,
}

test_scopeless_jwt_route_fires if {
	findings := rule.deny with input as inventory(route("GET /pets", {"items": []}))
	count(findings) == 1
	some f in findings
	f.loc.line == 21
}

test_scoped_route_passes if {
	count(rule.deny) == 0 with input as inventory(route("GET /pets", {"items": [{"value": "api/read"}]}))
}

test_unknown_scopes_pass if {
	count(rule.deny) == 0 with input as inventory(route("GET /pets", {"items": [], "unknown": {"reason": "a variable"}}))
}

test_options_and_non_jwt_pass if {
	count(rule.deny) == 0 with input as inventory(route("OPTIONS /pets", {"items": []}))
	r := object.union(route("GET /pets", {"items": []}), {"authorizer": {"target": "api/lambda"}})
	count(rule.deny) == 0 with input as inventory(r)
}
