# METADATA
# title: Postman callback URL is not a callback URL of the app client
# description: |
#   For the authorization code, PKCE and implicit grants Cognito redirects the
#   browser only to a URL listed in the app client's CallbackURLs, compared
#   byte for byte (a trailing slash, http instead of https or another case is
#   another URL). Postman sends its redirect_uri, or with "Authorize using
#   browser" https://oauth.pstmn.io/v1/browser-callback. The check runs only
#   when the scan also holds the app client the collection's client id names,
#   and only on known values.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
#   - ref: https://learning.postman.com/docs/sending-requests/authorization/oauth-20/
# custom:
#   id: PM002
#   slug: callback-exact
#   severity: error
#   security_severity: low
#   client_sees: No token (redirect_mismatch on the Cognito sign-in page), so every request then gets 401 Unauthorized.
#   remediation: Add Postman's callback URL, exactly as Postman sends it, to the app client's CallbackURLs (or make Postman send one the client lists).
#   fixes:
#     postman: "Set the oauth2 callback URL to one the app client lists in CallbackURLs, byte for byte."
#     console: "Cognito > User pool > App clients > the client > Login pages > Allowed callback URLs: add Postman's callback URL exactly."
#   sources: [postman]
#   tags: [postman, oauth]
#   resources: [tokenRequest]
package authlint.rules.callback_exact

import data.authlint.lib.joined
import data.authlint.lib.postman
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, t, t.callback) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.grant(t) in postman.browser_grants
	cb := t.callback.value
	is_string(cb)
	c := joined.client(t)
	value.optional_list_known(object.get(c, "callbackUrls", null))
	not value.has(object.get(c, "callbackUrls", {}), cb)
	msg := sprintf(
		"Postman %s sends the callback URL %s, which app client %s does not list in CallbackURLs%s: Cognito's sign-in page answers redirect_mismatch and no token is issued, so requests get 401 Unauthorized. Add the URL to CallbackURLs exactly as Postman sends it.",
		[postman.label(t), cb, joined.client_name(c), near(c, cb)],
	)
}

# near points at a listed URL that differs only by case or a trailing slash.
near(c, cb) := sprintf(" (it lists %s: the comparison is byte for byte)", [u]) if {
	some u in value.values(c.callbackUrls)
	trim_suffix(lower(u), "/") == trim_suffix(lower(cb), "/")
} else := ""
