# METADATA
# title: Postman client secret does not match the app client
# description: |
#   An app client with a secret (GenerateSecret) must authenticate at the
#   token endpoint with it; one without a secret must not send one. Postman
#   sends clientSecret whenever it is set. The check runs only when the scan
#   also holds the app client the collection's client id names, for grants
#   that call the token endpoint (not implicit), and only when whether a
#   secret is set is known (a variable without a value is unknown).
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html
# custom:
#   id: PM006
#   slug: client-secret-mismatch
#   severity: error
#   security_severity: low
#   client_sees: No token (invalid_client from Cognito's token endpoint), so every request then gets 401 Unauthorized.
#   remediation: Set the client secret in Postman exactly when the app client has one (and leave it empty for a public client).
#   fixes:
#     postman: "Fill clientSecret for an app client with a secret; leave it empty for a client without one."
#     console: "Cognito > User pool > App clients > the client: the Client secret field says whether it has one."
#   sources: [postman]
#   tags: [postman, oauth]
#   resources: [tokenRequest]
package authlint.rules.client_secret_mismatch

import data.authlint.lib.joined
import data.authlint.lib.postman
import data.authlint.lib.result

token_endpoint(t) if postman.grant(t) in postman.token_endpoint_grants

deny contains result.at(msg, t, t.secretPresent) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	token_endpoint(t)
	t.secretPresent.value == false
	c := joined.client(t)
	c.generateSecret.value == true
	msg := sprintf(
		"Postman %s sends no client secret, but app client %s has one (GenerateSecret): Cognito's token endpoint answers invalid_client and no token is issued, so requests get 401 Unauthorized. Set the client secret in Postman (from a secret variable, never committed).",
		[postman.label(t), joined.client_name(c)],
	)
}

deny contains result.at(msg, t, t.secretPresent) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	token_endpoint(t)
	t.secretPresent.value == true
	c := joined.client(t)
	no_secret(c)
	msg := sprintf(
		"Postman %s sends a client secret, but app client %s has none (GenerateSecret is off): Cognito's token endpoint answers invalid_client and no token is issued, so requests get 401 Unauthorized. Clear the client secret in Postman.",
		[postman.label(t), joined.client_name(c)],
	)
}

# no_secret: GenerateSecret false, or absent (Cognito's default).
no_secret(c) if c.generateSecret.value == false

no_secret(c) if not c.generateSecret
