package authlint.rules.token_url_form_test

import data.authlint.rules.token_url_form as rule

tr(grant, auth_url, token_url) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "folder",
	"item": "admin",
	"environment": "dev",
	"authType": "oauth2",
	"grantType": {"value": grant},
	"authUrl": {"value": auth_url},
	"tokenUrl": token_url,
}

url(u) := {"value": u, "loc": {"file": "c.json", "line": 12}}

deny(t) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": []}
}

domain := "https://pets.auth.us-east-1.amazoncognito.com"

test_cognito_api_fails if {
	findings := deny(tr("client_credentials", "", url("https://cognito-idp.us-east-1.amazonaws.com/")))
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, `folder "admin" of collection "pets" (environment dev)`)
}

test_path_not_exact_fails if {
	some f in deny(tr("authorization_code", concat("", [domain, "/oauth2/authorize"]), url(concat("", [domain, "/oauth2/token/"]))))
	contains(f.msg, `path "/oauth2/token/"`)
	some g in deny(tr("client_credentials", "", url(concat("", [domain, "/token"]))))
	contains(g.msg, "405")
}

test_custom_domain_path_fails if {
	some f in deny(tr("authorization_code", "https://auth.example.com/oauth2/authorize", url("https://auth.example.com/token")))
	contains(f.msg, "/oauth2/token exactly")
}

test_other_domain_fails if {
	findings := deny(tr("authorization_code", concat("", [domain, "/oauth2/authorize"]), url("https://other.auth.us-east-1.amazoncognito.com/oauth2/token")))
	count(findings) == 1
	some f in findings
	contains(f.msg, "invalid_grant")
}

test_same_domain_token_endpoint_passes if {
	count(deny(tr("authorization_code", concat("", [domain, "/oauth2/authorize"]), url(concat("", [domain, "/oauth2/token"]))))) == 0
	count(deny(tr("authorization_code_with_pkce", "https://auth.example.com/oauth2/authorize", url("https://auth.example.com/oauth2/token")))) == 0
	count(deny(tr("client_credentials", "", url("https://idp.example.com/v1/token")))) == 0
}

test_implicit_passes if {
	count(deny(tr("implicit", concat("", [domain, "/oauth2/authorize"]), url("https://cognito-idp.us-east-1.amazonaws.com/")))) == 0
}

test_unknown_token_url_passes if {
	count(deny(tr("authorization_code", concat("", [domain, "/oauth2/authorize"]), {"unknown": {"reason": "variable"}}))) == 0
}
