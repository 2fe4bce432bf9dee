package authlint.rules.callback_exact_test

import data.authlint.rules.callback_exact as rule

tr(cb) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": "authorization_code"},
	"callback": {"value": cb, "loc": {"file": "c.json", "line": 9}},
	"appClient": {"target": "client"},
}

client(urls) := {
	"ref": "client",
	"loc": {"file": "auth.yaml", "line": 20},
	"name": {"value": "web"},
	"callbackUrls": {"items": [{"value": u} | some u in urls]},
}

deny(t, c) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "appClients": [c], "apiRequests": []}
}

test_trailing_slash_fails if {
	findings := deny(tr("https://app.example.com/cb/"), client(["https://app.example.com/cb"]))
	count(findings) == 1
	some f in findings
	f.loc.line == 9
	contains(f.msg, "app client web (auth.yaml) does not list in CallbackURLs (it lists https://app.example.com/cb: the comparison is byte for byte)")
}

test_unlisted_fails if {
	findings := deny(tr("https://oauth.pstmn.io/v1/callback"), client(["https://app.example.com/cb"]))
	count(findings) == 1
	some f in findings
	contains(f.msg, "does not list in CallbackURLs:")
}

test_listed_passes if {
	count(deny(tr("https://oauth.pstmn.io/v1/callback"), client(["https://app.example.com/cb", "https://oauth.pstmn.io/v1/callback"]))) == 0
}

test_client_credentials_passes if {
	t := object.union(tr("https://x.example/cb"), {"grantType": {"value": "client_credentials"}})
	count(deny(t, client([]))) == 0
}

test_unknown_passes if {
	count(deny(object.union(object.remove(tr("x"), ["callback"]), {"callback": {"unknown": {"reason": "{{cb}}"}}}), client([]))) == 0
	count(deny(tr("https://x.example/cb"), object.union(object.remove(client([]), ["callbackUrls"]), {"callbackUrls": {"items": [], "unknown": {"reason": "parameter"}}}))) == 0
	count(deny(object.remove(tr("https://x.example/cb"), ["appClient"]), client([]))) == 0
}

test_no_callback_urls_fails if {
	count(deny(tr("https://app.example.com/cb"), object.remove(client([]), ["callbackUrls"]))) == 1
}
