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

deny contains result.at(msg, m, m.authorizationScopes.items[0]) if {
	some i, api in input.restApis
	# Read once per API: a lookup in a local value is cheaper than one in a
	# rule, and this loop visits every method.
	by_ref := checkable[i]
	some m in api.methods
	# This runs for every method: the lookup first, then the way out for the
	# usual method, whose first scope some client may request (the rule wants
	# none of them requestable).
	checked := by_ref[m.authorizer.target]
	not m.authorizationScopes.items[0].value in checked.grantable
	m.authorizationType.value == "COGNITO_USER_POOLS"
	m.httpMethod.value != "OPTIONS" # apigw.is_not_options, without a call per method
	count(m.authorizationScopes.items) > 0
	# value.list_known and value.values in one pass.
	not m.authorizationScopes.unknown
	scopes := [v | some item in m.authorizationScopes.items; v := item.value; v != null]
	count(scopes) == count(m.authorizationScopes.items)
	not cognito.sdk_scope in scopes
	issuable := [s | some s in scopes; s in checked.issuable]
	count(issuable) > 0
	every s in scopes {
		not s in checked.grantable
	}
	msg := sprintf(
		"%s requires %s %s, which no app client of user pool %s may request (none has %s in AllowedOAuthScopes with OAuth enabled): no access token can carry %s, so every call answers 401 Unauthorized. Add the scope to the AllowedOAuthScopes of the app client that calls the API.",
		[
			apigw.name(m), text.plural(count(scopes), "scope", "one of the scopes"), text.enumerate(scopes, 5),
			text.join_and(checked.pool_names), text.plural(count(scopes), "it", "them"), text.plural(count(scopes), "it", "them"),
		],
	)
}

# checkable holds, per API (by index) and per Cognito authorizer (by ref) whose
# pools and their clients are all known with no trigger that can add scopes:
# the scopes the pools can issue, the scopes some client may request, and the
# pool names. Worked out once per authorizer, not once per method (a complete
# rule: OPA computes it once per evaluation): large APIs
# have tens of thousands of methods and a handful of authorizers.
checkable := {i: by_ref |
	some i, api in input.restApis
	by_ref := {a.ref: info |
		some a in api.authorizers
		a.type.value == "COGNITO_USER_POOLS"
		cognito.all_pools_complete(a)
		pools := cognito.pools_of(a)
		every p in pools {
			cognito.clients_known(p)
			cognito.resource_servers_known(p)
			not cognito.trigger_may_add_scopes(p)
		}
		issuable := cognito.standard_scopes | union({cognito.defined_scopes(p) | some p in pools})
		grantable := {s |
			some p in pools
			some c in cognito.clients_of(p)
			cognito.oauth_enabled(c)
			some item in c.allowedOAuthScopes.items
			s := item.value
		}
		pool_names := sort([cognito.pool_name(p) | some p in pools])
		info := {"issuable": issuable, "grantable": grantable, "pool_names": pool_names}
	}
}
