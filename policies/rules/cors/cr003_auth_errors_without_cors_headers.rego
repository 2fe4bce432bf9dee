# METADATA
# title: 401 responses carry no CORS headers
# description: |
#   API Gateway answers a refused token itself, with the UNAUTHORIZED gateway
#   response, before any integration runs; the CORS headers that the methods or
#   the backend add are not on it. Without Access-Control-Allow-Origin on that
#   response, a browser does not let the page read it and reports a CORS error
#   ("No 'Access-Control-Allow-Origin' header is present") instead of the 401, which
#   sends people looking for a CORS problem. Every 4XX type except UNAUTHORIZED is
#   documented to fall back to DEFAULT_4XX; whether UNAUTHORIZED inherits
#   DEFAULT_4XX's headers is not documented, so an API whose DEFAULT_4XX has the
#   header is not reported. ACCESS_DENIED (403 from a resource policy) is named in
#   the message when it lacks the header too.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
#   - ref: https://repost.aws/knowledge-center/api-gateway-cors-errors
# custom:
#   id: CR003
#   slug: auth-errors-without-cors-headers
#   severity: warning
#   security_severity: low
#   client_sees: In a browser, a CORS error ("No 'Access-Control-Allow-Origin' header is present") instead of 401 Unauthorized; curl and Postman see the 401.
#   remediation: Add Access-Control-Allow-Origin to the UNAUTHORIZED gateway response (and to ACCESS_DENIED, or DEFAULT_4XX and DEFAULT_5XX).
#   fixes:
#     openapi: "Add x-amazon-apigateway-gateway-responses: {UNAUTHORIZED: {responseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: \"'*'\"}}}."
#     cloudformation: "Add an AWS::ApiGateway::GatewayResponse with ResponseType: UNAUTHORIZED and ResponseParameters gatewayresponse.header.Access-Control-Allow-Origin: \"'*'\" (and one for DEFAULT_4XX)."
#     sam: "Add GatewayResponses: {UNAUTHORIZED: {ResponseParameters: {Headers: {Access-Control-Allow-Origin: \"'*'\"}}}} to the AWS::Serverless::Api."
#     cdk: "Call api.addGatewayResponse('Unauthorized', { type: ResponseType.UNAUTHORIZED, responseHeaders: { 'Access-Control-Allow-Origin': \"'*'\" } })."
#     terraform: "Add aws_api_gateway_gateway_response with response_type = \"UNAUTHORIZED\" and response_parameters = { \"gatewayresponse.header.Access-Control-Allow-Origin\" = \"'*'\" }."
#     live: "aws apigateway put-gateway-response --response-type UNAUTHORIZED --response-parameters gatewayresponse.header.Access-Control-Allow-Origin=\"'*'\", then create a new deployment."
#     console: "Gateway responses > Unauthorized > Edit > add the Access-Control-Allow-Origin header, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [cors]
package authlint.rules.auth_errors_without_cors_headers

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.new(msg, api) if {
	some i, api in input.restApis
	not api.gatewayResponsesUnknown
	every r in api.gatewayResponses {
		value.known(r.type)
	}
	not may_have_origin(api, "UNAUTHORIZED")
	not may_have_origin(api, "DEFAULT_4XX")
	apigw.has_cognito_method(api)
	how := serves_cors(i, api)
	msg := sprintf(
		"API %s serves CORS (%s), but neither its UNAUTHORIZED nor its DEFAULT_4XX gateway response has an Access-Control-Allow-Origin header%s: browsers show every 401 Unauthorized as a CORS error. Add the header to the UNAUTHORIZED gateway response.",
		[apigw.label(api), how, also_denied(api)],
	)
}

# serves_cors says how API api (index i in input.restApis) serves CORS.
serves_cors(i, api) := sprintf("an OPTIONS method on %s", [paths[0]]) if {
	paths := sort([apigw.path(m) | some m in apigw.options_methods[i]])
	count(paths) > 0
} else := "SAM Cors" if {
	api.sam.cors
	not api.sam.cors.unknown
} else := sprintf("%s returns Access-Control-Allow-Origin", [names[0]]) if {
	names := sort([apigw.name(m) | some m in api.methods; m.cors.allowOrigin])
	count(names) > 0
}

# may_have_origin is true when the gateway response of that type has the
# header, or its headers cannot be read.
may_have_origin(api, type) if {
	some r in api.gatewayResponses
	r.type.value == type
	some h in r.headers
	lower(h.name) == "access-control-allow-origin"
}

may_have_origin(api, type) if {
	some r in api.gatewayResponses
	r.type.value == type
	r.headersUnknown
}

also_denied(api) := " (nor ACCESS_DENIED, so 403s from the resource policy look the same)" if {
	api.resourcePolicy
	not may_have_origin(api, "ACCESS_DENIED")
} else := ""
