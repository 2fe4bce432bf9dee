# METADATA
# title: Catch-all JWT route also catches CORS preflights
# description: |
#   The $default route, and an ANY route on a greedy path such as ANY /{proxy+},
#   also receive the OPTIONS requests browsers send before a cross-origin call
#   with an Authorization header. Browsers send those preflights without the
#   token, so a JWT authorizer on the catch-all route refuses them, and the
#   browser reports a CORS error instead of calling the API. API Gateway answers
#   preflights itself only when the API has a CORS configuration; otherwise an
#   OPTIONS route without authorization is needed. Reported when the API has
#   neither; only browser clients are affected, hence a warning.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
# custom:
#   id: HT011
#   slug: default-route-preflight
#   severity: warning
#   security_severity: low
#   client_sees: The browser's preflight gets 401 Unauthorized, and the page sees a CORS error.
#   remediation: Configure CORS on the HTTP API (API Gateway then answers preflights), or add an OPTIONS route without authorization.
#   fixes:
#     openapi: "Add x-amazon-apigateway-cors to the API, or an options operation without security."
#     cloudformation: "Add CorsConfiguration to the AWS::ApiGatewayV2::Api, or a route OPTIONS /{proxy+} with AuthorizationType NONE."
#     sam: "Add CorsConfiguration to the AWS::Serverless::HttpApi."
#     cdk: "Pass corsPreflight to HttpApi."
#     terraform: "Add a cors_configuration block to aws_apigatewayv2_api, or an aws_apigatewayv2_route \"OPTIONS /{proxy+}\" without authorization."
#     live: "aws apigatewayv2 update-api --api-id API_ID --cors-configuration AllowOrigins=https://app.example.com,AllowHeaders=authorization"
#     console: "HTTP API > CORS > Configure."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [httpapi, cors]
package authlint.rules.default_route_preflight

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, r, r.routeKey) if {
	some api in input.httpApis
	not api.cors
	not api.routesUnknown
	not open_options(api)
	some r in api.routes
	httpapi.catch_all(r)
	httpapi.is_jwt_route(r)
	msg := sprintf(
		"Route %s of %s uses a JWT authorizer and also receives CORS preflights (OPTIONS), which browsers send without a token: they get 401 Unauthorized and the page sees a CORS error. Configure CORS on the API (API Gateway then answers preflights itself), or add an OPTIONS route without authorization.",
		[httpapi.route_key(r), httpapi.api_label(api)],
	)
}

open_options(api) if {
	some r in api.routes
	httpapi.is_options(r)
	r.authorizationType.value == "NONE"
}
