# METADATA
# title: JWT authorizer issuer has no https:// scheme
# description: |
#   A Cognito user pool's tokens carry iss = https://cognito-idp.REGION.amazonaws.com/POOL_ID,
#   and an HTTP API JWT authorizer compares iss with its issuer exactly. An
#   issuer written without the scheme (cognito-idp.REGION.amazonaws.com/POOL_ID,
#   which is what Terraform's aws_cognito_user_pool endpoint attribute and
#   CloudFormation's UserPool ProviderName return) is not the string the tokens
#   carry. Whether API Gateway adds the scheme itself, refuses the issuer when the
#   authorizer is created, or refuses every token is not documented, hence a
#   warning: verify it, and write the https:// issuer.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_authorizer
# custom:
#   id: HT002
#   slug: jwt-issuer-no-scheme
#   severity: warning
#   security_severity: low
#   client_sees: Possibly 401 Unauthorized on every route that uses the authorizer, or a 400 "Invalid issuer" when it is created (not documented which).
#   remediation: Write the issuer with its scheme, https://cognito-idp.REGION.amazonaws.com/POOL_ID.
#   fixes:
#     cloudformation: "Use !GetAtt UserPool.ProviderURL (or !Sub https://${UserPool.ProviderName}) as JwtConfiguration.Issuer, not !GetAtt UserPool.ProviderName."
#     terraform: "Write issuer = \"https://${aws_cognito_user_pool.pool.endpoint}\"; the endpoint attribute has no scheme."
#     live: "aws apigatewayv2 update-authorizer --api-id API_ID --authorizer-id AUTHORIZER_ID --jwt-configuration Issuer=https://cognito-idp.REGION.amazonaws.com/POOL_ID"
#     console: "HTTP API > Authorization > Manage authorizers > edit the authorizer > Issuer URL: add https://."
#   sources: [cloudformation, terraform, live]
#   tags: [httpapi, authorizer]
package authlint.rules.jwt_issuer_no_scheme

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, a, a.issuer) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	iss := a.issuer.value
	is_string(iss)
	regex.match(`^(issuer-)?cognito-idp\.[a-z0-9-]+\.amazonaws\.com/`, iss)
	msg := sprintf(
		"JWT authorizer %s of %s has issuer %q without https://, while Cognito tokens carry iss = https://%s; %s Write https://%s.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), iss, iss, verify, iss],
	)
}

deny contains result.at(msg, a, a.issuer) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	expr := a.issuer.unknown.expr
	fix := schemeless(expr)
	msg := sprintf(
		"JWT authorizer %s of %s takes its issuer from %s, which has no https:// scheme, while Cognito tokens carry iss = https://cognito-idp.REGION.amazonaws.com/POOL_ID; %s %s",
		[httpapi.authorizer_label(a), httpapi.api_label(api), expr, verify, fix],
	)
}

verify := "API Gateway may refuse the authorizer or every token (AWS does not document which), so verify that calls succeed."

# schemeless returns the fix for an expression known to give an issuer
# without a scheme: Terraform's pool endpoint, CloudFormation's ProviderName.
schemeless(expr) := sprintf("Write issuer = \"https://${%s}\".", [m[1]]) if {
	m := regex.find_all_string_submatch_n(`^"?(?:\$\{)?((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*aws_cognito_user_pool\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.endpoint)\}?"?$`, expr, 1)[0]
} else := sprintf("Use !GetAtt %s.ProviderURL.", [m[1]]) if {
	m := regex.find_all_string_submatch_n(`^!GetAtt ([A-Za-z0-9]+)\.ProviderName$`, expr, 1)[0]
} else := "Put https:// in front of the pool's provider name." if {
	regex.match(`^!Sub "?\$\{[A-Za-z0-9]+\.ProviderName\}`, expr)
}
