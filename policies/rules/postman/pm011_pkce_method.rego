# METADATA
# title: PKCE code challenge method is not S256
# description: |
#   Cognito's authorize endpoint supports PKCE with code_challenge_method S256
#   only. Postman's "Authorization Code (With PKCE)" grant can send the plain
#   method; Cognito then refuses the authorization request, and no token is
#   issued. A method that does not resolve is not judged; Postman's default
#   (no challengeAlgorithm) is S256.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/using-pkce-in-authorization-code.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
# custom:
#   id: PM011
#   slug: pkce-method
#   severity: error
#   security_severity: low
#   client_sees: "No token: the authorize request fails (400, invalid_request), so every request then gets 401 Unauthorized."
#   remediation: Use the code challenge method S256.
#   fixes:
#     postman: "Set the oauth2 challengeAlgorithm to S256 (or remove it: S256 is Postman's default)."
#     console: "Postman > Authorization > OAuth 2.0 > Code Challenge Method: SHA-256."
#   sources: [postman]
#   tags: [postman, oauth]
#   resources: [tokenRequest]
package authlint.rules.pkce_method

import data.authlint.lib.postman
import data.authlint.lib.result

deny contains result.at(msg, t, t.pkceMethod) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.cognito_like(t)
	postman.grant(t) == "authorization_code_with_pkce"
	upper(t.pkceMethod.value) != "S256"
	msg := sprintf(
		"Postman %s uses the PKCE code challenge method %q: Cognito supports only S256, so the authorize request fails and no token is issued. Set the code challenge method to S256 (SHA-256).",
		[postman.label(t), t.pkceMethod.value],
	)
}
