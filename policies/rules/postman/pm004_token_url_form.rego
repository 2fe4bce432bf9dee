# METADATA
# title: OAuth 2.0 token URL is not the Cognito token endpoint
# description: |
#   Postman posts the token request (authorization code, PKCE, client
#   credentials) to the access token URL. Cognito serves it only at /oauth2/token
#   on the same domain as the authorize endpoint, for POST with
#   application/x-www-form-urlencoded. Another path (/token, /oauth2/token/ with
#   a trailing slash, /oauth2/authorize) answers 405 Method Not Allowed or an
#   error page; the Cognito API endpoint cognito-idp.REGION.amazonaws.com does not
#   take OAuth token requests; a token URL on another domain than the auth URL
#   asks another user pool (or nobody) to redeem the code. The implicit grant has
#   no token request and is not checked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
# custom:
#   id: PM004
#   slug: token-url-form
#   severity: error
#   security_severity: low
#   client_sees: "No token: the token request answers 405 Method Not Allowed, 400 or an error page (invalid_grant when another domain redeems the code), so every request then gets 401 Unauthorized."
#   remediation: Set the access token URL to the same Cognito domain as the auth URL with the path /oauth2/token exactly.
#   fixes:
#     postman: "Set the oauth2 accessTokenUrl to https://PREFIX.auth.REGION.amazoncognito.com/oauth2/token (the auth URL's domain)."
#     console: "Postman > Authorization > OAuth 2.0 > Access Token URL: https://PREFIX.auth.REGION.amazoncognito.com/oauth2/token."
#   sources: [postman]
#   tags: [postman, oauth]
#   resources: [tokenRequest]
package authlint.rules.token_url_form

import data.authlint.lib.postman
import data.authlint.lib.result

token_step contains t if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.grant(t) in postman.token_endpoint_grants
}

deny contains result.at(msg, t, t.tokenUrl) if {
	some t in token_step
	u := postman.token_url(t)
	postman.cognito_api(u.host)
	msg := sprintf(
		"Postman %s posts the token request to %s, the Cognito API endpoint, which takes SDK calls (X-Amz-Target), not OAuth 2.0 token requests: no token is issued. Use https://PREFIX.auth.REGION.amazoncognito.com/oauth2/token.",
		[postman.label(t), t.tokenUrl.value],
	)
}

deny contains result.at(msg, t, t.tokenUrl) if {
	some t in token_step
	u := postman.token_url(t)
	u.host in endpoint_hosts(t)
	u.path != "/oauth2/token"
	msg := sprintf(
		"Postman %s posts the token request to path %q of %s, but Cognito's token endpoint is /oauth2/token exactly: the request answers 405 Method Not Allowed or an error page, and no token is issued. Use https://%s/oauth2/token.",
		[postman.label(t), u.path, u.host, u.host],
	)
}

deny contains result.at(msg, t, t.tokenUrl) if {
	some t in token_step
	u := postman.token_url(t)
	a := postman.auth_url(t)
	postman.grant(t) != "client_credentials"
	a.host != u.host
	postman.cognito_domain(a.host)
	not postman.cognito_api(u.host)
	msg := sprintf(
		"Postman %s signs in at %s but redeems the code at %s: a code is only valid on the domain that issued it, so the token request fails (invalid_grant) and no token is issued. Use https://%s/oauth2/token.",
		[postman.label(t), a.host, u.host, a.host],
	)
}

# endpoint_hosts are the hosts that serve Cognito's endpoints for t: its
# token URL's host when it is a Cognito domain, and the host of a
# Cognito-shaped auth URL (a custom domain).
endpoint_hosts(t) := {h | h := postman.token_url(t).host; postman.cognito_domain(h)} | {a.host |
	a := postman.auth_url(t)
	a.path in {"/oauth2/authorize", "/login"}
}
