# METADATA
# title: JWT route requires no scope
# description: |
#   An HTTP API JWT authorizer checks a token's issuer, audience and lifetime,
#   and its scopes only when the route lists some. Cognito ID tokens and access
#   tokens both pass a route without scopes ("no standard mechanism to
#   differentiate" them, as the API Gateway guide puts it): any signed-in user of
#   any audience client can call it, whatever the client was meant for. That may
#   be intended; list authorization scopes when only some clients or users should
#   reach the route. OPTIONS routes are left out.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
# custom:
#   id: HT009
#   slug: route-no-scopes
#   severity: note
#   security_severity: low
#   client_sees: 200 OK for any valid ID or access token of an audience client, whatever it was issued for.
#   remediation: List the scopes the route needs in its authorization scopes, and issue them to the clients that may call it.
#   fixes:
#     openapi: "List scopes in the operation's security requirement: security: [{Authorizer: [api/read]}]."
#     cloudformation: "Add AuthorizationScopes to the AWS::ApiGatewayV2::Route."
#     sam: "Add AuthorizationScopes to the event's Auth (or to the authorizer as its default)."
#     terraform: "Add authorization_scopes to the aws_apigatewayv2_route."
#     live: "aws apigatewayv2 update-route --api-id API_ID --route-id ROUTE_ID --authorization-scopes SCOPE"
#     console: "HTTP API > Authorization > the route > edit the authorizer's scopes."
#   sources: [openapi, cloudformation, sam, terraform, live]
#   tags: [httpapi, scopes]
package authlint.rules.route_no_scopes

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, r, r.authorizationType) if {
	some api in input.httpApis
	some r in api.routes
	httpapi.is_jwt_route(r)
	not r.authorizationScopes.unknown
	count(r.authorizationScopes.items) == 0
	not httpapi.is_options(r)
	a := httpapi.jwt_authorizer_of(api, r)
	msg := sprintf(
		"Route %s of %s requires no scope: authorizer %s accepts any ID or access token of its audience clients. If only some clients or users should reach the route, list the scopes it needs.",
		[httpapi.route_key(r), httpapi.api_label(api), httpapi.authorizer_label(a)],
	)
}
