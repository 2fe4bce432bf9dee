# METADATA
# title: Cognito authorizer without a user pool
# description: |
#   A COGNITO_USER_POOLS authorizer names the user pools whose tokens it accepts in
#   providerARNs. With an empty list there is no pool to check a token against:
#   CloudFormation and the API refuse to create such an authorizer, and an OpenAPI
#   import that carries one leaves every method that uses it rejecting every token.
#   (SAM never generates one: an authorizer without UserPoolArn is a Lambda
#   authorizer to SAM.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
# custom:
#   id: AZ001
#   slug: cognito-authorizer-without-user-pool
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) on every method that uses the authorizer, or a failed deployment.
#   remediation: List the ARN of the user pool that issues your tokens in the authorizer's provider ARNs.
#   fixes:
#     openapi: "Add providerARNs: [arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID] to the scheme's x-amazon-apigateway-authorizer."
#     cloudformation: "Set ProviderARNs: [!GetAtt UserPool.Arn] on the AWS::ApiGateway::Authorizer."
#     cdk: "Pass cognitoUserPools: [userPool] to new CognitoUserPoolsAuthorizer(...)."
#     terraform: "Set provider_arns = [aws_cognito_user_pool.pool.arn] on the aws_api_gateway_authorizer."
#     live: "aws apigateway update-authorizer --patch-operations op=add,path=/providerARNs,value=POOL_ARN, then create a new deployment."
#     console: "Authorizers > edit the authorizer > choose the Cognito user pool, then Deploy API."
#   sources: [openapi, cloudformation, cdk, terraform, live]
#   tags: [authorizer]
package authlint.rules.cognito_authorizer_without_user_pool

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, a, a.providerArns) if {
	some api in input.restApis
	some a in api.authorizers
	value.is(a.type, "COGNITO_USER_POOLS")
	value.empty(a.providerArns)
	msg := sprintf(
		"Cognito authorizer %s lists no user pool in providerARNs, so it cannot accept any token: methods that use it answer 401 Unauthorized (or the deployment fails). Add the ARN of the user pool that issues your tokens.",
		[apigw.label(a)],
	)
}
