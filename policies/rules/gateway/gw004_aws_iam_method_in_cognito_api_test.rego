package authlint.rules.aws_iam_method_in_cognito_api_test

import data.authlint.rules.aws_iam_method_in_cognito_api as rule

method(verb, type) := path_method(verb, "/pets", type)

path_method(verb, path, type) := {
	"ref": sprintf("api/method/%s %s", [verb, path]),
	"path": {"value": path},
	"httpMethod": {"value": verb},
	"authorizationType": {"value": type, "loc": {"file": "t.yaml", "line": 90}},
}

inventory(methods) := {"restApis": [{"ref": "api", "name": {"value": "Pets"}, "authorizers": [], "methods": methods}]}

test_iam_beside_cognito_fires if {
	findings := rule.deny with input as inventory([method("GET", "COGNITO_USER_POOLS"), method("DELETE", "AWS_IAM")])
	count(findings) == 1
	some f in findings
	f.loc.line == 90
	contains(f.msg, "DELETE /pets requires AWS_IAM (SigV4-signed requests) while GET on the same path takes Cognito tokens")
}

test_iam_on_other_paths_fires if {
	findings := rule.deny with input as inventory([method("GET", "COGNITO_USER_POOLS"), path_method("GET", "/admin", "AWS_IAM")])
	count(findings) == 1
	some f in findings
	contains(f.msg, "GET /admin requires AWS_IAM (SigV4-signed requests) while GET /pets of the same API takes Cognito tokens")
}

test_iam_beside_preflight_only_passes if {
	count(rule.deny) == 0 with input as inventory([method("OPTIONS", "COGNITO_USER_POOLS"), path_method("GET", "/admin", "AWS_IAM")])
}

test_iam_only_api_passes if {
	count(rule.deny) == 0 with input as inventory([method("GET", "AWS_IAM"), method("DELETE", "AWS_IAM")])
}

test_unknown_passes if {
	u := object.union(object.remove(method("DELETE", "AWS_IAM"), ["authorizationType"]), {"authorizationType": {"unknown": {"reason": "parameter"}}})
	count(rule.deny) == 0 with input as inventory([method("GET", "COGNITO_USER_POOLS"), u])
}
