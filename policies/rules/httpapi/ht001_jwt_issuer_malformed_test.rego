package authlint.rules.jwt_issuer_malformed_test

import data.authlint.rules.jwt_issuer_malformed as rule

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

known(v) := {"value": v, "loc": {"file": "main.tf", "line": 14}}

expr(e) := {"unknown": {"reason": "computed by Terraform", "expr": e}, "loc": {"file": "main.tf", "line": 14}}

test_bad_issuers_fire if {
	every v in [
		"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123/",
		"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123/.well-known/openid-configuration",
		"http://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
		"https://myapp.auth.us-east-1.amazoncognito.com",
		"https://cognito-idp.us-east-1.amazonaws.com",
		"https://cognito-idp.us-east-1.amazonaws.com/pets-users",
	] {
		findings := rule.deny with input as inventory(known(v))
		count(findings) == 1
		some f in findings
		f.loc.line == 14
		contains(f.msg, "401")
	}
}

test_hosted_ui_domain_is_named if {
	some f in rule.deny with input as inventory(known("https://myapp.auth.us-east-1.amazoncognito.com"))
	contains(f.msg, "hosted UI")
}

test_good_issuers_pass if {
	every v in [
		"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
		"https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123",
		# A replica keeps the primary Region's pool id.
		"https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbC123",
		# Not Cognito: not checked.
		"https://example.auth0.com/",
		# No scheme: HT002.
		"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
	] {
		count(rule.deny) == 0 with input as inventory(known(v))
	}
}

test_bad_expressions_fire if {
	every e in [
		"\"https://${aws_cognito_user_pool.pool.endpoint}/\"",
		"\"http://${aws_cognito_user_pool.pool.endpoint}\"",
		"!Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}/",
		"!Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}/.well-known/openid-configuration",
		"\"https://${aws_cognito_user_pool_domain.d.domain}.auth.us-east-1.amazoncognito.com\"",
	] {
		count(rule.deny) == 1 with input as inventory(expr(e))
	}
}

test_unknown_issuers_pass if {
	every e in [
		"\"https://${aws_cognito_user_pool.pool.endpoint}\"",
		"!Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}",
		"!GetAtt UserPool.ProviderURL",
		"var.issuer",
		"",
	] {
		count(rule.deny) == 0 with input as inventory(expr(e))
	}
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "parameter Issuer has no default"}, "loc": {}})
}

test_missing_issuer_passes if {
	count(rule.deny) == 0 with input as inventory(null)
}

test_request_authorizers_pass if {
	inv := inventory(known("http://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"))
	a := object.union(inv.httpApis[0].authorizers[0], {"type": {"value": "REQUEST"}})
	count(rule.deny) == 0 with input as {"httpApis": [object.union(inv.httpApis[0], {"authorizers": [a]})]}
}

test_live_message_names_account_and_api if {
	inv := inventory(known("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123/"))
	api := object.union(inv.httpApis[0], {"account": "123456789012", "region": "us-east-1", "id": {"value": "a1b2c3"}})
	some f in rule.deny with input as {"httpApis": [api]}
	contains(f.msg, "123456789012")
	contains(f.msg, "a1b2c3")
}
