# METADATA
# title: OAuth 2.0 auth URL is not a Cognito authorize endpoint
# description: |
#   For the authorization code, PKCE and implicit grants, Postman opens the auth
#   URL in a browser. Cognito serves it on the user pool's domain:
#   https://PREFIX.auth.REGION.amazoncognito.com/oauth2/authorize (or /login,
#   which takes the same parameters; AWS recommends /oauth2/authorize), or the
#   same paths on a custom domain. The Cognito API endpoint
#   cognito-idp.REGION.amazonaws.com takes SDK calls and has no login page;
#   another path on the Cognito domain, or plain http, is an error page. The
#   check reads the URL as resolved with each environment; a URL that does not
#   resolve is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/login-endpoint.html
# custom:
#   id: PM003
#   slug: auth-url-form
#   severity: error
#   security_severity: low
#   client_sees: "No token: the browser shows a Cognito error page or 400 Bad Request instead of the sign-in page, so every request then gets 401 Unauthorized."
#   remediation: Set the auth URL to https://PREFIX.auth.REGION.amazoncognito.com/oauth2/authorize (the user pool domain, or its custom domain, with /oauth2/authorize).
#   fixes:
#     postman: "Set the oauth2 authUrl (or the variable it uses) to https://PREFIX.auth.REGION.amazoncognito.com/oauth2/authorize."
#     console: "Postman > the collection, folder or request > Authorization > OAuth 2.0 > Auth URL: https://PREFIX.auth.REGION.amazoncognito.com/oauth2/authorize (the domain is under Cognito > User pool > Domain)."
#   sources: [postman]
#   tags: [postman, oauth]
#   resources: [tokenRequest]
package authlint.rules.auth_url_form

import data.authlint.lib.postman
import data.authlint.lib.result

# browser_step holds the oauth2 settings whose grant opens the auth URL.
browser_step contains t if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.grant(t) in postman.browser_grants
}

deny contains result.at(msg, t, t.authUrl) if {
	some t in browser_step
	u := postman.auth_url(t)
	postman.cognito_api(u.host)
	msg := sprintf(
		"Postman %s opens the auth URL %s, the Cognito API endpoint: it takes SDK calls (InitiateAuth) and has no sign-in page, so no token is issued. Use the user pool's domain: https://PREFIX.auth.REGION.amazoncognito.com/oauth2/authorize.",
		[postman.label(t), t.authUrl.value],
	)
}

deny contains result.at(msg, t, t.authUrl) if {
	some t in browser_step
	u := postman.auth_url(t)
	postman.cognito_domain(u.host)
	not u.path in {"/oauth2/authorize", "/login"}
	msg := sprintf(
		"Postman %s opens the auth URL %s, but the Cognito domain serves sign-in at /oauth2/authorize (or /login), not at %q: the browser gets an error page and no token. Use https://%s/oauth2/authorize.",
		[postman.label(t), t.authUrl.value, u.path, u.host],
	)
}

deny contains result.at(msg, t, t.authUrl) if {
	some t in browser_step
	u := postman.auth_url(t)
	postman.cognito_domain(u.host)
	u.path in {"/oauth2/authorize", "/login"}
	u.scheme != "https"
	msg := sprintf(
		"Postman %s opens the auth URL over %s: Cognito domains serve only https, so sign-in fails and no token is issued. Use https://%s%s.",
		[postman.label(t), u.scheme, u.host, u.path],
	)
}

deny contains result.at(msg, t, t.authUrl) if {
	some t in browser_step
	postman.cognito_like(t)
	is_string(t.authUrl.value)
	not postman.auth_url(t)
	msg := sprintf(
		"Postman %s has the auth URL %q, which is not an absolute https URL, so the browser cannot open the Cognito sign-in page. Use https://PREFIX.auth.REGION.amazoncognito.com/oauth2/authorize.",
		[postman.label(t), t.authUrl.value],
	)
}
