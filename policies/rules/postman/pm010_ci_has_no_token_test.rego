package authlint.rules.ci_has_no_token_test

import data.authlint.rules.ci_has_no_token as rule

tr(present) := {
	"ref": "tokenRequest:/auth@dev",
	"collection": "pets",
	"environment": "dev",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": "authorization_code"},
	"authUrl": {"value": "https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize"},
	"accessTokenPresent": present,
	"loc": {"file": "c.json", "line": 8},
}

request(name, ref) := {"ref": concat("", ["apiRequest:", name]), "item": name, "auth": {"type": "oauth2", "tokenRequest": ref}}

deny(t, requests) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": requests}
}

test_no_token_with_users_fails if {
	findings := deny(tr({"value": false}), [request("GET pets", "tokenRequest:/auth@dev"), request("health", "")])
	count(findings) == 1
	some f in findings
	f.loc.line == 8
	contains(f.msg, `send "GET pets" without an Authorization header`)
	contains(f.msg, "(environment dev)")
}

test_token_present_or_unused_passes if {
	count(deny(tr({"value": true}), [request("GET pets", "tokenRequest:/auth@dev")])) == 0
	count(deny(tr({"value": false}), [request("health", "tokenRequest:/other")])) == 0
}

test_unknown_token_passes if {
	count(deny(tr({"unknown": {"reason": "variable {{token}} is empty"}}), [request("GET pets", "tokenRequest:/auth@dev")])) == 0
}
