# METADATA
# title: No app client may request the method's scopes
# description: |
#   An access token carries a scope only when an app client of the pool is allowed
#   to request it: AllowedOAuthFlowsUserPoolClient true, at least one OAuth flow,
#   and the scope in AllowedOAuthScopes. When no client of any pool the authorizer
#   trusts may request any of the method's scopes, no token can pass the method.
#   aws.cognito.signin.user.admin is left out: every access token from the user
#   pools API carries it. Scopes no resource server defines are SC002's business.
#   Reported only when every pool of the authorizer is fully known (all of its app
#   clients are in the input) and none has a pre-token-generation trigger that can
#   add scopes (V2_0, V3_0). OPTIONS methods are left out (see CR001).
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
#   - ref: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
# custom:
#   id: SC003
#   slug: method-scope-not-grantable
#   severity: error
#   security_severity: low
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) for every access token; requesting the scope at the token endpoint fails with invalid_scope.
#   remediation: Allow the scope on the app client that calls the API (AllowedOAuthScopes, with AllowedOAuthFlowsUserPoolClient true and an OAuth flow).
#   fixes:
#     cloudformation: "Add the scope to AllowedOAuthScopes of the AWS::Cognito::UserPoolClient, with AllowedOAuthFlowsUserPoolClient: true and AllowedOAuthFlows."
#     sam: "Add the scope to AllowedOAuthScopes of the AWS::Cognito::UserPoolClient, with AllowedOAuthFlowsUserPoolClient: true and AllowedOAuthFlows."
#     cdk: "Add OAuthScope.resourceServer(server, scope) to oAuth.scopes of the UserPoolClient."
#     terraform: "Add the scope to allowed_oauth_scopes of aws_cognito_user_pool_client, with allowed_oauth_flows_user_pool_client = true."
#     live: "aws cognito-idp update-user-pool-client --allowed-o-auth-scopes ... --allowed-o-auth-flows-user-pool-client (update-user-pool-client resets omitted settings: pass them all)."
#     console: "User pool > App clients > the client > Login pages > Custom scopes: select the scope."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [scopes, cognito]
package authlint.rules.method_scope_not_grantable

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, m, m.authorizationScopes.items[0]) if {
	some api in input.restApis
	some m in api.methods
	count(m.authorizationScopes.items) > 0
	m.authorizationType.value == "COGNITO_USER_POOLS"
	apigw.is_not_options(m)
	value.list_known(m.authorizationScopes)
	scopes := value.values(m.authorizationScopes)
	not cognito.sdk_scope in scopes
	a := apigw.authorizer(api.authorizers, m.authorizer.target)
	a.type.value == "COGNITO_USER_POOLS"
	cognito.all_pools_complete(a)
	pools := cognito.pools_of(a)
	every p in pools {
		cognito.clients_known(p)
		cognito.resource_servers_known(p)
		not cognito.trigger_may_add_scopes(p)
	}
	defined := union({cognito.defined_scopes(p) | some p in pools})
	issuable := [s | some s in scopes; s in (cognito.standard_scopes | defined)]
	count(issuable) > 0
	every s in scopes {
		not grantable(pools, s)
	}
	pool_names := sort([cognito.pool_name(p) | some p in pools])
	msg := sprintf(
		"%s requires %s %s, which no app client of user pool %s may request (none has %s in AllowedOAuthScopes with OAuth enabled): no access token can carry %s, so every call answers 401 Unauthorized. Add the scope to the AllowedOAuthScopes of the app client that calls the API.",
		[
			apigw.name(m), text.plural(count(scopes), "scope", "one of the scopes"), text.enumerate(scopes, 5),
			text.join_and(pool_names), text.plural(count(scopes), "it", "them"), text.plural(count(scopes), "it", "them"),
		],
	)
}

grantable(pools, s) if {
	some p in pools
	some c in cognito.clients_of(p)
	cognito.grants(c, s)
}
