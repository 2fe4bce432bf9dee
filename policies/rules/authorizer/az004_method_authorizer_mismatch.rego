# METADATA
# title: Method authorization type and authorizer do not match
# description: |
#   A method's authorizationType and its authorizer must agree. A
#   COGNITO_USER_POOLS method needs an authorizer, and that authorizer must be a
#   COGNITO_USER_POOLS authorizer; a method that names a Cognito authorizer must
#   say COGNITO_USER_POOLS. CloudFormation's reference for AWS::ApiGateway::Method:
#   "If you specify the AuthorizerId property, specify CUSTOM or
#   COGNITO_USER_POOLS for this property." A mismatch either fails the deployment
#   or leaves the method checking tokens against something else than the pool
#   you meant. SAM and the CDK refuse such combinations themselves.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-method.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Method.html
# custom:
#   id: AZ004
#   slug: method-authorizer-mismatch
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized for valid Cognito tokens, or a failed deployment (BadRequestException).
#   remediation: Give every Cognito-protected method authorizationType COGNITO_USER_POOLS and the id of a COGNITO_USER_POOLS authorizer.
#   fixes:
#     openapi: "Reference a security scheme whose x-amazon-apigateway-authorizer has type cognito_user_pools in the operation's security."
#     cloudformation: "Set AuthorizationType: COGNITO_USER_POOLS and AuthorizerId: !Ref CognitoAuthorizer (an AWS::ApiGateway::Authorizer of Type COGNITO_USER_POOLS)."
#     terraform: "Set authorization = \"COGNITO_USER_POOLS\" and authorizer_id = aws_api_gateway_authorizer.cognito.id on aws_api_gateway_method."
#     live: "Update the method (authorizationType and authorizerId) and create a new deployment."
#     console: "Resources > the method > Method request > Authorization: choose the Cognito authorizer, then Deploy API."
#   sources: [openapi, cloudformation, terraform, live]
#   tags: [authorizer]
package authlint.rules.method_authorizer_mismatch

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.value

# A Cognito method that names no authorizer.
deny contains result.at(msg, m, m.authorizationType) if {
	some api in input.restApis
	some m in api.methods
	m.authorizationType.value == "COGNITO_USER_POOLS"
	not m.authorizer
	msg := sprintf(
		"%s has authorization type COGNITO_USER_POOLS but names no authorizer: the deployment fails, or no pool is there to check tokens (401 Unauthorized). Set the method's authorizer to a COGNITO_USER_POOLS authorizer.",
		[apigw.name(m)],
	)
}

# A method whose authorizer does not exist.
deny contains result.at(msg, m, m.authorizer) if {
	some api in input.restApis
	some m in api.methods
	missing := m.authorizer.missing
	value.known(m.authorizationType)
	msg := sprintf(
		"%s uses authorizer %s, but %s: the deployment fails, or the method cannot check any token. Define the authorizer, or point the method at an existing COGNITO_USER_POOLS authorizer.",
		[apigw.name(m), missing.name, missing.reason],
	)
}

# A Cognito method whose authorizer is of another type.
deny contains result.at(msg, m, m.authorizer) if {
	some api in input.restApis
	# The API's authorizers of another known type first: most APIs have none,
	# and then the methods are not visited at all.
	others := {a.ref: a | some a in api.authorizers; value.is_not(a.type, "COGNITO_USER_POOLS")}
	count(others) > 0
	some m in api.methods
	a := others[m.authorizer.target]
	m.authorizationType.value == "COGNITO_USER_POOLS"
	msg := sprintf(
		"%s has authorization type COGNITO_USER_POOLS but uses %s authorizer %s: API Gateway refuses the combination (failed deployment) or never checks the Cognito token as intended (401 Unauthorized). Use a COGNITO_USER_POOLS authorizer, or change the method's authorization type to match.",
		[apigw.name(m), a.type.value, apigw.label(a)],
	)
}

# A method that names a Cognito authorizer under another authorization type.
deny contains result.at(msg, m, m.authorizationType) if {
	some i, api in input.restApis
	authorizers := apigw.authorizers_by_ref[i]
	some m in api.methods
	m.authorizationType.value != "COGNITO_USER_POOLS" # value.is_not: known and different
	a := authorizers[m.authorizer.target]
	a.type.value == "COGNITO_USER_POOLS" # apigw.is_cognito_authorizer
	msg := sprintf(
		"%s names Cognito authorizer %s but has authorization type %s: %s Set the method's authorization type to COGNITO_USER_POOLS.",
		[apigw.name(m), apigw.label(a), m.authorizationType.value, consequence(m.authorizationType.value)],
	)
}

consequence(t) := "the authorizer is ignored and the method is open to anyone (or the deployment fails)." if {
	t == "NONE"
} else := "callers must sign requests with AWS credentials and Cognito tokens get 403 (or the deployment fails)." if {
	t == "AWS_IAM"
} else := "API Gateway refuses the combination (failed deployment) or treats the authorizer as a Lambda authorizer, and valid tokens get 401 Unauthorized."
