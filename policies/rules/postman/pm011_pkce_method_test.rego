package authlint.rules.pkce_method_test

import data.authlint.rules.pkce_method as rule

tr(grant, method) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": grant},
	"authUrl": {"value": "https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize"},
	"pkceMethod": method,
}

at(v) := {"value": v, "loc": {"file": "c.json", "line": 17}}

deny(t) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": []}
}

test_plain_fails if {
	findings := deny(tr("authorization_code_with_pkce", at("plain")))
	count(findings) == 1
	some f in findings
	f.loc.line == 17
	contains(f.msg, `method "plain"`)
}

test_s256_default_and_other_grants_pass if {
	count(deny(tr("authorization_code_with_pkce", at("S256")))) == 0
	count(deny(object.remove(tr("authorization_code_with_pkce", at("plain")), ["pkceMethod"]))) == 0
	count(deny(tr("authorization_code", at("plain")))) == 0
}

test_unknown_method_passes if {
	count(deny(tr("authorization_code_with_pkce", {"unknown": {"reason": "variable"}}))) == 0
}
