# METADATA
# title: Postman client id is not an app client id of the pool
# description: |
#   The oauth2 client id must be the id Cognito generated for an app client of
#   the user pool whose domain the collection calls. A user pool id
#   (REGION_xxxx), an app client's name, or the id of a client of another pool
#   is refused. The check runs only when the scan also holds the Cognito side:
#   the id is compared with the pools and clients of a live account (exported
#   with --live, or a snapshot), or with the clients of the pool whose domain
#   the collection names when every client id of that pool is known.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html
# custom:
#   id: PM005
#   slug: client-id-not-app-client
#   severity: error
#   security_severity: low
#   client_sees: No token (invalid_client or unauthorized_client from Cognito), so every request then gets 401 Unauthorized.
#   remediation: Set the oauth2 client id to the app client id shown under the user pool's app clients.
#   fixes:
#     postman: "Set clientId (or the variable it uses) to the app client id, not the pool id or the client's name."
#     console: "Cognito > User pool > App clients: copy the Client ID of the client Postman uses into Postman's Client ID."
#   sources: [postman]
#   tags: [postman, oauth]
#   resources: [tokenRequest]
package authlint.rules.client_id_not_app_client

import data.authlint.lib.postman
import data.authlint.lib.result

deny contains result.at(msg, t, t.clientId) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	missing := t.appClient.missing
	msg := sprintf(
		"Postman %s uses the client id %s, but %s: Cognito answers invalid_client and no token is issued, so requests get 401 Unauthorized. Use the id of an app client of the pool.",
		[postman.label(t), missing.name, missing.reason],
	)
}
