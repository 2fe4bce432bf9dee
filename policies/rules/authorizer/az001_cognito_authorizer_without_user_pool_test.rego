package authlint.rules.cognito_authorizer_without_user_pool_test

import data.authlint.rules.cognito_authorizer_without_user_pool as rule

authorizer(arns) := typed_authorizer({"value": "COGNITO_USER_POOLS", "loc": {}}, arns)

typed_authorizer(type, arns) := {
	"ref": "api/authorizer/Cognito",
	"loc": {"file": "api.yaml", "line": 10, "column": 5},
	"name": {"value": "Cognito", "loc": {}},
	"type": type,
	"providerArns": arns,
}

inventory(a) := {"restApis": [{"ref": "api", "authorizers": [a], "methods": []}]}

test_empty_provider_arns_fires if {
	findings := rule.deny with input as inventory(authorizer({"items": [], "loc": {"file": "api.yaml", "line": 12, "column": 7}}))
	count(findings) == 1
	some f in findings
	f.ref == "api/authorizer/Cognito"
	f.loc.line == 12
}

test_pool_listed_passes if {
	arns := {"items": [{"arn": {"value": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc", "loc": {}}, "loc": {}}], "loc": {}}
	count(rule.deny) == 0 with input as inventory(authorizer(arns))
}

test_unknown_list_passes if {
	arns := {"items": [], "unknown": {"reason": "parameter Pools has no default"}, "loc": {}}
	count(rule.deny) == 0 with input as inventory(authorizer(arns))
}

test_other_authorizer_types_pass if {
	a := typed_authorizer({"value": "TOKEN", "loc": {}}, {"items": [], "loc": {}})
	count(rule.deny) == 0 with input as inventory(a)
}

test_unknown_type_passes if {
	a := typed_authorizer({"unknown": {"reason": "x"}, "loc": {}}, {"items": [], "loc": {}})
	count(rule.deny) == 0 with input as inventory(a)
}

test_unnamed_authorizer_fires if {
	a := json.remove(authorizer({"items": [], "loc": {}}), ["name"])
	findings := rule.deny with input as inventory(a)
	count(findings) == 1
	some f in findings
	contains(f.msg, "api/authorizer/Cognito")
}
