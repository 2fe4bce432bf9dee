# METADATA
# title: Token not valid yet
# description: |
#   A token whose nbf (not before) is after the time of the request must not
#   be accepted (RFC 7519). Cognito tokens carry no nbf, so a token with a
#   future nbf was not issued by Cognito. An iat (issued at) in the future
#   means the clock of the machine that made or checks the token is ahead;
#   HTTP API JWT authorizers refuse it, and for REST API Cognito authorizers
#   it is not documented: the check reports it as unknown.
# related_resources:
#   - ref: https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.5
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK009
#   slug: token-not-yet-valid
#   severity: error
#   step: expiry
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Use a token the user pool issued, and check the clocks of the machines that create and send the token.
#   tags: [token]
package authlint.rules.token_not_yet_valid

import data.authlint.lib.token

claims := input.token.claims if token.applies(input)

deny contains msg if {
	nbf := claims.nbf
	nbf > input.now
	msg := sprintf("The token is not valid before %s, %s from now (nbf).", [token.time_text(nbf), token.duration(nbf - input.now)])
}

unknown contains msg if {
	iat := claims.iat
	iat > input.now
	msg := sprintf("The token was issued %s in the future (iat %s): a clock is ahead. REST API Cognito authorizers do not document whether they check iat.", [token.duration(iat - input.now), token.time_text(iat)])
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

pass contains "The token is already valid (no nbf or iat in the future)." if {
	claims
}
