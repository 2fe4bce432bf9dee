package authlint.rules.quick_create_open_test

import data.authlint.rules.quick_create_open as rule

inventory(target, authorizers, routes) := {"httpApis": [{
	"ref": "api",
	"loc": {"line": 1},
	"name": {"value": "pets"},
	"account": "",
	"quickCreateTarget": target,
	"authorizers": authorizers,
	"routes": routes,
}]}

jwt := {"ref": "api/jwt", "name": {"value": "cognito"}, "type": {"value": "JWT"}}

target := {"value": "arn:aws:lambda:us-east-1:123456789012:function:pets", "loc": {"line": 4}}

test_quick_create_with_authorizer_fires if {
	findings := rule.deny with input as inventory(target, [jwt], [])
	count(findings) == 1
	some f in findings
	f.loc.line == 4
	contains(f.msg, "cognito")
}

test_unknown_target_still_fires if {
	t := {"unknown": {"reason": "computed", "nonEmpty": true, "expr": "aws_lambda_function.f.arn"}, "loc": {"line": 4}}
	count(rule.deny) == 1 with input as inventory(t, [jwt], [])
}

test_no_quick_create_or_no_authorizer_passes if {
	count(rule.deny) == 0 with input as inventory(null, [jwt], [])
	count(rule.deny) == 0 with input as inventory(target, [], [])
}

test_unknown_possibly_empty_target_passes if {
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "a variable"}, "loc": {}}, [jwt], [])
}

test_protected_default_route_passes if {
	r := {"ref": "api/route", "routeKey": {"value": "$default"}, "authorizationType": {"value": "JWT"}}
	count(rule.deny) == 0 with input as inventory(target, [jwt], [r])
}
