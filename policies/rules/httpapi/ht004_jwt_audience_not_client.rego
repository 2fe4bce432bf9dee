# METADATA
# title: JWT authorizer audience entry is not an app client id
# description: |
#   An HTTP API JWT authorizer accepts a token only when its aud claim (ID
#   tokens) or, when there is no aud, its client_id claim (Cognito access tokens)
#   is one of the audience entries. Both claims hold the id of the app client
#   that obtained the token, so the audience must list app client ids: a user
#   pool id (which older CDK versions wrote), a resource server identifier or
#   the id of a client of another pool never matches. Reported for entries that
#   are a user pool id or a reference to a pool, a resource server identifier,
#   and ids that no app client of the issuer's pool has, when every client of
#   that pool is known.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
# custom:
#   id: HT004
#   slug: jwt-audience-not-client
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized with www-authenticate error_description="the token does not have a valid audience", for every token when no audience entry is a client id.
#   remediation: List the ids of the app clients that call the API in the authorizer's audience.
#   fixes:
#     openapi: "List app client ids in x-amazon-apigateway-authorizer.jwtConfiguration.audience."
#     cloudformation: "Use JwtConfiguration.Audience: [!Ref UserPoolClient] (an AWS::Cognito::UserPoolClient), not !Ref UserPool."
#     sam: "Use JwtConfiguration.audience: [!Ref UserPoolClient] under Auth.Authorizers."
#     cdk: "Pass userPoolClients to HttpUserPoolAuthorizer, or client.userPoolClientId in jwtAudience of HttpJwtAuthorizer."
#     terraform: "Use audience = [aws_cognito_user_pool_client.client.id] in jwt_configuration, not the pool's id."
#     live: "aws apigatewayv2 update-authorizer --api-id API_ID --authorizer-id AUTHORIZER_ID --jwt-configuration Audience=CLIENT_ID,Issuer=ISSUER"
#     console: "HTTP API > Authorization > Manage authorizers > edit the authorizer > Audience: the app client ids."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [httpapi, authorizer, cognito]
package authlint.rules.jwt_audience_not_client

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, a, e) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	some e in a.audience.items
	what := not_client(a, e)
	msg := sprintf(
		"JWT authorizer %s of %s lists %s in its audience, which %s; Cognito tokens carry the app client id in aud (ID tokens) or client_id (access tokens), so %s List the ids of the app clients that call the API.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), httpapi.text_of(e.value), what, consequence(a)],
	)
}

pool_id_re := `^[a-z]{2}(-[a-z]+)+-[0-9]_[0-9A-Za-z]+$`

# not_client explains why an audience entry is not an app client id.
not_client(a, e) := sprintf("is user pool %s, not an app client", [httpapi.pool_name(p)]) if {
	p := httpapi.pool(e.userPool.target)
} else := "is a user pool id, not an app client id" if {
	regex.match(pool_id_re, e.value.value)
} else := sprintf("is the identifier of resource server %s, not an app client id", [rs_name]) if {
	some rs in input.resourceServers
	rs.identifier.value == e.value.value
	rs_name := httpapi.name_of(rs)
} else := sprintf("is the id of no app client of user pool %s", [httpapi.pool_name(p)]) if {
	v := e.value.value
	is_string(v)
	not e.appClient.target
	p := httpapi.issuer_pool(a)
	p.complete == true
	clients := [c | some c in input.appClients; c.userPool.target == p.ref]
	count(clients) > 0
	every c in clients {
		is_string(c.id.value)
		c.id.value != v
	}
}

consequence(a) := "no token can match it, and every route that uses the authorizer answers 401 Unauthorized (\"the token does not have a valid audience\")." if {
	every e in a.audience.items {
		not_client(a, e)
	}
} else := "the entry matches no token (tokens of the other entries still pass)."
