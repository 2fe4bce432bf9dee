# METADATA
# title: Token validation expression is written for the Authorization header
# description: |
#   For a COGNITO_USER_POOLS authorizer, identityValidationExpression is matched
#   against the token's aud claim (the app client ID), not against the
#   Authorization header. A pattern written for the header value, such as
#   "^Bearer .*" or one that expects the three dot-separated parts of a JWT, can
#   never match an app client ID, so every ID token is refused too. The idiom comes
#   from Lambda TOKEN authorizers (the SAM documentation shows ValidationExpression:
#   Bearer.* for them). Expressions that still match a Cognito app client ID are
#   not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
#   - ref: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-cognitoauthorizationidentity.html
# custom:
#   id: AZ006
#   slug: validation-expression-is-header-pattern
#   severity: error
#   security_severity: low
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) on every method that uses the authorizer, for ID and access tokens alike.
#   remediation: Remove the validation expression, or replace it with a regular expression over your app client IDs (for example ^(clientid1|clientid2)$).
#   fixes:
#     openapi: "Delete identityValidationExpression, or set it to a pattern of app client IDs."
#     cloudformation: "Delete IdentityValidationExpression, or set it to a pattern of app client IDs."
#     sam: "Delete Identity.ValidationExpression from the Cognito authorizer; Bearer patterns belong to Lambda TOKEN authorizers."
#     cdk: "Remove the IdentityValidationExpression override from the CognitoUserPoolsAuthorizer."
#     terraform: "Remove identity_validation_expression, or set it to a pattern of app client IDs."
#     live: "Clear or correct the authorizer's identityValidationExpression and create a new deployment."
#     console: "Authorizers > edit the authorizer > clear Token validation, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [authorizer]
package authlint.rules.validation_expression_is_header_pattern

import data.authlint.lib.apigw
import data.authlint.lib.result

# Shapes of real Cognito app client IDs (26 lower-case letters and digits).
sample_client_ids := ["6pkd3bfpr2vsh2e1ubt7ldq3ka", "1example23456789abcdefghij", "4e2pi5j0ui95ou8ofbgcbq2ah0"]

deny contains result.at(msg, a, a.identityValidationExpression) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	expr := a.identityValidationExpression.value
	regex.is_valid(expr)
	why := header_like(expr)
	not matches_a_client_id(expr)
	msg := sprintf(
		"Cognito authorizer %s has identityValidationExpression %q, %s; API Gateway matches it against the token's aud claim (the app client ID), which it can never match, so every call answers 401 Unauthorized. Remove it, or use a pattern of app client IDs.",
		[apigw.label(a), expr, why],
	)
}

header_like(expr) := "a pattern for a Bearer header" if {
	regex.match(`(?i)bearer`, expr)
} else := "a pattern for a JWT (dot-separated parts)" if {
	regex.match(`\\\.[^\\]*\\\.`, expr)
} else := "a pattern that expects white space" if {
	regex.match(`( |\\s)`, expr)
}

matches_a_client_id(expr) if {
	some id in sample_client_ids
	regex.match(expr, id)
}
