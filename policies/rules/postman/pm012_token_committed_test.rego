package authlint.rules.token_committed_test

import data.authlint.rules.token_committed as rule

token(extra) := object.union(
	{
		"ref": "committedToken:c.json#/item/0/request/auth/bearer/0/value",
		"where": "bearer token",
		"decoded": true,
		"issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
		"tokenUse": "id",
		"expires": 1700000000,
		"region": "us-east-1",
		"loc": {"file": "c.json", "line": 30},
	},
	extra,
)

domain(region) := {
	"ref": "tokenRequest:/auth",
	"authType": "oauth2",
	"authUrl": {"value": sprintf("https://pets.auth.%s.amazoncognito.com/oauth2/authorize", [region])},
}

deny(c, trs) := d if {
	d := rule.deny with input as {"committedTokens": [c], "tokenRequests": trs, "apiRequests": []}
}

test_committed_token_fails if {
	findings := deny(token({}), [])
	count(findings) == 1
	some f in findings
	f.loc.line == 30
	contains(f.msg, "in bearer token (id token, issued by https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123, expiry 2023-11-14 22:13 UTC)")
	not contains(f.msg, "another user pool")
}

test_region_mismatch_fails if {
	some f in deny(token({}), [domain("eu-west-1")])
	contains(f.msg, "issued in us-east-1, but the collection asks Cognito for tokens in eu-west-1")
	some g in deny(token({}), [domain("us-east-1")])
	not contains(g.msg, "another user pool")
}

test_undecoded_fails if {
	some f in deny({"ref": "committedToken:x", "where": "header X-Token", "decoded": false, "loc": {}}, [])
	contains(f.msg, "does not decode")
}

test_no_token_passes if {
	count(rule.deny) == 0 with input as {"committedTokens": [], "tokenRequests": [], "apiRequests": []}
}

test_unknown_claims_fail_without_facts if {
	some f in deny({"ref": "committedToken:x", "where": "environment dev value t", "decoded": true, "loc": {}}, [])
	contains(f.msg, "in environment dev value t:")
}
