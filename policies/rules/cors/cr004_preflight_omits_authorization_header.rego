# METADATA
# title: CORS preflight does not allow the Authorization header
# description: |
#   A browser sends a cross-origin request with an Authorization header only if
#   the preflight's Access-Control-Allow-Headers lists that header. The wildcard
#   "*" does not cover Authorization: the Fetch standard names it the one "CORS
#   non-wildcard request-header name", which must always be listed. The rule looks
#   at OPTIONS methods with static CORS headers next to methods protected by a
#   Cognito authorizer, and at SAM Cors settings (SAM leaves
#   Access-Control-Allow-Headers out entirely when AllowHeaders is unset). Headers
#   returned by a backend (proxy integrations) cannot be checked and are not
#   reported.
# related_resources:
#   - ref: https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name
#   - ref: https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Allow-Headers
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html
# custom:
#   id: CR004
#   slug: preflight-omits-authorization-header
#   severity: error
#   security_severity: low
#   client_sees: The preflight itself succeeds (200), but the browser refuses to send the real request and reports a CORS error ("Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response").
#   remediation: List the authorizer's identity header (Authorization) in Access-Control-Allow-Headers of the preflight response.
#   fixes:
#     openapi: "In the options operation's integration responses, set method.response.header.Access-Control-Allow-Headers to \"'Content-Type,Authorization'\"."
#     cloudformation: "In the OPTIONS method's IntegrationResponses, set method.response.header.Access-Control-Allow-Headers: \"'Content-Type,Authorization'\"."
#     sam: "Set Cors.AllowHeaders: \"'Content-Type,Authorization'\" on the AWS::Serverless::Api."
#     cdk: "Pass allowHeaders: [...Cors.DEFAULT_HEADERS] (which includes Authorization) in defaultCorsPreflightOptions."
#     terraform: "Set method.response.header.Access-Control-Allow-Headers = \"'Content-Type,Authorization'\" in the OPTIONS aws_api_gateway_integration_response."
#     live: "Update the OPTIONS integration response header and create a new deployment."
#     console: "Resources > the resource > Enable CORS > Access-Control-Allow-Headers: add Authorization, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [cors]
package authlint.rules.preflight_omits_authorization_header

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.at(msg, m, where) if {
	some i, api in input.restApis
	some m in apigw.options_methods[i]
	cors := m.cors
	cors.allowOrigin
	not cors.unknown
	object.get(m, "generatedBy", "") != "sam-cors"
	path := m.path.value
	# token_headers is read with i and path in equalities only, so OPA indexes
	# the comprehension by them: built once, not once per preflight.
	headers := {h | some [k, p, h] in token_headers; k == i; p == path}
	allow := object.get(cors, "allowHeaders", null)
	missing := {h | some h in headers; not allowed(allow, h)}
	count(missing) > 0
	where := location(allow, cors)
	msg := sprintf(
		"The CORS preflight %s %s, but methods on the same path take a Cognito token in %s: the browser refuses to send it and reports a CORS error. List %s in Access-Control-Allow-Headers.",
		[apigw.name(m), says(allow), text.join_and(sort(missing)), text.join_and(sort(missing))],
	)
}

deny contains result.at(msg, api, where) if {
	some i, api in input.restApis
	cors := api.sam.cors
	not cors.unknown
	allow := object.get(cors, "allowHeaders", null)
	missing := {h |
		some [k, _, h] in token_headers
		k == i
		not allowed(allow, h)
	}
	count(missing) > 0
	where := location(allow, cors)
	msg := sprintf(
		"The SAM Cors setting of API %s %s, but its methods take a Cognito token in %s: browsers refuse to send it and report a CORS error. Set Cors.AllowHeaders to include %s.",
		[apigw.label(api), says_sam(allow), text.join_and(sort(missing)), text.join_and(sort(missing))],
	)
}

# token_headers holds [api index, path, header] for each path and the header
# its Cognito-protected methods read the token from. A partial set: OPA builds
# it once per evaluation, however many preflights read it.
token_headers contains [i, s.path.value, h] if {
	some i, api in input.restApis
	authorizers := apigw.authorizers_by_ref[i]
	some s in api.methods
	s.authorizationType.value == "COGNITO_USER_POOLS"
	a := authorizers[s.authorizer.target]
	a.type.value == "COGNITO_USER_POOLS"
	h := apigw.identity_header(a)
}

# allowed is true when the Access-Control-Allow-Headers value lets the header
# through, or cannot be known.
allowed(allow, h) if apigw.allows_header(allow.value, h)

allowed(allow, h) if {
	allow.unknown
	h != ""
}

says(allow) := "returns no Access-Control-Allow-Headers header" if {
	allow == null
} else := sprintf("allows only the headers %q", [allow.value])

says_sam(allow) := "has no AllowHeaders, so the generated preflights return no Access-Control-Allow-Headers header" if {
	allow == null
} else := sprintf("allows only the headers %q", [allow.value])

location(allow, cors) := allow if {
	allow != null
} else := cors
