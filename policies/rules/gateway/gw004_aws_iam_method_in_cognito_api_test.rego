package authlint.rules.aws_iam_method_in_cognito_api_test

import data.authlint.rules.aws_iam_method_in_cognito_api as rule

method(verb, type) := {
	"ref": sprintf("api/method/%s /pets", [verb]),
	"path": {"value": "/pets"},
	"httpMethod": {"value": verb},
	"authorizationType": {"value": type, "loc": {"file": "t.yaml", "line": 90}},
}

inventory(methods) := {"restApis": [{"ref": "api", "name": {"value": "Pets"}, "authorizers": [], "methods": methods}]}

test_iam_beside_cognito_fires if {
	findings := rule.deny with input as inventory([method("GET", "COGNITO_USER_POOLS"), method("DELETE", "AWS_IAM")])
	count(findings) == 1
	some f in findings
	f.loc.line == 90
	contains(f.msg, "DELETE /pets requires AWS_IAM")
}

test_iam_only_api_passes if {
	count(rule.deny) == 0 with input as inventory([method("GET", "AWS_IAM"), method("DELETE", "AWS_IAM")])
}

test_unknown_passes if {
	u := object.union(object.remove(method("DELETE", "AWS_IAM"), ["authorizationType"]), {"authorizationType": {"unknown": {"reason": "parameter"}}})
	count(rule.deny) == 0 with input as inventory([method("GET", "COGNITO_USER_POOLS"), u])
}
