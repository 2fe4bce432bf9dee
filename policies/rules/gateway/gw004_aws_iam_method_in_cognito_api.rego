# METADATA
# title: AWS_IAM method inside an API that takes Cognito tokens
# description: |
#   A method with AWS_IAM authorization expects requests signed with AWS
#   credentials (SigV4). Clients of an API whose other methods take Cognito tokens
#   usually send the token in the Authorization header to every method; on an
#   AWS_IAM method API Gateway reads it as a malformed signature and refuses the
#   call with 403 "Authorization header requires 'Credential' parameter…". Every
#   AWS_IAM method of an API that has Cognito methods is reported, on any path:
#   the API's clients cannot tell from a URL which kind of credential a method
#   wants. An API that deliberately serves signed clients (for example through
#   an identity pool) beside token clients can suppress the note.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
#   - ref: https://repost.aws/knowledge-center/api-gateway-iam-sigv4-mismatch
# custom:
#   id: GW004
#   slug: aws-iam-method-in-cognito-api
#   severity: note
#   security_severity: low
#   client_sees: "403 Forbidden ({\"message\":\"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. ...\"}) for clients that send a Cognito token."
#   remediation: Protect the method with the API's Cognito authorizer, or make sure its clients sign requests with AWS credentials (SigV4).
#   fixes:
#     openapi: "Replace the sigv4 security requirement of the operation by the Cognito scheme."
#     cloudformation: "Set AuthorizationType: COGNITO_USER_POOLS and AuthorizerId on the AWS::ApiGateway::Method."
#     sam: "Set Auth.Authorizer to the Cognito authorizer on the event (DefaultAuthorizer: AWS_IAM applies IAM to every method)."
#     cdk: "Pass the CognitoUserPoolsAuthorizer instead of AuthorizationType.IAM to addMethod."
#     terraform: "Set authorization = \"COGNITO_USER_POOLS\" and authorizer_id on the aws_api_gateway_method."
#     live: "Update the method's authorization and create a new deployment."
#     console: "Resources > the method > Method request > Authorization: choose the Cognito authorizer, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [authorizer, forbidden]
package authlint.rules.aws_iam_method_in_cognito_api

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.at(msg, m, m.authorizationType) if {
	some i, api in input.restApis
	some m in api.methods
	# Plain comparisons, no calls: this runs for every method.
	m.authorizationType.value == "AWS_IAM" # value.is
	m.httpMethod.value != "OPTIONS" # apigw.is_not_options
	names := cognito_names[i]
	count(names) > 0
	# The comprehension reads the API from input and meets i and path only in
	# equalities, so OPA indexes it by them: built once, not once per method.
	# An unknown path ({}, which no known path equals) shares it with none.
	path := object.get(m, ["path", "value"], {})
	same := [apigw.verb(c) |
		some k, a in input.restApis
		k == i
		some c in a.methods
		c.path.value == path
		apigw.is_cognito_method(c)
		apigw.is_not_options(c)
	]
	msg := sprintf(
		"%s requires AWS_IAM (SigV4-signed requests) while %s Cognito tokens: a client that sends its Cognito token gets 403 Forbidden (\"Authorization header requires 'Credential' parameter...\"). Use the Cognito authorizer here too, unless this method's clients sign with AWS credentials.",
		[apigw.name(m), others(names, same)],
	)
}

# cognito_names holds, per API (by index), the sorted names of its Cognito
# methods other than OPTIONS. A complete rule: OPA builds it once per
# evaluation, and only when some method uses AWS_IAM.
cognito_names := {i: names |
	some i, api in input.restApis
	names := sort([apigw.name(c) | some c in apigw.cognito_methods(api); apigw.is_not_options(c)])
}

# others names the Cognito methods: by verb when some share the method's
# path, in full otherwise.
others(names, same) := sprintf("%s on the same path %s", [text.enumerate(same, 5), text.plural(count(same), "takes", "take")]) if {
	count(same) > 0
} else := sprintf("%s of the same API %s", [text.enumerate(names, 5), text.plural(count(names), "takes", "take")])
