# METADATA
# title: CORS preflight (OPTIONS) requires authorization
# description: |
#   Browsers send a CORS preflight (an OPTIONS request) before a cross-origin call
#   that carries an Authorization header, and they never attach credentials or
#   tokens to it. An OPTIONS method that requires a Cognito token, IAM signature,
#   Lambda authorizer or API key therefore refuses every preflight, and the
#   browser reports a CORS error instead of making the real call. The OPTIONS
#   methods SAM generates for Cors are reported by CR002 at the SAM setting that
#   causes them.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
#   - ref: https://fetch.spec.whatwg.org/#cors-preflight-fetch
# custom:
#   id: CR001
#   slug: preflight-requires-auth
#   severity: error
#   security_severity: low
#   client_sees: The preflight fails (401 Unauthorized, or 403 Forbidden / Missing Authentication Token) and the browser reports a CORS error; the real request is never sent.
#   remediation: Make OPTIONS methods open (authorization NONE, no API key) with a MOCK integration that returns the CORS headers.
#   fixes:
#     openapi: "Remove security from the options operations (or set security: [])."
#     cloudformation: "Set AuthorizationType: NONE and ApiKeyRequired: false on the OPTIONS AWS::ApiGateway::Method, and drop its AuthorizerId."
#     sam: "Set Auth.Authorizer: NONE on OPTIONS events, or let Cors generate the preflight with AddDefaultAuthorizerToCorsPreflight: false."
#     cdk: "Use defaultCorsPreflightOptions (the CDK creates OPTIONS methods without authorizer), and do not pass the authorizer to addMethod('OPTIONS', ...)."
#     terraform: "Set authorization = \"NONE\" and api_key_required = false on the OPTIONS aws_api_gateway_method."
#     live: "Update the OPTIONS method's authorization to NONE and create a new deployment."
#     console: "Resources > the OPTIONS method > Method request > Authorization: NONE, API key required: false, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [cors]
package authlint.rules.preflight_requires_auth

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.value

authenticated := {"COGNITO_USER_POOLS", "AWS_IAM", "CUSTOM", "JWT"}

deny contains result.at(msg, m, m.authorizationType) if {
	some i, _ in input.restApis
	some m in apigw.options_methods[i]
	object.get(m, "generatedBy", "") != "sam-cors"
	t := m.authorizationType.value
	t in authenticated
	msg := sprintf(
		"%s requires authorization %s, but browsers send CORS preflights without any token: every preflight gets %s and the browser reports a CORS error instead of calling the API. Make OPTIONS methods open (authorization NONE, no API key).",
		[apigw.name(m), t, status(t)],
	)
}

deny contains result.at(msg, m, m.apiKeyRequired) if {
	some i, _ in input.restApis
	some m in apigw.options_methods[i]
	object.get(m, "generatedBy", "") != "sam-cors"
	not m.authorizationType.value in authenticated
	value.is_true(m.apiKeyRequired)
	msg := sprintf(
		"%s requires an API key, but browsers send CORS preflights without custom headers: every preflight gets 403 Forbidden and the browser reports a CORS error instead of calling the API. Set the OPTIONS method's API key requirement to false.",
		[apigw.name(m)],
	)
}

status(t) := "403 Missing Authentication Token" if {
	t == "AWS_IAM"
} else := "401 Unauthorized"
