package authlint.rules.token_request_scopes_test

import data.authlint.rules.token_request_scopes as rule

tr(grant, scopes) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": grant},
	"authUrl": {"value": "https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize"},
	"scopes": scopes,
}

scopes(names) := {"items": [{"value": n} | some n in names], "loc": {"file": "c.json", "line": 15}}

deny(t) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": []}
}

test_scopes_without_openid_fail if {
	findings := deny(tr("authorization_code", scopes(["email", "https://api.example.com/pets.read"])))
	count(findings) == 1
	some f in findings
	f.loc.line == 15
	contains(f.msg, `"email https://api.example.com/pets.read" without openid`)
}

test_openid_or_no_scope_passes if {
	count(deny(tr("implicit", scopes(["openid", "email"])))) == 0
	count(deny(tr("authorization_code", scopes([])))) == 0
	count(deny(object.remove(tr("authorization_code", scopes(["email"])), ["scopes"]))) == 0
}

test_client_credentials_passes if {
	count(deny(tr("client_credentials", scopes(["api/read"])))) == 0
}

test_other_identity_provider_passes if {
	t := object.union(tr("authorization_code", scopes(["email"])), {"authUrl": {"value": "https://login.example.org/authorize"}})
	count(deny(t)) == 0
}

test_unknown_scope_passes if {
	count(deny(tr("authorization_code", {"items": [], "unknown": {"reason": "variable {{scope}}"}}))) == 0
	count(deny(tr("authorization_code", {"items": [{"value": "email"}, {"unknown": {"reason": "r"}}]}))) == 0
}
