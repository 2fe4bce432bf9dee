# METADATA
# title: Hosted-UI client cannot get an ID token for scope-less methods
# description: |
#   A Cognito-protected method without authorization scopes accepts only ID
#   tokens. The authorization code and implicit grants return an ID token only when
#   the openid scope is requested, and a client may request it only if openid is in
#   its AllowedOAuthScopes. A hosted-UI client of a pool whose tokens such a method
#   accepts, without openid, gets access tokens only, which the method refuses.
#   The client may be meant for other, scoped methods, hence a warning.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
# custom:
#   id: UP003
#   slug: openid-scope-not-allowed
#   severity: warning
#   security_severity: low
#   client_sees: 401 Unauthorized on the scope-less methods, because the client only ever has an access token.
#   remediation: Add openid to the app client's allowed OAuth scopes (and request it), or give the methods authorization scopes so they take access tokens.
#   fixes:
#     cloudformation: "Add openid to AllowedOAuthScopes of the AWS::Cognito::UserPoolClient."
#     sam: "Add openid to AllowedOAuthScopes of the AWS::Cognito::UserPoolClient."
#     cdk: "Add OAuthScope.OPENID to oAuth.scopes of the UserPoolClient."
#     terraform: "Add \"openid\" to allowed_oauth_scopes of aws_cognito_user_pool_client."
#     live: "aws cognito-idp update-user-pool-client --allowed-o-auth-scopes openid ... (pass every other setting too)."
#     console: "User pool > App clients > the client > Login pages > Edit > OpenID Connect scopes: OpenID."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [cognito, oauth, tokens]
package authlint.rules.openid_scope_not_allowed

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, c, c.allowedOAuthScopes) if {
	some c in input.appClients
	cognito.oauth_enabled(c)
	count(cognito.oauth_flows(c) & {"code", "implicit"}) > 0
	value.list_known(c.allowedOAuthScopes)
	not value.has(c.allowedOAuthScopes, "openid")
	p := cognito.pool(c.userPool.target)
	id_methods := id_methods_of_pool[p.ref]
	count(id_methods) > 0
	msg := sprintf(
		"App client %s signs users in through the hosted UI without openid in AllowedOAuthScopes, so it never gets an ID token; %s of user pool %s accept%s only ID tokens (no authorization scopes) and answer its access tokens with 401 Unauthorized. Add openid to AllowedOAuthScopes, or give those methods scopes.",
		[apigw.label(c), text.enumerate([n | some n in id_methods], 3), cognito.pool_name(p), text.plural(count(id_methods), "s", "")],
	)
}

# id_methods_of_pool holds, by pool ref, the names of the Cognito methods
# without scopes behind an authorizer of the pool. Worked out once per pool,
# not once per app client, in one pass over the methods (authorizers are looked
# up by ref in pools_by_authorizer, not searched per method): a pool can have
# many clients and authorizers, and an API tens of thousands of methods.
id_methods_of_pool[p.ref] := {apigw.name(m) |
	some i, api in input.restApis
	by_ref := pools_by_authorizer[i]
	some m in api.methods
	# apigw.scopeless and apigw.is_cognito_method written out: this runs for
	# every method, and a function call costs more than the test.
	m.authorizationScopes.items == []
	not m.authorizationScopes.unknown
	m.authorizationType.value == "COGNITO_USER_POOLS"
	p.ref in by_ref[m.authorizer.target]
} if {
	some p in input.userPools
}

# pools_by_authorizer holds, per API (by index) and per Cognito authorizer (by
# ref), the refs of the pools its providerARNs link to (as cognito.protects
# reads them). A complete rule: OPA computes it once per evaluation.
pools_by_authorizer := {i: by_ref |
	some i, api in input.restApis
	by_ref := {a.ref: pools |
		some a in api.authorizers
		value.is(a.type, "COGNITO_USER_POOLS")
		pools := {item.userPool.target | some item in a.providerArns.items}
	}
}
