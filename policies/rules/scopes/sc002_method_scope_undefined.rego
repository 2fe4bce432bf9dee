# METADATA
# title: Method scope is not defined by the user pool
# description: |
#   A method scope must be a standard scope (openid, email, phone, profile,
#   aws.cognito.signin.user.admin) or a custom scope written in full as
#   RESOURCE_SERVER_IDENTIFIER/SCOPE_NAME, defined by a resource server of a user
#   pool the authorizer trusts. Any other scope, typically the short form "read"
#   for "api/read" or a typo, can never be in a token. API Gateway accepts a token
#   that carries any one of the method's scopes, so the method refuses every call
#   when none of its scopes can be issued. Reported only when every pool of the
#   authorizer is fully known and none has a pre-token-generation trigger that can
#   add scopes (V2_0, V3_0). OPTIONS methods are left out (see CR001).
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
# custom:
#   id: SC002
#   slug: method-scope-undefined
#   severity: error
#   security_severity: low
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}) for every access token, unless it carries another of the method's scopes.
#   remediation: Write the scope in full as IDENTIFIER/NAME of a resource server of the pool, or define it on a resource server.
#   fixes:
#     cloudformation: "Use the full scope name in AuthorizationScopes, or add the scope to an AWS::Cognito::UserPoolResourceServer."
#     sam: "Use the full scope name in AuthorizationScopes, or add the scope to an AWS::Cognito::UserPoolResourceServer."
#     cdk: "Use ResourceServerScope / OAuthScope.resourceServer(server, scope).scopeName in authorizationScopes."
#     terraform: "Use an element of aws_cognito_resource_server.api.scope_identifiers in authorization_scopes."
#     live: "Update the method's authorizationScopes (or the resource server's scopes) and create a new deployment."
#     console: "Resources > the method > Method request > Authorization scopes: use IDENTIFIER/NAME, then Deploy API."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [scopes, cognito]
package authlint.rules.method_scope_undefined

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.at(msg, m, item) if {
	some i, api in input.restApis
	# Read once per API: a lookup in a local value is cheaper than one in a
	# rule, and this loop visits every method.
	by_ref := checkable[i]
	some m in api.methods
	# This runs for every method: the lookup first, no function calls.
	checked := by_ref[m.authorizer.target]
	some item in m.authorizationScopes.items
	s := item.value
	not s in checked.issuable
	m.authorizationType.value == "COGNITO_USER_POOLS"
	m.httpMethod.value != "OPTIONS" # apigw.is_not_options
	defined := checked.defined
	msg := sprintf(
		"%s requires scope %s, which is neither a standard scope nor defined by a resource server of user pool %s%s: no token can carry it, so %s. %s",
		[apigw.name(m), s, text.join_and(checked.pool_names), hint(s, defined), consequence(m, defined), fix(s, defined)],
	)
}

# checkable holds, per API (by index) and per Cognito authorizer (by ref) whose
# pools are all known with no trigger that can add scopes, the scopes those
# pools define and their names. Worked out once per authorizer, not once per
# method (a complete rule: OPA computes it once per evaluation): large APIs
# have tens of thousands of methods and a handful of
# authorizers.
checkable := {i: by_ref |
	some i, api in input.restApis
	by_ref := {a.ref: info |
		some a in api.authorizers
		a.type.value == "COGNITO_USER_POOLS"
		cognito.all_pools_complete(a)
		pools := cognito.pools_of(a)
		every p in pools {
			cognito.resource_servers_known(p)
			not cognito.trigger_may_add_scopes(p)
		}
		defined := union({cognito.defined_scopes(p) | some p in pools})
		pool_names := sort([cognito.pool_name(p) | some p in pools])
		info := {"defined": defined, "issuable": cognito.standard_scopes | defined, "pool_names": pool_names}
	}
}

issuable(s, defined) if s in (cognito.standard_scopes | defined)

# A short form ("read" for "api/read") is the classic mistake.
hint(s, defined) := sprintf(" (custom scopes are written IDENTIFIER/NAME; did you mean %s?)", [text.join_and(sort(full))]) if {
	not contains(s, "/")
	full := {d | some d in defined; endswith(d, concat("", ["/", s]))}
	count(full) > 0
} else := sprintf(" (did you mean %s?)", [text.join_and(sort(close))]) if {
	close := {d | some d in defined; lower(replace(d, "/", ".")) == lower(replace(s, "/", "."))}
	count(close) > 0
} else := sprintf(" (the pool defines %s)", [text.enumerate([d | some d in defined], 5)]) if {
	count(defined) > 0
} else := " (the pool defines no custom scopes)"

consequence(m, defined) := "every access token is refused with 401 Unauthorized" if {
	every item in m.authorizationScopes.items {
		not issuable(item.value, defined)
	}
} else := "it only lets through tokens that carry another of the method's scopes"

fix(s, defined) := "Write the scope in full as IDENTIFIER/NAME." if {
	not contains(s, "/")
	some d in defined
	endswith(d, concat("", ["/", s]))
} else := "Use a scope a resource server of the pool defines, or add it to one."
