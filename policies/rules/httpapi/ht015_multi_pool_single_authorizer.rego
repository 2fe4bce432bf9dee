# METADATA
# title: One JWT authorizer for app clients of several user pools
# description: |
#   A JWT authorizer has one issuer, and a Cognito token's iss names the user
#   pool of the app client that obtained it. When the audience lists app clients
#   of two or more pools, the routes using the authorizer were meant for users of
#   each pool, but only tokens of the issuer's pool can pass: clients of the other
#   pools are refused. Use one authorizer per pool (and routes for each).
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
# custom:
#   id: HT015
#   slug: multi-pool-single-authorizer
#   severity: note
#   security_severity: low
#   client_sees: 401 Unauthorized for tokens of the clients whose pool is not the issuer's.
#   remediation: Create one JWT authorizer per user pool, each with that pool's issuer and clients.
#   fixes:
#     cloudformation: "Add an AWS::ApiGatewayV2::Authorizer per user pool and point each route at the one for its users."
#     sam: "Add one authorizer per user pool under Auth.Authorizers and name the right one in each event's Auth."
#     terraform: "Add an aws_apigatewayv2_authorizer per user pool and set each route's authorizer_id accordingly."
#     live: "aws apigatewayv2 create-authorizer per user pool, then update-route --authorizer-id for each route."
#     console: "HTTP API > Authorization > Manage authorizers > Create: one per user pool."
#   sources: [cloudformation, sam, terraform, live]
#   tags: [httpapi, authorizer, cognito]
package authlint.rules.multi_pool_single_authorizer

import data.authlint.lib.httpapi
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.at(msg, a, a.audience) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	pools := {p | some c in httpapi.audience_clients(a); p := httpapi.pool(c.userPool.target)}
	count(pools) > 1
	names := sort([httpapi.pool_name(p) | some p in pools])
	msg := sprintf(
		"JWT authorizer %s of %s lists app clients of user pools %s in its audience, but it has one issuer%s: tokens of the other %s are refused with 401 Unauthorized. Create one JWT authorizer per user pool.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), text.join_and(names), issuer_pool(a), text.plural(count(pools) - 1, "pool's clients", "pools' clients")],
	)
}

issuer_pool(a) := sprintf(" (user pool %s)", [httpapi.pool_name(httpapi.issuer_pool(a))]) if {
	httpapi.issuer_pool(a)
} else := ""
