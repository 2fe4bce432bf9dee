# METADATA
# title: Custom scope required but the user pool has no domain
# description: |
#   Access tokens carry custom scopes only when they come from the OAuth 2.0
#   endpoints (/oauth2/authorize, /oauth2/token), which exist only once the user
#   pool has a domain (prefix or custom). Sign-in through the user pools API
#   (InitiateAuth, SRP, Amplify signIn) issues access tokens with
#   aws.cognito.signin.user.admin only. A pre-token-generation trigger of version
#   V2_0 or V3_0 can add scopes, so pools with one (or with a version authlint
#   cannot know) are not reported. Reported only for methods whose scopes are all
#   custom, on pools that are fully known. OPTIONS methods are left out (see
#   CR001).
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
# custom:
#   id: SC004
#   slug: custom-scope-without-oauth-domain
#   severity: error
#   security_severity: low
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) for every token; no token of the pool can carry a custom scope.
#   remediation: Give the user pool a domain and obtain tokens from its OAuth 2.0 endpoints, or add the scopes with a V2_0/V3_0 pre-token-generation trigger.
#   fixes:
#     cloudformation: "Add an AWS::Cognito::UserPoolDomain for the pool and get tokens from https://DOMAIN/oauth2/token."
#     sam: "Add an AWS::Cognito::UserPoolDomain for the pool and get tokens from https://DOMAIN/oauth2/token."
#     cdk: "Call userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: '...' } })."
#     terraform: "Add an aws_cognito_user_pool_domain for the pool."
#     live: "aws cognito-idp create-user-pool-domain --domain PREFIX --user-pool-id POOL_ID"
#     console: "User pool > Branding > Domain > Actions > Create Cognito domain."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [scopes, cognito]
package authlint.rules.custom_scope_without_oauth_domain

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.at(msg, m, m.authorizationScopes.items[0]) if {
	some i, api in input.restApis
	# Read once per API: a lookup in a local value is cheaper than one in a
	# rule, and this loop visits every method.
	by_ref := domainless[i]
	some m in api.methods
	# The lookup first: this runs for every method, and most authorizers are
	# not in domainless (their pool has a domain), which ends the work here.
	pool_names := by_ref[m.authorizer.target]
	m.authorizationType.value == "COGNITO_USER_POOLS"
	m.httpMethod.value != "OPTIONS" # apigw.is_not_options, without a call per method
	count(m.authorizationScopes.items) > 0
	# value.list_known and value.values in one pass.
	not m.authorizationScopes.unknown
	scopes := [v | some item in m.authorizationScopes.items; v := item.value; v != null]
	count(scopes) == count(m.authorizationScopes.items)
	every s in scopes {
		cognito.is_custom_scope(s)
	}
	msg := sprintf(
		"%s requires custom %s %s, but user pool %s has no domain: only the OAuth 2.0 endpoints of a user pool domain issue tokens with custom scopes (API sign-in gives aws.cognito.signin.user.admin only), so every call answers 401 Unauthorized. Add a user pool domain and get tokens from its /oauth2/token endpoint.",
		[apigw.name(m), text.plural(count(scopes), "scope", "scopes"), text.enumerate(scopes, 5), text.join_and(pool_names)],
	)
}

# domainless holds, per API (by index) and per Cognito authorizer (by ref)
# whose pools are all known, none with a domain or a trigger that can add
# scopes, the names of those pools. Worked out once per authorizer, not once
# per method (a complete rule: OPA computes it once per evaluation): large
# APIs have tens of thousands of methods and a handful of
# authorizers.
domainless := {i: by_ref |
	some i, api in input.restApis
	by_ref := {a.ref: pool_names |
		some a in api.authorizers
		a.type.value == "COGNITO_USER_POOLS"
		cognito.all_pools_complete(a)
		pools := cognito.pools_of(a)
		every p in pools {
			not cognito.has_domain(p)
			not cognito.trigger_may_add_scopes(p)
		}
		pool_names := sort([cognito.pool_name(p) | some p in pools])
	}
}
