package authlint.rules.provider_arn_malformed_test

import data.authlint.rules.provider_arn_malformed as rule

inventory(arns) := {"restApis": [{
	"ref": "api",
	"authorizers": [{
		"ref": "api/authorizer/Cognito",
		"loc": {"file": "api.yaml", "line": 10},
		"name": {"value": "Cognito"},
		"type": {"value": "COGNITO_USER_POOLS"},
		"providerArns": {"items": [{"arn": a, "loc": {}} | some a in arns], "loc": {}},
	}],
	"methods": [],
}]}

arn(v) := {"value": v, "loc": {"file": "api.yaml", "line": 12, "column": 9}}

test_identity_pool_arn_fires if {
	findings := rule.deny with input as inventory([arn("arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:1234abcd-12ab-34cd-56ef-1234567890ab")])
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, "identity pool")
	contains(f.msg, "401")
}

test_bad_shapes_fire if {
	every v in [
		"us-east-1_AbC123",
		"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
		"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
		"arn:aws:cognito-idp:us-east-1:123456789012:userpool/",
		"arn:aws:iam::123456789012:role/Pool",
		"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123/client/abc",
		"not-an-arn",
	] {
		count(rule.deny) == 1 with input as inventory([arn(v)])
	}
}

test_user_pool_arns_pass if {
	every v in [
		"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123",
		"arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_AbC123",
		"arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_AbC123",
		# A replica keeps the primary Region's pool ID.
		"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/us-east-1_AbC123",
	] {
		count(rule.deny) == 0 with input as inventory([arn(v)])
	}
}

test_stage_variable_arn_is_left_to_az008 if {
	count(rule.deny) == 0 with input as inventory([arn("arn:aws:cognito-idp:us-east-2:111122223333:userpool/${stageVariables.MyUserPool}")])
}

test_unknown_arn_passes if {
	count(rule.deny) == 0 with input as inventory([{"unknown": {"reason": "parameter PoolArn has no default"}, "loc": {}}])
}

test_other_authorizer_types_pass if {
	inv := inventory([arn("us-east-1_AbC123")])
	a := object.union(inv.restApis[0].authorizers[0], {"type": {"value": "TOKEN"}})
	count(rule.deny) == 0 with input as {"restApis": [object.union(inv.restApis[0], {"authorizers": [a]})]}
}

test_pool_id_or_attribute_instead_of_arn_fires if {
	inv := inventory([])
	every expr in ["!Ref UserPool", "!GetAtt UserPool.ProviderName", "!GetAtt UserPool.ProviderURL"] {
		item := {"arn": {"unknown": {"reason": "known only after deployment", "expr": expr}, "loc": {"line": 14}}, "loc": {}}
		a := object.union(inv.restApis[0].authorizers[0], {"providerArns": {"items": [item]}})
		findings := rule.deny with input as {"restApis": [object.union(inv.restApis[0], {"authorizers": [a]})], "userPools": [{"ref": "UserPool", "logicalId": "UserPool"}]}
		count(findings) == 1
	}
}

test_unknown_arn_of_other_resources_passes if {
	inv := inventory([])
	every expr in ["!Ref PoolArnParameter", "!GetAtt UserPool.Arn", "!ImportValue SharedPool"] {
		item := {"arn": {"unknown": {"reason": "known only after deployment", "expr": expr}, "loc": {"line": 14}}, "loc": {}}
		a := object.union(inv.restApis[0].authorizers[0], {"providerArns": {"items": [item]}})
		count(rule.deny) == 0 with input as {"restApis": [object.union(inv.restApis[0], {"authorizers": [a]})], "userPools": [{"ref": "UserPool", "logicalId": "UserPool"}]}
	}
}

test_terraform_pool_id_instead_of_arn_fires if {
	inv := inventory([])
	pools := [{"ref": "aws_cognito_user_pool.pool", "logicalId": "aws_cognito_user_pool.pool"}, {"ref": "module.auth.aws_cognito_user_pool.p[0]", "logicalId": "module.auth.aws_cognito_user_pool.p[0]"}]
	every expr in ["aws_cognito_user_pool.pool.id", "aws_cognito_user_pool.pool.endpoint", "module.auth.aws_cognito_user_pool.p[0].id"] {
		item := {"arn": {"unknown": {"reason": "computed by Terraform", "expr": expr}, "loc": {"line": 14}}, "loc": {}}
		a := object.union(inv.restApis[0].authorizers[0], {"providerArns": {"items": [item]}})
		findings := rule.deny with input as {"restApis": [object.union(inv.restApis[0], {"authorizers": [a]})], "userPools": pools}
		count(findings) == 1
		some f in findings
		contains(f.msg, ".arn")
	}
}

test_terraform_unknown_pool_arn_passes if {
	inv := inventory([])
	pools := [{"ref": "aws_cognito_user_pool.pool", "logicalId": "aws_cognito_user_pool.pool"}]
	every expr in ["aws_cognito_user_pool.pool.arn", "aws_cognito_user_pool.other.id", "var.pool_arn"] {
		item := {"arn": {"unknown": {"reason": "computed by Terraform", "expr": expr}, "loc": {"line": 14}}, "loc": {}}
		a := object.union(inv.restApis[0].authorizers[0], {"providerArns": {"items": [item]}})
		count(rule.deny) == 0 with input as {"restApis": [object.union(inv.restApis[0], {"authorizers": [a]})], "userPools": pools}
	}
}
