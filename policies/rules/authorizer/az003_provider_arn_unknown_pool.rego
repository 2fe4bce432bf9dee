# METADATA
# title: Provider ARN names a user pool that does not exist
# description: |
#   A providerARNs entry of a COGNITO_USER_POOLS authorizer refers to a user pool
#   that is not there: a template names a logical id it does not define, or a live
#   account has no pool with that ARN (deleted or replaced). Tokens can only come
#   from existing pools, so no token matches the entry; if it is the only one,
#   every call is refused. (A standalone OpenAPI file names pools by literal
#   ARN and cannot tell whether they exist; the CDK refers to pools it defines.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
#   - ref: https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized
# custom:
#   id: AZ003
#   slug: provider-arn-unknown-pool
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) for tokens of the pool the authorizer was meant to trust, or a failed deployment.
#   remediation: Point the providerARNs entry at the user pool that issues your tokens, and redeploy the API.
#   fixes:
#     cloudformation: "Reference a user pool the template defines (!GetAtt UserPool.Arn), or pass the ARN of an existing pool as a parameter."
#     sam: "Reference a user pool the template defines in UserPoolArn (!GetAtt UserPool.Arn)."
#     terraform: "Reference the aws_cognito_user_pool resource (or data source) that exists: aws_cognito_user_pool.pool.arn."
#     live: "Update the authorizer's providerARNs to a pool that exists in the account, then create a new deployment."
#     console: "Authorizers > edit the authorizer > choose an existing user pool, then Deploy API."
#   sources: [cloudformation, sam, terraform, live]
#   tags: [authorizer]
package authlint.rules.provider_arn_unknown_pool

import data.authlint.lib.apigw
import data.authlint.lib.result

deny contains result.at(msg, a, item) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	some item in a.providerArns.items
	missing := item.userPool.missing
	msg := sprintf(
		"Cognito authorizer %s trusts user pool %s, but %s; no token can come from it, so methods that use the authorizer answer 401 Unauthorized for tokens of the pool you meant (or the deployment fails). Point providerARNs at the pool that issues your tokens.",
		[apigw.label(a), missing.name, missing.reason],
	)
}
