package authlint.rules.provider_arn_unknown_pool_test

import data.authlint.rules.provider_arn_unknown_pool as rule

inventory(link) := {"restApis": [{
	"ref": "api",
	"authorizers": [{
		"ref": "api/authorizer/Cognito",
		"loc": {"file": "t.yaml", "line": 10},
		"name": {"value": "Cognito"},
		"type": {"value": "COGNITO_USER_POOLS"},
		"providerArns": {"items": [{"arn": {"loc": {}}, "userPool": link, "loc": {"file": "t.yaml", "line": 14, "column": 11}}], "loc": {}},
	}],
	"methods": [],
}]}

test_missing_pool_fires if {
	findings := rule.deny with input as inventory({"missing": {"name": "UserPool", "reason": "the template defines no resource UserPool"}, "loc": {}})
	count(findings) == 1
	some f in findings
	f.loc.line == 14
	contains(f.msg, "UserPool")
	contains(f.msg, "the template defines no resource UserPool")
}

test_linked_pool_passes if {
	count(rule.deny) == 0 with input as inventory({"target": "pool/UserPool", "loc": {}})
}

test_unknown_link_passes if {
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "!ImportValue SharedPoolArn"}, "loc": {}})
}
