# METADATA
# title: JWT authorizer issuer is not a Cognito issuer URL
# description: |
#   An HTTP API JWT authorizer compares the token's iss claim with its issuer,
#   character for character, and finds the signing keys through the issuer's
#   discovery document (ISSUER/.well-known/openid-configuration). A Cognito user
#   pool's tokens carry iss = https://cognito-idp.REGION.amazonaws.com/POOL_ID
#   (https://issuer-cognito-idp.REGION.amazonaws.com/POOL_ID for pools with the
#   UPDATED issuer format): no trailing slash, https, no /.well-known suffix, and
#   the cognito-idp host rather than the user pool domain of the hosted UI. Any
#   other spelling either makes API Gateway refuse the authorizer when it is
#   created (it cannot fetch the discovery document) or refuses every token.
#   Issuers that are not Cognito's are not checked. An issuer written without a
#   scheme is HT002's business. A pool id whose region prefix differs from the
#   issuer's region is not reported: with multi-Region replication a replica
#   keeps the primary Region's pool id.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigatewayv2-authorizer-jwtconfiguration.html
# custom:
#   id: HT001
#   slug: jwt-issuer-malformed
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized on every route that uses the authorizer, or a 400 "Invalid issuer" when the authorizer is created.
#   remediation: Set the issuer to https://cognito-idp.REGION.amazonaws.com/POOL_ID exactly (no trailing slash, no /.well-known path, not the hosted-UI domain).
#   fixes:
#     openapi: "Set x-amazon-apigateway-authorizer.jwtConfiguration.issuer to https://cognito-idp.REGION.amazonaws.com/POOL_ID."
#     cloudformation: "Use JwtConfiguration.Issuer: !Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool} (or !GetAtt UserPool.ProviderURL)."
#     sam: "Use JwtConfiguration.issuer: !Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool} under Auth.Authorizers."
#     cdk: "Use HttpUserPoolAuthorizer(id, pool), or pass pool.userPoolProviderUrl as the jwtIssuer of HttpJwtAuthorizer."
#     terraform: "Use issuer = \"https://${aws_cognito_user_pool.pool.endpoint}\" in jwt_configuration."
#     live: "aws apigatewayv2 update-authorizer --api-id API_ID --authorizer-id AUTHORIZER_ID --jwt-configuration Issuer=https://cognito-idp.REGION.amazonaws.com/POOL_ID"
#     console: "HTTP API > Authorization > Manage authorizers > edit the authorizer > Issuer URL."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [httpapi, authorizer]
package authlint.rules.jwt_issuer_malformed

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, a, a.issuer) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	iss := a.issuer.value
	is_string(iss)
	cognito_like(iss)
	problem := malformed(iss)
	msg := sprintf(
		"JWT authorizer %s of %s has issuer %q, which %s: %s Use https://cognito-idp.REGION.amazonaws.com/POOL_ID exactly.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), iss, problem, consequence],
	)
}

# An issuer built from references (a Terraform template, a !Sub) is not
# known, but the text around the references can already be wrong.
deny contains result.at(msg, a, a.issuer) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	expr := a.issuer.unknown.expr
	text := bare(expr)
	cognito_expr(text)
	problem := malformed_expr(text)
	msg := sprintf(
		"JWT authorizer %s of %s builds its issuer as %s, which %s: %s Build https://cognito-idp.REGION.amazonaws.com/POOL_ID exactly.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), expr, problem, consequence],
	)
}

consequence := "the token's iss never matches it (or API Gateway cannot fetch its discovery document and refuses the authorizer), so every route that uses the authorizer answers 401 Unauthorized."

cognito_like(iss) if contains(iss, "cognito-idp.")

cognito_like(iss) if contains(iss, ".amazoncognito.com")

issuer_re := `^https://(issuer-)?cognito-idp\.[a-z0-9-]+\.amazonaws\.com/[a-z0-9-]+_[0-9A-Za-z]+$`

# malformed explains what is wrong with a known issuer; undefined for a good
# one and for one without a scheme (HT002).
malformed(iss) := reason if {
	not regex.match(issuer_re, iss)
	contains(iss, "://")
	reason := explain(iss)
}

explain(iss) := "is the user pool domain of the hosted UI, not the issuer" if {
	regex.match(`^[a-z]+://[^/]*\.amazoncognito\.com(/|$)`, iss)
} else := "ends with the discovery path (API Gateway appends /.well-known/openid-configuration itself)" if {
	contains(iss, "/.well-known/")
} else := "uses http:// (Cognito tokens' iss starts with https://)" if {
	startswith(iss, "http://")
} else := "ends with a slash (Cognito tokens' iss has none)" if {
	endswith(iss, "/")
} else := "has no user pool id after the host" if {
	regex.match(`^https://(issuer-)?cognito-idp\.[a-z0-9-]+\.amazonaws\.com/?$`, iss)
} else := "is not of the form https://cognito-idp.REGION.amazonaws.com/POOL_ID"

# bare strips the !Sub tag and the quotes of an expression's text.
bare(expr) := trim(trim_prefix(trim_space(expr), "!Sub "), "\"'")

cognito_expr(text) if contains(text, "cognito-idp.")

cognito_expr(text) if contains(text, ".amazoncognito.com")

cognito_expr(text) if regex.match(`aws_cognito_user_pool\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.endpoint`, text)

cognito_expr(text) if regex.match(`\.ProviderURL\b`, text)

malformed_expr(text) := "names the user pool domain of the hosted UI, not the issuer" if {
	regex.match(`\.auth\.[^/]*amazoncognito\.com`, text)
} else := "ends with the discovery path (API Gateway appends /.well-known/openid-configuration itself)" if {
	contains(text, "/.well-known/")
} else := "uses http:// (Cognito tokens' iss starts with https://)" if {
	startswith(text, "http://")
} else := "ends with a slash (Cognito tokens' iss has none)" if {
	endswith(text, "/")
}
