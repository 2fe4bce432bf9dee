# METADATA
# title: Token expired
# description: |
#   Cognito ID and access tokens are valid for 5 minutes to 1 day (one hour by
#   default), set per app client. A token whose exp is not after the time of
#   the request is refused; API Gateway documents no clock-skew leeway.
#   Clients that cache tokens without refreshing them, and tokens pasted into
#   test tools, hit this after the first hour. Within a minute of exp the
#   client's clock may decide: the message says so.
# related_resources:
#   - ref: https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK008
#   slug: token-expired
#   severity: error
#   step: expiry
#   client_sees: '401 Unauthorized ({"message":"The incoming token has expired"}).'
#   remediation: Get a new token (refresh it with the refresh token before exp), and check that the client's clock is right.
#   tags: [token]
package authlint.rules.token_expired

import data.authlint.lib.token

claims := input.token.claims if token.applies(input)

deny contains "The token has no exp claim: Cognito tokens always have one." if {
	claims
	not claims.exp
}

deny contains msg if {
	exp := claims.exp
	exp <= input.now
	msg := sprintf("The token expired %s ago (exp %s).%s", [token.duration(input.now - exp), token.time_text(exp), borderline(input.now - exp)])
}

borderline(d) := " That is within a minute: check the clock of the machine that sent the request." if d < 60

else := ""

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
	exp := claims.exp
	exp > input.now
	msg := sprintf("The token is valid for %s more (exp %s).", [token.duration(exp - input.now), token.time_text(exp)])
}
