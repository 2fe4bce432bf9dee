package authlint.rules.jwt_issuer_no_scheme_test

import data.authlint.rules.jwt_issuer_no_scheme as rule

inventory(issuer) := {"httpApis": [{
	"ref": "api",
	"name": {"value": "pets"},
	"account": "",
	"authorizers": [{
		"ref": "api/authorizer/jwt",
		"loc": {"file": "main.tf", "line": 10},
		"name": {"value": "cognito"},
		"type": {"value": "JWT"},
		"issuer": issuer,
	}],
	"routes": [],
}]}

expr(e) := {"unknown": {"reason": "computed by Terraform", "expr": e}, "loc": {"file": "main.tf", "line": 14}}

test_raw_terraform_endpoint_fires if {
	every e in ["aws_cognito_user_pool.pool.endpoint", "module.auth.aws_cognito_user_pool.p[0].endpoint", "\"${aws_cognito_user_pool.pool.endpoint}\""] {
		findings := rule.deny with input as inventory(expr(e))
		count(findings) == 1
		some f in findings
		f.loc.line == 14
		contains(f.msg, "https://${")
		not contains(f.msg, "answers 401")
	}
}

test_cloudformation_provider_name_fires if {
	some f in rule.deny with input as inventory(expr("!GetAtt UserPool.ProviderName"))
	contains(f.msg, "ProviderURL")
}

test_known_issuer_without_scheme_fires if {
	count(rule.deny) == 1 with input as inventory({"value": "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123", "loc": {}})
}

test_issuers_with_scheme_pass if {
	count(rule.deny) == 0 with input as inventory({"value": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123", "loc": {}})
	every e in ["\"https://${aws_cognito_user_pool.pool.endpoint}\"", "!GetAtt UserPool.ProviderURL", "aws_cognito_user_pool.pool.id"] {
		count(rule.deny) == 0 with input as inventory(expr(e))
	}
}

test_unknown_issuer_passes if {
	count(rule.deny) == 0 with input as inventory(expr("var.issuer"))
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "parameter Issuer has no default"}, "loc": {}})
}
