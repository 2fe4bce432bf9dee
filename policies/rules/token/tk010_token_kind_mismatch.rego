# METADATA
# title: ID token where an access token is needed, or the reverse
# description: |
#   A method with authorization scopes accepts only access tokens, which carry
#   the scope claim; a method without scopes treats the token as an ID token
#   and refuses access tokens. Sending the ID token to a scoped method, or the
#   access token to a scope-less one, is the most common Cognito 401.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
#   - ref: https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK010
#   slug: token-kind-mismatch
#   severity: error
#   step: token-kind
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Send the access token to methods with authorization scopes and the ID token to methods without; or change the method's scopes to match the token the client has.
#   tags: [token, scopes]
package authlint.rules.token_kind_mismatch

import data.authlint.lib.token

claims := input.token.claims if token.applies(input)

scopes := input.method.authorizationScopes

deny contains token.fail(msg, scopes.loc) if {
	claims
	token.token_use(input) == "id"
	ms := token.method_scopes(input)
	count(ms) > 0
	msg := sprintf("The token is an ID token, but %s requires scope %s, which only access tokens carry. Send the access token.", [token.method_name(input), concat(" or ", sort(ms))])
}

deny contains token.fail(msg, scopes.loc) if {
	claims
	token.token_use(input) == "access"
	ms := token.method_scopes(input)
	count(ms) == 0
	msg := sprintf("The token is an access token, but %s has no authorization scopes, so API Gateway wants an ID token. Send the ID token, or add a scope the access token carries to the method.", [token.method_name(input)])
}

deny contains msg if {
	claims
	use := token.token_use(input)
	not use in {"id", "access"}
	msg := sprintf("The token's token_use is %q; Cognito ID tokens say id and access tokens say access.", [use])
}

unknown contains msg if {
	claims
	token.token_use(input)
	not token.scopes_known(input)
	msg := sprintf("The scopes of %s cannot be known%s: authlint cannot tell which kind of token it wants.", [token.method_name(input), why(scopes)])
}

why(s) := sprintf(" (%s)", [s.unknown.reason]) if s.unknown

else := ""

unknown contains "The token has no token_use claim and its claims do not tell an ID token from an access token." if {
	claims
	not token.token_use(input)
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

not_checked contains msg if {
	token.applies(input)
	not claims
	msg := sprintf("Not checked: %s.", [token.no_token(input)])
}

pass contains msg if {
	claims
	use := token.token_use(input)
	ms := token.method_scopes(input)
	use == "id"
	count(ms) == 0
	msg := sprintf("The token is an ID token and %s has no scopes: it wants an ID token.", [token.method_name(input)])
}

pass contains msg if {
	claims
	use := token.token_use(input)
	ms := token.method_scopes(input)
	use == "access"
	count(ms) > 0
	msg := sprintf("The token is an access token and %s has scopes: it wants an access token.", [token.method_name(input)])
}
