# METADATA
# title: JWT authorizer issuer names another pool than its audience clients
# description: |
#   An HTTP API JWT authorizer accepts a token only when its iss equals the
#   issuer and its aud (ID token) or client_id (access token) is in the audience.
#   A Cognito token's iss names the user pool of the app client that obtained it.
#   When the issuer names one pool and every audience entry is an app client of
#   another pool, no token can satisfy both checks. Also reported: an issuer in
#   the ORIGINAL format (cognito-idp.) for a pool whose tokens use the UPDATED
#   format (issuer-cognito-idp.), or the reverse, when the pool's issuer format
#   is known. Nothing is reported when an audience entry or the pool of a client
#   cannot be resolved.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
# custom:
#   id: HT003
#   slug: jwt-issuer-pool-mismatch
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized on every route that uses the authorizer.
#   remediation: Make the issuer name the user pool whose app clients are in the audience, in the issuer format the pool uses.
#   fixes:
#     cloudformation: "Build JwtConfiguration.Issuer from the same AWS::Cognito::UserPool as the clients in Audience."
#     sam: "Build JwtConfiguration.issuer from the same user pool as the clients in audience."
#     terraform: "Build issuer from the aws_cognito_user_pool that the audience's aws_cognito_user_pool_client resources belong to."
#     live: "aws apigatewayv2 update-authorizer --api-id API_ID --authorizer-id AUTHORIZER_ID --jwt-configuration Issuer=ISSUER_OF_THE_CLIENTS_POOL,Audience=CLIENT_ID"
#     console: "HTTP API > Authorization > Manage authorizers > edit the authorizer: Issuer URL and Audience of the same user pool."
#   sources: [cloudformation, sam, terraform, live]
#   tags: [httpapi, authorizer, cognito]
package authlint.rules.jwt_issuer_pool_mismatch

import data.authlint.lib.httpapi
import data.authlint.lib.result
import data.authlint.lib.text

# The issuer links to a pool of the inventory.
deny contains result.at(msg, a, a.issuer) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	p := httpapi.issuer_pool(a)
	others := other_pools(a, p.ref)
	msg := sprintf(
		"JWT authorizer %s of %s trusts the issuer of user pool %s, but its audience lists only app clients of user pool %s: their tokens carry that pool's issuer, so every route that uses the authorizer answers 401 Unauthorized. %s",
		[httpapi.authorizer_label(a), httpapi.api_label(api), httpapi.pool_name(p), text.join_and(sort(others)), fix],
	)
}

# A literal issuer names a pool id that the inventory does not hold.
deny contains result.at(msg, a, a.issuer) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	not httpapi.issuer_pool(a)
	id := httpapi.issuer_pool_id(a.issuer.value)
	httpapi.audience_all_clients(a)
	clients := httpapi.audience_clients(a)
	pools := {p | some c in clients; p := httpapi.pool(c.userPool.target)}
	count(pools) > 0
	every c in clients {
		httpapi.pool(c.userPool.target).id.value != id
	}
	msg := sprintf(
		"JWT authorizer %s of %s has the issuer of user pool %s, but its audience lists only app clients of user pool %s: their tokens carry that pool's issuer, so every route that uses the authorizer answers 401 Unauthorized. %s",
		[httpapi.authorizer_label(a), httpapi.api_label(api), id, text.join_and(sort([httpapi.pool_name(p) | some p in pools])), fix],
	)
}

# The pool's issuer format is known and the issuer is written in the other.
deny contains result.at(msg, a, a.issuer) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	p := httpapi.issuer_pool(a)
	want := p.issuerFormat.value
	want in {"ORIGINAL", "UPDATED"}
	have := httpapi.issuer_format(a.issuer.value)
	have != want
	msg := sprintf(
		"JWT authorizer %s of %s writes the issuer of user pool %s in the %s format (%s), but the pool's issuer format is %s, so its tokens carry %s: every route that uses the authorizer answers 401 Unauthorized. Use %s.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), httpapi.pool_name(p), have, a.issuer.value, want, hosts[want], hosts[want]],
	)
}

hosts := {
	"ORIGINAL": "https://cognito-idp.REGION.amazonaws.com/POOL_ID",
	"UPDATED": "https://issuer-cognito-idp.REGION.amazonaws.com/POOL_ID",
}

fix := "Use the issuer of the pool whose clients call the API (an authorizer trusts one pool; add one authorizer per pool)."

# other_pools names the pools of the audience's clients when every entry is a
# client whose pool is known and none is pool ref.
other_pools(a, ref) := names if {
	httpapi.audience_all_clients(a)
	clients := httpapi.audience_clients(a)
	every c in clients {
		is_string(c.userPool.target)
		c.userPool.target != ref
	}
	names := {httpapi.pool_name(q) | some c in clients; q := httpapi.pool(c.userPool.target)}
	count(names) > 0
}
