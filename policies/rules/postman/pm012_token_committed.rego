# METADATA
# title: A token is committed in a Postman file
# description: |
#   A JWT written in a collection, an environment or a globals file (a bearer
#   token, an oauth2 accessToken, a header value, a URL, a body, a variable's
#   value) is a credential: whoever reads the repository can call the API with
#   it until it expires, and an expired one makes every run answer 401. authlint decodes it
#   to say what it is (issuer, token use, expiry) and never prints the token or
#   its signature. When the token was issued in another region than the
#   collection's Cognito domain, the message says so: such a token comes from
#   another user pool.
# related_resources:
#   - ref: https://learning.postman.com/docs/sending-requests/variables/managing-environments/
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html
# custom:
#   id: PM012
#   slug: token-committed
#   severity: error
#   security_severity: high
#   client_sees: 401 Unauthorized once the committed token expires (about an hour for Cognito tokens); until then anyone with the file gets 200 OK.
#   remediation: Remove the token from the file, revoke it (sign the user out globally, or revoke the refresh token), and fetch tokens at run time into a variable that is not exported.
#   fixes:
#     postman: "Replace the token with a {{variable}} whose value is set at run time (current value only, type secret), and remove it from the history of the repository."
#     console: "Postman > Environments > the variable: clear the initial value, keep the token only as the current value (type secret); Cognito: AdminUserGlobalSignOut or RevokeToken."
#   sources: [postman]
#   tags: [postman, secrets, tokens]
#   resources: [committedToken]
package authlint.rules.token_committed

import data.authlint.lib.postman
import data.authlint.lib.result

deny contains result.new(msg, c) if {
	some c in input.committedTokens
	msg := sprintf(
		"A JWT is committed in %s%s: whoever reads the file can call the API with it until it expires, and runs with it answer 401 Unauthorized once it has. Remove it, revoke it, and fetch tokens at run time.%s",
		[c.where, describe(c), region_note(c)],
	)
}

# describe says what the decoded token is, without any part of it.
describe(c) := sprintf(" (%s)", [concat(", ", facts)]) if {
	c.decoded
	facts := [f |
		some f in [
			use_fact(c),
			iss_fact(c),
			exp_fact(c),
		]
		f != ""
	]
	count(facts) > 0
} else := " (a value shaped like a JWT that does not decode)" if {
	not c.decoded
} else := ""

use_fact(c) := sprintf("%s token", [c.tokenUse]) if c.tokenUse != "" else := ""

iss_fact(c) := sprintf("issued by %s", [c.issuer]) if c.issuer != "" else := ""

exp_fact(c) := sprintf("expiry %s", [time.format([c.expires * 1000000000, "UTC", "2006-01-02 15:04 UTC"])]) if {
	c.expires > 0
} else := ""

# region_note names a region mismatch between the token's issuer and the
# collection's Cognito domains.
region_note(c) := sprintf(" It was issued in %s, but the collection asks Cognito for tokens in %s: it comes from another user pool.", [c.region, concat(", ", sort(others))]) if {
	c.region != ""
	regions := postman.cognito_regions
	count(regions) > 0
	not c.region in regions
	others := [r | some r in regions]
} else := ""
