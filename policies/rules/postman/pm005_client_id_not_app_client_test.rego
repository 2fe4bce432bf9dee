package authlint.rules.client_id_not_app_client_test

import data.authlint.rules.client_id_not_app_client as rule

tr(link) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"clientId": {"value": "us-east-1_Ab12", "loc": {"file": "c.json", "line": 7}},
	"appClient": link,
}

deny(t) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": []}
}

test_pool_id_fails if {
	findings := deny(tr({"missing": {"name": "us-east-1_Ab12", "reason": "it is the id of user pool users (live:1/us-east-1), not of an app client"}}))
	count(findings) == 1
	some f in findings
	f.loc.line == 7
	contains(f.msg, "uses the client id us-east-1_Ab12, but it is the id of user pool users (live:1/us-east-1), not of an app client")
}

test_joined_client_passes if {
	count(deny(tr({"target": "joined:s#client"}))) == 0
	count(deny(object.remove(tr({}), ["appClient"]))) == 0
}

test_unknown_link_passes if {
	count(deny(tr({"unknown": {"reason": "two clients have the id"}}))) == 0
}
