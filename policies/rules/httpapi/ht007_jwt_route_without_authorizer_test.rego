package authlint.rules.jwt_route_without_authorizer_test

import data.authlint.rules.jwt_route_without_authorizer as rule

authorizers := [
	{"ref": "api/jwt", "name": {"value": "cognito"}, "type": {"value": "JWT"}},
	{"ref": "api/lambda", "name": {"value": "lambda"}, "type": {"value": "REQUEST"}},
]

inventory(route) := {"httpApis": [
	{"ref": "api", "name": {"value": "pets"}, "account": "", "authorizers": authorizers, "routes": [route]},
	{"ref": "other", "name": {"value": "orders"}, "account": "", "authorizers": [{"ref": "other/jwt", "name": {"value": "orders-jwt"}, "type": {"value": "JWT"}}], "routes": []},
]}

route(extra) := object.union({
	"ref": "api/route/GET /pets",
	"loc": {"line": 20},
	"routeKey": {"value": "GET /pets"},
	"authorizationType": {"value": "JWT", "loc": {"line": 22}},
}, extra)

test_no_authorizer_fires if {
	findings := rule.deny with input as inventory(route({}))
	count(findings) == 1
	some f in findings
	f.loc.line == 22
}

test_missing_request_and_foreign_authorizers_fire if {
	every link in [
		{"missing": {"name": "aws_apigatewayv2_authorizer.nope", "reason": "not declared"}, "loc": {"line": 23}},
		{"target": "api/lambda", "loc": {"line": 23}},
		{"target": "other/jwt", "loc": {"line": 23}},
	] {
		findings := rule.deny with input as inventory(route({"authorizer": link}))
		count(findings) == 1
		some f in findings
		f.loc.line == 23
	}
}

test_jwt_authorizer_passes if {
	count(rule.deny) == 0 with input as inventory(route({"authorizer": {"target": "api/jwt"}}))
}

test_unknown_authorizer_passes if {
	count(rule.deny) == 0 with input as inventory(route({"authorizer": {"unknown": {"reason": "a variable"}}}))
	r := object.union(object.remove(route({}), ["authorizationType"]), {"authorizationType": {"unknown": {"reason": "a variable"}}})
	count(rule.deny) == 0 with input as inventory(r)
}

test_other_route_types_pass if {
	count(rule.deny) == 0 with input as inventory(route({"authorizationType": {"value": "NONE"}}))
}
