# METADATA
# title: JWT authorizer identity source is not one request header or query parameter
# description: |
#   An HTTP API JWT authorizer reads the token from exactly one identity source,
#   written as a selection expression: $request.header.NAME (usually
#   $request.header.Authorization) or $request.querystring.NAME. The REST API
#   syntax (method.request.header.Authorization), an expression without the
#   leading $ (request.header.Authorization), a context or stage variable, or more
#   than one entry is not a place API Gateway can take a JWT from: the authorizer
#   is refused when it is created, or finds no token and refuses the request.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
#   - ref: https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html
# custom:
#   id: HT006
#   slug: jwt-identity-source-invalid
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized (www-authenticate Bearer, no token found) on every route that uses the authorizer, or a 400 when the authorizer is created.
#   remediation: Set the identity source to the single entry $request.header.Authorization.
#   fixes:
#     openapi: "Set x-amazon-apigateway-authorizer.identitySource: $request.header.Authorization."
#     cloudformation: "Set IdentitySource: [$request.header.Authorization] on the AWS::ApiGatewayV2::Authorizer."
#     sam: "Set IdentitySource: $request.header.Authorization on the authorizer under Auth.Authorizers."
#     terraform: "Set identity_sources = [\"$request.header.Authorization\"] on aws_apigatewayv2_authorizer."
#     live: "aws apigatewayv2 update-authorizer --api-id API_ID --authorizer-id AUTHORIZER_ID --identity-source '$request.header.Authorization'"
#     console: "HTTP API > Authorization > Manage authorizers > edit the authorizer > Identity source: $request.header.Authorization."
#   sources: [openapi, cloudformation, sam, terraform, live]
#   tags: [httpapi, authorizer]
package authlint.rules.jwt_identity_source_invalid

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, a, a.identitySource) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	not a.identitySource.unknown
	n := count(a.identitySource.items)
	n != 1
	msg := sprintf(
		"JWT authorizer %s of %s has %d identity sources; a JWT authorizer reads the token from exactly one, so API Gateway refuses the authorizer or every request (401 Unauthorized). Use the single entry $request.header.Authorization.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), n],
	)
}

deny contains result.at(msg, a, item) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	not a.identitySource.unknown
	count(a.identitySource.items) == 1
	item := a.identitySource.items[0]
	s := item.value
	is_string(s)
	not regex.match(`^\$request\.(header|querystring)\.[^\s,]+$`, s)
	msg := sprintf(
		"JWT authorizer %s of %s reads the token from %q, which %s: API Gateway finds no token there (or refuses the authorizer), so every route that uses it answers 401 Unauthorized. %s",
		[httpapi.authorizer_label(a), httpapi.api_label(api), s, problem(s), fix(s)],
	)
}

problem(s) := "is the REST API syntax, not an HTTP API selection expression" if {
	startswith(s, "method.request.")
} else := "lacks the leading $ of a selection expression" if {
	regex.match(`^request\.(header|querystring)\.`, s)
} else := "is not a request header or query parameter" if {
	regex.match(`^\$(context|stageVariables)\.`, s)
} else := "is not a request header or query parameter" if {
	startswith(s, "route.request.")
} else := "is not of the form $request.header.NAME"

fix(s) := sprintf("Write $request.header.%s.", [name]) if {
	m := regex.find_all_string_submatch_n(`^(?:method\.|route\.)?\$?request\.header\.([^\s,]+)$`, s, 1)[0]
	name := m[1]
} else := "Use $request.header.Authorization."
