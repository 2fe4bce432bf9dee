package authlint.rules.issuer_not_authorizer_pool_test

import data.authlint.rules.issuer_not_authorizer_pool as rule
import data.authlint.rules.token_cases_test as cases

claims_with(fields) := cases.with_claims(cases.base, object.union(cases.access_claims, fields))

arns(items) := cases.patch(cases.base, {"authorizer": cases.put(cases.authorizer, "providerArns", {"items": items, "loc": {"line": 32}})})

test_other_pool_fails if {
	tc := claims_with({"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other9"})
	some f in rule.deny with input as tc
	contains(f.msg, "us-east-1_Other9")
	contains(f.msg, "us-east-1_AbC123")
	not contains(f.msg, "region")
	f.loc.line == 32
}

test_other_region_fails if {
	tc := claims_with({"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"})
	some f in rule.deny with input as tc
	contains(f.msg, "comes from region eu-west-1")
}

test_not_cognito_fails if {
	tc := claims_with({"iss": "https://login.example.com/"})
	some f in rule.deny with input as tc
	contains(f.msg, "is not a Cognito user pool")
}

test_same_pool_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.unknown) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
}

test_linked_pool_passes if {
	tc := cases.patch(arns([{"arn": {"unknown": {"reason": "!GetAtt Pool.Arn"}, "loc": {}}, "userPool": {"target": "pool/Pool"}, "loc": {}}]), {"userPools": [{"ref": "pool/Pool", "loc": {}, "id": {"value": cases.pool, "loc": {}}, "complete": true}]})
	count(rule.deny) == 0 with input as tc
	count(rule.pass) == 1 with input as tc
}

test_stage_variable_passes if {
	item := {"arn": {"value": "arn:aws:cognito-idp:us-east-1:111122223333:userpool/${stageVariables.pool}", "loc": {}}, "loc": {}}
	tc := cases.patch(arns([item]), {"stage": {"name": "prod", "found": true, "variables": [{"name": "pool", "value": {"value": cases.pool, "loc": {}}}]}})
	count(rule.deny) == 0 with input as tc
	count(rule.pass) == 1 with input as tc
}

test_unknown_arn_is_unknown if {
	tc := arns([{"arn": {"unknown": {"reason": "!ImportValue PoolArn"}, "loc": {}}, "loc": {}}])
	count(rule.deny) == 0 with input as tc
	some u in rule.unknown with input as tc
	contains(u, "!ImportValue PoolArn")
}

test_unknown_stage_variable_is_unknown if {
	tc := arns([{"arn": {"value": "arn:aws:cognito-idp:us-east-1:111122223333:userpool/${stageVariables.pool}", "loc": {}}, "loc": {}}])
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}

test_unknown_list_is_unknown if {
	tc := cases.patch(cases.base, {"authorizer": cases.put(cases.authorizer, "providerArns", {"items": [], "unknown": {"reason": "parameter Pools"}, "loc": {}})})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
