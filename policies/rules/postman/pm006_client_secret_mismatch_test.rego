package authlint.rules.client_secret_mismatch_test

import data.authlint.rules.client_secret_mismatch as rule

tr(grant, secret) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": grant},
	"secretPresent": {"value": secret, "loc": {"file": "c.json", "line": 8}},
	"appClient": {"target": "client"},
}

client(gen) := object.union({"ref": "client", "loc": {"file": "auth.yaml"}, "name": {"value": "web"}}, gen)

deny(t, c) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "appClients": [c], "apiRequests": []}
}

test_secret_to_public_client_fails if {
	findings := deny(tr("authorization_code", true), client({"generateSecret": {"value": false}}))
	count(findings) == 1
	some f in findings
	f.loc.line == 8
	contains(f.msg, "sends a client secret, but app client web (auth.yaml) has none")
	count(deny(tr("client_credentials", true), client({}))) == 1
}

test_missing_secret_fails if {
	findings := deny(tr("authorization_code_with_pkce", false), client({"generateSecret": {"value": true}}))
	count(findings) == 1
	some f in findings
	contains(f.msg, "sends no client secret, but app client web (auth.yaml) has one")
}

test_matching_secret_passes if {
	count(deny(tr("authorization_code", true), client({"generateSecret": {"value": true}}))) == 0
	count(deny(tr("authorization_code", false), client({}))) == 0
	count(deny(tr("implicit", false), client({"generateSecret": {"value": true}}))) == 0
}

test_unknown_passes if {
	t := object.union(object.remove(tr("authorization_code", true), ["secretPresent"]), {"secretPresent": {"unknown": {"reason": "{{secret}}"}}})
	count(deny(t, client({}))) == 0
	count(deny(tr("authorization_code", false), client({"generateSecret": {"unknown": {"reason": "parameter"}}}))) == 0
	count(deny(object.remove(tr("authorization_code", true), ["appClient"]), client({}))) == 0
}
