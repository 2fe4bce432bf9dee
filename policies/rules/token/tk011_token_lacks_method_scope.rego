# METADATA
# title: Access token without any of the method's scopes
# description: |
#   A method with authorization scopes accepts an access token when at least
#   one of its scopes is in the token's scope claim (exact match; custom scopes
#   are written RESOURCE_SERVER_IDENTIFIER/NAME). Access tokens from the SDK's
#   InitiateAuth or Amplify sign-in carry only aws.cognito.signin.user.admin;
#   custom scopes come only from the OAuth 2.0 endpoints (hosted UI, the token
#   endpoint) for a client allowed to request them.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK011
#   slug: token-lacks-method-scope
#   severity: error
#   step: token-kind
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Request one of the method's scopes when getting the token (scope parameter of the authorize or token endpoint, with the scope allowed on the app client), or change the method's scopes.
#   tags: [token, scopes]
package authlint.rules.token_lacks_method_scope

import data.authlint.lib.token

claims := input.token.claims if token.applies(input)

token_scopes := {s | some s in object.get(claims, "scopes", [])}

scoped_access if {
	claims
	token.token_use(input) == "access"
	count(token.method_scopes(input)) > 0
}

deny contains token.fail(msg, input.method.authorizationScopes.loc) if {
	scoped_access
	ms := {s | some s in token.method_scopes(input)}
	count(ms & token_scopes) == 0
	msg := sprintf("The access token carries %s, but %s needs one of %s.%s", [carried, token.method_name(input), concat(", ", sort(ms)), sdk_hint])
}

carried := "no scope" if {
	count(token_scopes) == 0
} else := sprintf("scope %s", [concat(" ", sort(token_scopes))])

sdk_hint := " Only aws.cognito.signin.user.admin means an SDK or Amplify sign-in token: custom scopes come from the pool's OAuth 2.0 endpoints." if {
	token_scopes == {"aws.cognito.signin.user.admin"}
} else := ""

unknown contains msg if {
	claims
	token.token_use(input) == "access"
	not token.scopes_known(input)
	msg := sprintf("The scopes of %s cannot be known: authlint cannot tell whether the token carries one.", [token.method_name(input)])
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

not_checked contains "Not checked: only access tokens carry scopes (see TK010)." if {
	claims
	token.token_use(input) != "access"
	count(token.method_scopes(input)) > 0
}

pass contains msg if {
	claims
	count(token.method_scopes(input)) == 0
	msg := sprintf("%s requires no scope.", [token.method_name(input)])
}

pass contains msg if {
	scoped_access
	some s in token.method_scopes(input)
	s in token_scopes
	msg := sprintf("The access token carries scope %s, which %s accepts.", [s, token.method_name(input)])
}
