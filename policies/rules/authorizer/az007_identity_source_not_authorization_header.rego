# METADATA
# title: Identity source is not the Authorization header
# description: |
#   A COGNITO_USER_POOLS authorizer reads the token from the request header named
#   by its identity source (method.request.header.NAME; in OpenAPI, the security
#   scheme's name). Clients, SDKs and HTTP tools send Cognito tokens in the
#   Authorization header; when the authorizer reads another header, a request that
#   carries the token in Authorization arrives without one and is refused. A
#   custom header can be intended (then every client must send it), hence a
#   warning. An identity source that is not a header at all is invalid for a
#   Cognito authorizer. Header names are compared without regard to case: whether
#   API Gateway does so for the identity source is not documented.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
# custom:
#   id: AZ007
#   slug: identity-source-not-authorization-header
#   severity: warning
#   security_severity: low
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) for clients that send the token in the Authorization header.
#   remediation: Read the token from the Authorization header (method.request.header.Authorization), or make sure every client sends it in the configured header.
#   fixes:
#     openapi: "Set the security scheme's name to Authorization (type: apiKey, in: header)."
#     cloudformation: "Set IdentitySource: method.request.header.Authorization on the AWS::ApiGateway::Authorizer."
#     sam: "Remove Identity.Header from the Cognito authorizer (the default is Authorization), or set it to Authorization."
#     cdk: "Leave identitySource unset (default method.request.header.Authorization) on CognitoUserPoolsAuthorizer."
#     terraform: "Set identity_source = \"method.request.header.Authorization\" (the default) on aws_api_gateway_authorizer."
#     live: "Update the authorizer's identitySource to method.request.header.Authorization and create a new deployment."
#     console: "Authorizers > edit the authorizer > Token source: Authorization, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [authorizer]
package authlint.rules.identity_source_not_authorization_header

import data.authlint.lib.apigw
import data.authlint.lib.result

deny contains result.at(msg, a, a.identitySource) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	src := a.identitySource.value
	not startswith(lower(src), apigw.header_prefix)
	msg := sprintf(
		"Cognito authorizer %s takes the token from %q, which is not a request header: a Cognito authorizer reads its token from a header, so the deployment fails or every call answers 401 Unauthorized. Set the identity source to method.request.header.Authorization.",
		[apigw.label(a), src],
	)
}

deny contains result.at(msg, a, a.identitySource) if {
	some api in input.restApis
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	h := apigw.identity_header(a)
	lower(h) != "authorization"
	msg := sprintf(
		"Cognito authorizer %s reads the token from header %s, not Authorization: clients that send the token in the Authorization header get 401 Unauthorized. Use the Authorization header, or make sure every client sends %s.",
		[apigw.label(a), h, h],
	)
}
