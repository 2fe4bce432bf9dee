package authlint.rules.auth_url_form_test

import data.authlint.rules.auth_url_form as rule

tr(grant, auth_url) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": grant},
	"authUrl": auth_url,
	"loc": {"file": "c.json", "line": 8},
}

url(u) := {"value": u, "loc": {"file": "c.json", "line": 11}}

deny(t) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": []}
}

test_cognito_api_endpoint_fails if {
	findings := deny(tr("authorization_code", url("https://cognito-idp.us-east-1.amazonaws.com/oauth2/authorize")))
	count(findings) == 1
	some f in findings
	f.loc.line == 11
	contains(f.msg, "Cognito API endpoint")
}

test_wrong_path_fails if {
	some f in deny(tr("implicit", url("https://pets.auth.us-east-1.amazoncognito.com/oauth2/token")))
	contains(f.msg, `not at "/oauth2/token"`)
}

test_http_fails if {
	some f in deny(tr("authorization_code_with_pkce", url("http://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize")))
	contains(f.msg, "over http")
}

test_not_absolute_fails if {
	some f in deny(tr("authorization_code", url("pets.auth.us-east-1.amazoncognito.com/oauth2/authorize")))
	contains(f.msg, "not an absolute https URL")
}

test_authorize_login_and_custom_domains_pass if {
	count(deny(tr("authorization_code", url("https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize")))) == 0
	count(deny(tr("authorization_code", url("https://pets.auth-fips.us-east-1.amazoncognito.com/login")))) == 0
	count(deny(tr("authorization_code", url("https://auth.example.com/oauth2/authorize")))) == 0
	count(deny(tr("authorization_code", url("https://login.other-idp.example/authorize")))) == 0
}

test_grants_without_browser_step_pass if {
	count(deny(tr("client_credentials", url("https://cognito-idp.us-east-1.amazonaws.com/")))) == 0
}

test_unknown_url_or_grant_passes if {
	count(deny(tr("authorization_code", {"unknown": {"reason": "variable {{auth_url}} is not defined"}}))) == 0
	t := object.union(tr("x", url("https://cognito-idp.us-east-1.amazonaws.com/")), {"grantType": {"unknown": {"reason": "r"}}})
	count(deny(t)) == 0
}
