# METADATA
# title: No token can carry any of the route's scopes
# description: |
#   A JWT route with authorization scopes accepts an access token whose scope
#   claim holds at least one of them. A Cognito access token carries a custom
#   scope only when a resource server of the pool defines it (written in full,
#   IDENTIFIER/NAME) and the app client that asks for the token may request it
#   (AllowedOAuthScopes, with OAuth enabled); aws.cognito.signin.user.admin is in
#   every access token the user pools API issues. When none of a route's scopes
#   can be obtained, by any client in the authorizer's audience, every call is
#   refused. Reported only when the issuer's user pool is linked and fully known
#   (all of its resource servers, and the audience's app clients when the
#   conclusion is about clients), and it has no pre-token-generation trigger that
#   can add scopes (V2_0, V3_0). OPTIONS routes are left out. Which status API
#   Gateway answers for a missing scope on an HTTP API (401 or 403) is not
#   documented.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
# custom:
#   id: HT010
#   slug: route-scope-unobtainable
#   severity: error
#   security_severity: low
#   client_sees: Every call is refused (401 Unauthorized or 403 Forbidden; AWS does not document which for HTTP APIs), whatever token is sent.
#   remediation: Use scopes the pool defines (IDENTIFIER/NAME of a resource server) and allow them on the app clients in the audience.
#   fixes:
#     cloudformation: "Use the full scope name in the route's AuthorizationScopes, and add it to AllowedOAuthScopes of the AWS::Cognito::UserPoolClient in the audience."
#     sam: "Use the full scope name in AuthorizationScopes, and add it to AllowedOAuthScopes of the client in the authorizer's audience."
#     terraform: "Use an element of aws_cognito_resource_server.api.scope_identifiers in authorization_scopes, and add it to allowed_oauth_scopes of the audience's aws_cognito_user_pool_client."
#     live: "Update the route's authorization scopes (aws apigatewayv2 update-route) or the client's AllowedOAuthScopes (aws cognito-idp update-user-pool-client, passing every setting)."
#     console: "User pool > App clients > the client > Login pages > Custom scopes; HTTP API > Authorization > the route's scopes."
#   sources: [cloudformation, sam, terraform, live]
#   tags: [httpapi, scopes, cognito]
package authlint.rules.route_scope_unobtainable

import data.authlint.lib.cognito
import data.authlint.lib.httpapi
import data.authlint.lib.result
import data.authlint.lib.text

# No scope of the route is defined by the pool.
deny contains result.at(msg, r, r.authorizationScopes.items[0]) if {
	some i, api in input.httpApis
	some r in api.routes
	scopes := route_scopes(r)
	info := checkable[i][r.authorizer.target]
	httpapi.jwt_authorizer_of(api, r)
	every s in scopes {
		not s in info.issuable
	}
	msg := sprintf(
		"Route %s of %s requires %s %s, which user pool %s does not define (custom scopes are IDENTIFIER/NAME of a resource server%s): no token can carry %s, so API Gateway refuses every call. Use a scope a resource server of the pool defines, or add it to one.",
		[
			httpapi.route_key(r), httpapi.api_label(api), text.plural(count(scopes), "scope", "one of the scopes"), text.enumerate(scopes, 5),
			info.pool, defined_hint(info.defined), text.plural(count(scopes), "it", "them"),
		],
	)
}

# Some scope is defined, but no client of the audience may request any.
deny contains result.at(msg, r, r.authorizationScopes.items[0]) if {
	some i, api in input.httpApis
	some r in api.routes
	scopes := route_scopes(r)
	info := checkable[i][r.authorizer.target]
	httpapi.jwt_authorizer_of(api, r)
	info.clients_known
	not cognito.sdk_scope in scopes
	some s in scopes
	s in info.issuable
	every t in scopes {
		not t in info.grantable
	}
	msg := sprintf(
		"Route %s of %s requires %s %s, which no app client in the authorizer's audience (%s) may request (none has %s in AllowedOAuthScopes with OAuth enabled): no access token of those clients can carry %s, so API Gateway refuses every call. Allow the scope on the app client that calls the API.",
		[
			httpapi.route_key(r), httpapi.api_label(api), text.plural(count(scopes), "scope", "one of the scopes"), text.enumerate(scopes, 5),
			text.enumerate(info.client_names, 5), text.plural(count(scopes), "it", "them"), text.plural(count(scopes), "it", "them"),
		],
	)
}

# route_scopes are the known scopes of a JWT route (undefined when any is
# unknown, or when there is none).
route_scopes(r) := scopes if {
	httpapi.is_jwt_route(r)
	not httpapi.is_options(r)
	not r.authorizationScopes.unknown
	count(r.authorizationScopes.items) > 0
	scopes := [v | some item in r.authorizationScopes.items; v := item.value; is_string(v)]
	count(scopes) == count(r.authorizationScopes.items)
}

defined_hint(defined) := sprintf("; it defines %s", [text.enumerate([d | some d in defined], 5)]) if {
	count(defined) > 0
} else := "; it defines none"

# checkable holds, per API (by index) and per JWT authorizer (by ref) whose
# issuer links to a complete pool with known resource servers and no trigger
# that can add scopes: the scopes the pool can issue, and, when every audience
# entry is a known client, the scopes those clients may request. Computed once
# per evaluation, not once per route.
checkable := {i: by_ref |
	some i, api in input.httpApis
	by_ref := {a.ref: info |
		some a in api.authorizers
		httpapi.is_jwt(a)
		p := httpapi.issuer_pool(a)
		p.complete == true
		cognito.resource_servers_known(p)
		not cognito.trigger_may_add_scopes(p)
		defined := cognito.defined_scopes(p)
		info := object.union(
			{"pool": httpapi.pool_name(p), "defined": defined, "issuable": cognito.standard_scopes | defined},
			clients_info(a),
		)
	}
}

clients_info(a) := {"clients_known": true, "grantable": grantable, "client_names": names} if {
	httpapi.audience_all_clients(a)
	clients := httpapi.audience_clients(a)
	every c in clients {
		cognito.client_oauth_known(c)
	}
	grantable := {s |
		some c in clients
		cognito.oauth_enabled(c)
		some item in c.allowedOAuthScopes.items
		s := item.value
	}
	names := [httpapi.client_name(c) | some c in clients]
} else := {"clients_known": false}
