# METADATA
# title: OAuth 2.0 token is not sent as an Authorization header API Gateway reads
# description: |
#   API Gateway's Cognito authorizer reads the token from a request header
#   (Authorization unless the identity source says otherwise), as the bare token
#   or after "Bearer ". Postman's oauth2 helper with addTokenTo queryParams sends
#   the token as ?access_token=… instead, which the authorizer never sees. A
#   headerPrefix other than Bearer (JWT, Token, Basic) puts a word before the
#   token that the authorizer does not strip, so the header is not a token.
#   Settings that do not resolve are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
#   - ref: https://learning.postman.com/docs/sending-requests/authorization/oauth-20/
# custom:
#   id: PM008
#   slug: token-placement
#   severity: error
#   security_severity: low
#   client_sees: 401 Unauthorized on every Cognito-protected method, because the request carries no token where the authorizer looks.
#   remediation: Send the token in the Authorization header with the prefix Bearer (addTokenTo header, headerPrefix Bearer or empty).
#   fixes:
#     postman: "Set the oauth2 addTokenTo to header and headerPrefix to Bearer (or remove both: they are Postman's defaults)."
#     console: "Postman > Authorization > OAuth 2.0 > Add authorization data to: Request Headers; Header Prefix: Bearer."
#   sources: [postman]
#   tags: [postman, oauth, tokens]
#   resources: [tokenRequest]
package authlint.rules.token_placement

import data.authlint.lib.postman
import data.authlint.lib.result

deny contains result.at(msg, t, t.addTokenTo) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.cognito_like(t)
	lower(t.addTokenTo.value) == "queryparams"
	msg := sprintf(
		"Postman %s adds the token to the query string (?access_token=…): API Gateway's Cognito authorizer reads only the Authorization header, so every request answers 401 Unauthorized. Set addTokenTo to header.",
		[postman.label(t)],
	)
}

deny contains result.at(msg, t, t.headerPrefix) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.cognito_like(t)
	prefix := trim_space(t.headerPrefix.value)
	prefix != ""
	lower(prefix) != "bearer"
	msg := sprintf(
		"Postman %s sends the token as \"Authorization: %s <token>\": API Gateway's Cognito authorizer accepts the bare token or \"Bearer <token>\" only, so every request answers 401 Unauthorized. Set headerPrefix to Bearer.",
		[postman.label(t), prefix],
	)
}
