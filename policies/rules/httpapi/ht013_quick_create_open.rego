# METADATA
# title: Quick-create HTTP API has an open $default route
# description: |
#   An HTTP API created with a target (quick create: CloudFormation's Target,
#   Terraform's target) gets, from API Gateway itself, an integration with that
#   target, a $default route without authorization, and an auto-deploying
#   $default stage. The $default route catches every request that no other route
#   matches, so while the API's authorizer protects the routes written beside it,
#   any other path reaches the target without a token. Reported for quick-create
#   APIs that have an authorizer (an API that means to check tokens).
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_api
# custom:
#   id: HT013
#   slug: quick-create-open
#   severity: error
#   security_severity: high
#   client_sees: 200 OK without any token on every path no other route matches (the $default route).
#   remediation: Do not use quick create for an API that needs authorization; define the integration and routes (with authorization type JWT) yourself.
#   fixes:
#     cloudformation: "Remove Target from the AWS::ApiGatewayV2::Api; add an AWS::ApiGatewayV2::Integration, routes with AuthorizationType JWT and a stage."
#     terraform: "Remove target from aws_apigatewayv2_api; add aws_apigatewayv2_integration, aws_apigatewayv2_route resources with authorization_type = \"JWT\" and an aws_apigatewayv2_stage."
#     console: "HTTP API > Routes > $default > Attach authorizer."
#   sources: [cloudformation, terraform]
#   tags: [httpapi, routes]
package authlint.rules.quick_create_open

import data.authlint.lib.httpapi
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, api, api.quickCreateTarget) if {
	some api in input.httpApis
	value.set_text(api.quickCreateTarget)
	count(api.authorizers) > 0
	not default_route_protected(api)
	msg := sprintf(
		"%s is created with quick create (a target), so API Gateway adds a $default route without authorization: any request that no other route matches reaches the target without a token, although the API has %s. Remove the target and define the integration and JWT routes yourself.",
		[httpapi.api_label(api), authorizer_names(api)],
	)
}

# default_route_protected is true when the input shows the $default route
# with authorization (a live API whose generated route was given an
# authorizer afterwards).
default_route_protected(api) if {
	some r in api.routes
	r.routeKey.value == "$default"
	r.authorizationType.value != "NONE"
}

authorizer_names(api) := sprintf("authorizer %s", [httpapi.authorizer_label(api.authorizers[0])]) if {
	count(api.authorizers) == 1
} else := sprintf("%d authorizers", [count(api.authorizers)])
