package authlint.rules.validation_expression_blocks_access_tokens_test

import data.authlint.rules.validation_expression_blocks_access_tokens as rule

authorizer(expr) := object.union(
	{"ref": "api/authorizer/Cognito", "name": {"value": "Cognito"}, "type": {"value": "COGNITO_USER_POOLS"}, "loc": {"line": 5}},
	{"identityValidationExpression": e | some e in [expr]; e != null},
)

method(verb, scopes) := {
	"ref": sprintf("api/method/%s /pets", [verb]),
	"path": {"value": "/pets"},
	"httpMethod": {"value": verb},
	"authorizationType": {"value": "COGNITO_USER_POOLS"},
	"authorizer": {"target": "api/authorizer/Cognito"},
	"authorizationScopes": scopes,
	"apiKeyRequired": {"value": false},
}

scopes(names) := {"items": [{"value": n} | some n in names]}

inventory(expr, methods) := {"restApis": [{"ref": "api", "authorizers": [authorizer(expr)], "methods": methods}]}

expr := {"value": "^6pkd3bfpr2vsh2e1ubt7ldq3ka$", "loc": {"file": "t.yaml", "line": 8, "column": 7}}

test_expression_with_scoped_method_fires if {
	findings := rule.deny with input as inventory(expr, [method("GET", scopes(["api/read"])), method("POST", scopes([]))])
	count(findings) == 1
	some f in findings
	f.loc.line == 8
	contains(f.msg, "GET /pets has authorization scopes")
	not contains(f.msg, "POST")
}

test_expression_with_scopeless_methods_passes if {
	count(rule.deny) == 0 with input as inventory(expr, [method("GET", scopes([]))])
}

test_no_expression_passes if {
	count(rule.deny) == 0 with input as inventory(null, [method("GET", scopes(["api/read"]))])
}

test_unknown_expression_or_scopes_pass if {
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "parameter ClientRegex"}}, [method("GET", scopes(["api/read"]))])
	count(rule.deny) == 0 with input as inventory(expr, [method("GET", {"items": [], "unknown": {"reason": "!If"}})])
}

test_certainly_set_unknown_expression_fires if {
	sub := {"unknown": {"reason": "!Ref WebClient is known only after deployment", "expr": "!Sub \"^${WebClient}$\"", "nonEmpty": true}, "loc": {"file": "t.yaml", "line": 8}}
	findings := rule.deny with input as inventory(sub, [method("GET", scopes(["api/read"]))])
	count(findings) == 1
	some f in findings
	contains(f.msg, `has identityValidationExpression "!Sub \"^${WebClient}$\""`)
}

test_possibly_empty_unknown_expression_passes if {
	param := {"unknown": {"reason": "parameter Expr has no default", "expr": "!Ref Expr"}, "loc": {"file": "t.yaml", "line": 8}}
	count(rule.deny) == 0 with input as inventory(param, [method("GET", scopes(["api/read"]))])
}
