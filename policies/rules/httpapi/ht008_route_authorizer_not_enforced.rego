# METADATA
# title: Route names an authorizer but does not use it
# description: |
#   A route runs its authorizer only when its authorization type says so (JWT
#   for a JWT authorizer). A route with an authorizer id and authorization type
#   NONE, which is the default when the type is not written (Terraform's
#   authorization_type, CloudFormation's AuthorizationType), is open: API Gateway
#   ignores the authorizer and passes every request, with or without a token, to
#   the integration. OPTIONS routes are left out (preflights are meant to be
#   open).
# related_resources:
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_route
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigatewayv2-route.html
# custom:
#   id: HT008
#   slug: route-authorizer-not-enforced
#   severity: error
#   security_severity: high
#   client_sees: 200 OK without any token; the route is open to anyone.
#   remediation: Set the route's authorization type to JWT (for a JWT authorizer) beside its authorizer id.
#   fixes:
#     cloudformation: "Add AuthorizationType: JWT to the AWS::ApiGatewayV2::Route beside AuthorizerId."
#     terraform: "Add authorization_type = \"JWT\" to the aws_apigatewayv2_route beside authorizer_id (the default is NONE)."
#     console: "HTTP API > Authorization > the route > Attach authorizer (the console sets the type)."
#   sources: [cloudformation, terraform]
#   tags: [httpapi, routes]
package authlint.rules.route_authorizer_not_enforced

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, r, r.authorizer) if {
	some api in input.httpApis
	some r in api.routes
	r.authorizer
	r.authorizationType.value == "NONE"
	not httpapi.is_options(r)
	is_string(r.routeKey.value)
	msg := sprintf(
		"Route %s of %s names %s but its authorization type is NONE%s: API Gateway does not run the authorizer, so anyone can call the route without a token. Set the authorization type to JWT.",
		[httpapi.route_key(r), httpapi.api_label(api), authorizer_name(api, r), default_note(r)],
	)
}

authorizer_name(api, r) := sprintf("authorizer %s", [httpapi.authorizer_label(a)]) if {
	a := httpapi.authorizer(api, r.authorizer.target)
} else := "an authorizer"

default_note(r) := " (the default when none is written)" if {
	not r.authDeclared
} else := ""
