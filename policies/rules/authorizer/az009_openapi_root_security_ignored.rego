# METADATA
# title: OpenAPI root-level security is ignored
# description: |
#   API Gateway does not use an OpenAPI document's root-level security: "API
#   Gateway doesn't use root level security defined in the OpenAPI specification.
#   Hence security needs to be defined at an operation level to be appropriately
#   applied." Operations that rely on the root requirement are imported with
#   authorization NONE and answer anyone, with no token checked. OPTIONS
#   operations (CORS preflight) are left out: they must stay open.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authorizer.html
# custom:
#   id: AZ009
#   slug: openapi-root-security-ignored
#   severity: error
#   security_severity: critical
#   client_sees: "No 401 at all; the operations answer every caller, with or without a token."
#   remediation: Add the security requirement to every operation that must be protected; the root-level one has no effect in API Gateway.
#   fixes:
#     openapi: "Copy the root security requirement (for example security: [{CognitoAuth: []}]) into each operation."
#     cloudformation: "In the RestApi Body, add security to each operation; the root-level security is ignored."
#     sam: "Use Auth.DefaultAuthorizer on the AWS::Serverless::Api, or add security to each operation of DefinitionBody."
#     cdk: "SpecRestApi: add security to each operation of the OpenAPI definition."
#     terraform: "In the body of aws_api_gateway_rest_api, add security to each operation."
#     console: "Resources > each method > Method request > Authorization: choose the authorizer, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform]
#   tags: [authorizer, openapi, security]
package authlint.rules.openapi_root_security_ignored

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, api, root) if {
	some api in input.restApis
	root := api.openapi.rootSecurity
	count(root.schemes) > 0
	open := [apigw.name(m) |
		some m in api.methods
		apigw.is_not_options(m)
		m.authDeclared == false
		value.is(m.authorizationType, "NONE")
	]
	count(open) > 0
	msg := sprintf(
		"API %s declares security (%s) at the root of its OpenAPI definition, which API Gateway ignores: %d %s without security of %s own (%s) %s open to anyone, no token checked. Add the security requirement to each operation.",
		[
			apigw.label(api), concat(", ", root.schemes), count(open),
			text.plural(count(open), "operation", "operations"), text.plural(count(open), "its", "their"),
			text.enumerate(open, 5), text.plural(count(open), "is", "are"),
		],
	)
}
