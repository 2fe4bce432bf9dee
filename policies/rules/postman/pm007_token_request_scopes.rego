# METADATA
# title: Token request scopes cannot give the tokens the API needs
# description: |
#   Cognito issues an ID token only when the authorization request asks for the
#   openid scope (authorization code, PKCE and implicit grants). A collection
#   that asks for other scopes without openid gets an access token only, and a
#   Cognito-protected REST method without authorization scopes accepts only ID
#   tokens. Whether the collection's requests need an ID token depends on the
#   methods they call, hence a warning. When the scan also holds the app client
#   the collection's client id names (a live account exported with --live, or
#   a snapshot), every scope asked for must also be one the client allows
#   (AllowedOAuthScopes); Cognito refuses the request with invalid_scope
#   otherwise. When the scan holds the user pool whose domain the collection
#   calls (a template or a live account), every custom scope must be one a
#   resource server of that pool defines (identifier/name), for the same
#   reason. A scope that does not resolve could be
#   openid and is not judged; no scope at all lets Cognito grant every scope
#   the app client allows and is not judged either.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
# custom:
#   id: PM007
#   slug: token-request-scopes
#   severity: warning
#   security_severity: low
#   client_sees: 401 Unauthorized from methods without authorization scopes, which accept only the ID token the request never gets.
#   remediation: Add openid to the oauth2 scope (and to the app client's allowed OAuth scopes), or give the methods authorization scopes so they take access tokens.
#   fixes:
#     postman: "Add openid to the oauth2 scope, e.g. \"openid email\"."
#     console: "Postman > Authorization > OAuth 2.0 > Scope: add openid."
#   sources: [postman]
#   tags: [postman, oauth, tokens]
#   resources: [tokenRequest]
package authlint.rules.token_request_scopes

import data.authlint.lib.cognito
import data.authlint.lib.joined
import data.authlint.lib.postman
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, t, t.scopes) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.cognito_like(t)
	postman.grant(t) in postman.browser_grants
	value.list_known(t.scopes)
	value.nonempty(t.scopes)
	not value.has(t.scopes, "openid")
	msg := sprintf(
		"Postman %s asks for the scopes %q without openid: Cognito then issues no ID token, and Cognito-protected methods without authorization scopes, which accept only ID tokens, answer 401 Unauthorized. Add openid to the scope.",
		[postman.label(t), concat(" ", value.values(t.scopes))],
	)
}

deny contains result.at(msg, t, t.scopes) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	c := joined.client(t)
	value.list_known(t.scopes)
	value.optional_list_known(object.get(c, "allowedOAuthScopes", null))
	refused := [s | some s in value.values(t.scopes); not value.has(object.get(c, "allowedOAuthScopes", {}), s)]
	count(refused) > 0
	msg := sprintf(
		"Postman %s asks for %s, which app client %s does not allow (AllowedOAuthScopes): Cognito answers invalid_scope and no token is issued, so requests get 401 Unauthorized. Add %s to the client's allowed OAuth scopes, or drop %s from the request.",
		[postman.label(t), concat(" ", refused), joined.client_name(c), plural_it(refused), plural_it(refused)],
	)
}

plural_it(l) := "it" if count(l) == 1

plural_it(l) := "them" if count(l) > 1

deny contains result.at(msg, t, t.scopes) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	p := joined.pool(t)
	p.complete == true
	cognito.resource_servers_known(p)
	value.list_known(t.scopes)
	undefined := [s |
		some s in value.values(t.scopes)
		cognito.is_custom_scope(s)
		not s in cognito.defined_scopes(p)
	]
	count(undefined) > 0
	msg := sprintf(
		"Postman %s asks for %s, which no resource server of user pool %s defines: Cognito answers invalid_scope and no token is issued, so requests get 401 Unauthorized. Ask for scopes as identifier/name of a resource server of the pool.",
		[postman.label(t), concat(" ", undefined), cognito.pool_name(p)],
	)
}
