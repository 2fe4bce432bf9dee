# METADATA
# title: OAuth 2.0 auth without an exported token sends nothing in newman
# description: |
#   Postman's app fetches an OAuth 2.0 token interactively ("Get New Access
#   Token") and keeps it outside the export. When the collection runs
#   unattended (newman, the Postman CLI, a CI job), the oauth2 helper signs a
#   request only with the accessToken written in the collection; without one it
#   sends no Authorization header, and API Gateway answers 401. Exporting a token
#   is no fix (it expires, and committing it leaks it: PM012); a run in CI
#   fetches the token itself. Only settings used by requests of the collection,
#   and that ask Cognito for tokens, are reported; the note matters only where
#   the collection runs unattended.
# related_resources:
#   - ref: https://github.com/postmanlabs/newman/issues/1460
#   - ref: https://learning.postman.com/docs/sending-requests/authorization/oauth-20/
# custom:
#   id: PM010
#   slug: ci-has-no-token
#   severity: note
#   security_severity: low
#   client_sees: 401 Unauthorized for every request in newman or CI runs, which send no Authorization header.
#   remediation: In unattended runs, fetch the token in a pre-request script or a first request (client credentials, or InitiateAuth for a test user), store it in a variable, and send it with bearer auth.
#   fixes:
#     postman: "Add a first request (or collection pre-request script) that calls the Cognito token endpoint and sets {{access_token}}; use bearer auth with {{access_token}} for the requests."
#     console: "Postman > collection > Pre-request script: pm.sendRequest to the /oauth2/token endpoint, pm.collectionVariables.set('access_token', …); Authorization: Bearer Token {{access_token}}."
#   sources: [postman]
#   tags: [postman, oauth, ci]
#   resources: [tokenRequest]
package authlint.rules.ci_has_no_token

import data.authlint.lib.postman
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.new(msg, t) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.cognito_like(t)
	t.accessTokenPresent.value == false
	users := postman.users_by_ref[t.ref]
	msg := sprintf(
		"Postman %s has no accessToken in the collection: newman and other unattended runs send %s without an Authorization header, and API Gateway answers 401 Unauthorized. Fetch the token in a pre-request script or a first request and send it with bearer auth.",
		[postman.label(t), text.enumerate([sprintf("%q", [u]) | some u in users], 3)],
	)
}
