# METADATA
# title: JWT route without a JWT authorizer of its API
# description: |
#   A route with authorization type JWT must name a JWT authorizer of the same
#   HTTP API. With no authorizer, an authorizer that does not exist, a REQUEST
#   (Lambda) authorizer, or an authorizer of another API, API Gateway refuses the
#   route: "Invalid authorizer ID specified. Setting the authorization type to
#   JWT requires a valid JWT authorizer." Not reported when the authorizer the
#   route names cannot be resolved.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
# custom:
#   id: HT007
#   slug: jwt-route-without-authorizer
#   severity: error
#   security_severity: low
#   client_sees: The deployment fails with 400 "Invalid authorizer ID specified"; until it is fixed the route serves its previous configuration, or does not exist (404 Not Found).
#   remediation: Name a JWT authorizer of the same API in the route's authorizer id.
#   fixes:
#     cloudformation: "Set AuthorizerId: !Ref JwtAuthorizer (an AWS::ApiGatewayV2::Authorizer of the same ApiId, AuthorizerType JWT) on the route."
#     sam: "Name an authorizer of Auth.Authorizers with JwtConfiguration in the event's Auth.Authorizer."
#     terraform: "Set authorizer_id = aws_apigatewayv2_authorizer.jwt.id (an authorizer of the same api_id, authorizer_type = \"JWT\")."
#     live: "aws apigatewayv2 update-route --api-id API_ID --route-id ROUTE_ID --authorizer-id JWT_AUTHORIZER_ID"
#     console: "HTTP API > Authorization > the route > Attach authorizer: pick a JWT authorizer."
#   sources: [cloudformation, sam, terraform, live]
#   tags: [httpapi, routes]
package authlint.rules.jwt_route_without_authorizer

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, r, where) if {
	some api in input.httpApis
	some r in api.routes
	httpapi.is_jwt_route(r)
	some problem in problems(api, r)
	where := object.get(r, "authorizer", r.authorizationType)
	msg := sprintf(
		"Route %s of %s has authorization type JWT but %s: API Gateway refuses the route (400 \"Invalid authorizer ID specified\"), so the deployment fails. Name a JWT authorizer of the same API.",
		[httpapi.route_key(r), httpapi.api_label(api), problem],
	)
}

problems(api, r) := {"names no authorizer"} if {
	not r.authorizer
} else := {sprintf("names authorizer %s, which does not exist", [r.authorizer.missing.name])} if {
	r.authorizer.missing
} else := {sprintf("names %s, a %s authorizer", [httpapi.authorizer_label(a), a.type.value])} if {
	a := httpapi.authorizer(api, r.authorizer.target)
	is_string(a.type.value)
	a.type.value != "JWT"
} else := {sprintf("names %s, an authorizer of %s", [httpapi.authorizer_label(a), httpapi.api_label(other)])} if {
	target := r.authorizer.target
	not httpapi.authorizer(api, target)
	some other in input.httpApis
	other.ref != api.ref
	a := httpapi.authorizer(other, target)
}
