# METADATA
# title: Token validation expression blocks access tokens
# description: |
#   For a COGNITO_USER_POOLS authorizer, API Gateway matches
#   identityValidationExpression against the token's aud claim. Only ID tokens
#   have aud; access tokens do not. A method with authorization scopes accepts only
#   access tokens, so when its authorizer has a validation expression no token can
#   pass it: every call is refused. The API Gateway developer guide: "when using an
#   access token this validation rejects the request due to the access token not
#   containing the aud field". An expression that is only known at deployment
#   but certainly not empty (a !Sub with literal text, a reference to a
#   resource) counts as set. OPTIONS methods are left out (see CR001).
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
# custom:
#   id: AZ005
#   slug: validation-expression-blocks-access-tokens
#   severity: error
#   security_severity: low
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) on every method of the authorizer that has authorization scopes, whatever access token is sent.
#   remediation: Remove the identity validation expression from the authorizer, and restrict callers with method scopes instead.
#   fixes:
#     openapi: "Delete identityValidationExpression from the scheme's x-amazon-apigateway-authorizer."
#     cloudformation: "Delete IdentityValidationExpression from the AWS::ApiGateway::Authorizer."
#     sam: "Delete Identity.ValidationExpression from the Cognito authorizer under Auth.Authorizers."
#     cdk: "CognitoUserPoolsAuthorizer has no validation expression; remove the escape hatch (addPropertyOverride('IdentityValidationExpression', ...))."
#     terraform: "Remove identity_validation_expression from the aws_api_gateway_authorizer."
#     live: "Clear the authorizer's identityValidationExpression and create a new deployment."
#     console: "Authorizers > edit the authorizer > clear Token validation, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [authorizer, scopes]
package authlint.rules.validation_expression_blocks_access_tokens

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, a, a.identityValidationExpression) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	value.set_text(a.identityValidationExpression)
	expr := value.text_or_expr(a.identityValidationExpression)
	scoped := [apigw.name(m) |
		some m in api.methods
		apigw.is_cognito_method(m)
		apigw.is_not_options(m)
		apigw.uses(m, a)
		apigw.scoped(m)
	]
	count(scoped) > 0
	msg := sprintf(
		"Cognito authorizer %s has identityValidationExpression %q, which API Gateway matches against the token's aud claim; %s %s authorization scopes and so accept%s only access tokens, which have no aud: every call answers 401 Unauthorized. Remove the validation expression.",
		[apigw.label(a), expr, text.enumerate(scoped, 5), text.plural(count(scoped), "has", "have"), text.plural(count(scoped), "s", "")],
	)
}
