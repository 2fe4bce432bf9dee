package authlint.rules.jwt_audience_not_client_test

import data.authlint.rules.jwt_audience_not_client as rule

pools := [{"ref": "pool", "name": {"value": "customers"}, "id": {"value": "us-east-1_AbC123"}, "complete": true}]

clients := [{"ref": "client", "id": {"value": "1example23456789"}, "userPool": {"target": "pool"}}]

inventory(entries, complete) := {
	"httpApis": [{
		"ref": "api",
		"name": {"value": "pets"},
		"id": {"value": "a1b2c3d4e5"},
		"account": "123456789012",
		"region": "us-east-1",
		"authorizers": [{
			"ref": "api/authorizer/jwt",
			"loc": {"line": 10},
			"id": {"value": "abc123"},
			"name": {"value": "cognito"},
			"type": {"value": "JWT"},
			"issuer": {"value": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123", "loc": {}},
			"issuerUserPool": {"target": "pool"},
			"audience": {"items": entries, "loc": {"line": 11}},
		}],
		"routes": [],
	}],
	"userPools": [object.union(p, {"complete": complete}) | some p in pools],
	"appClients": clients,
	"resourceServers": [{"ref": "rs", "identifier": {"value": "https://api.example.com"}}],
}

entry(v) := {"value": {"value": v}, "loc": {"line": 12}}

test_pool_id_audience_fires_and_names_the_api if {
	findings := rule.deny with input as inventory([entry("us-east-1_AbC123")], true)
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, "a1b2c3d4e5")
	contains(f.msg, "123456789012")
	contains(f.msg, "us-east-1")
	contains(f.msg, "abc123")
	contains(f.msg, "every route")
}

test_pool_reference_fires if {
	e := {"value": {"unknown": {"reason": "computed", "expr": "aws_cognito_user_pool.pool.id"}}, "userPool": {"target": "pool"}, "loc": {"line": 12}}
	some f in rule.deny with input as inventory([e], true)
	contains(f.msg, "customers")
}

test_resource_server_identifier_fires if {
	count(rule.deny) == 1 with input as inventory([entry("https://api.example.com")], true)
}

test_id_of_no_client_fires_when_pool_complete if {
	count(rule.deny) == 1 with input as inventory([entry("7nosuchclient")], true)
}

test_one_bad_entry_among_good_ones if {
	findings := rule.deny with input as inventory([entry("us-east-1_AbC123"), {"value": {"value": "1example23456789"}, "appClient": {"target": "client"}, "loc": {}}], true)
	count(findings) == 1
	some f in findings
	contains(f.msg, "still pass")
}

test_client_ids_pass if {
	count(rule.deny) == 0 with input as inventory([entry("1example23456789")], true)
	count(rule.deny) == 0 with input as inventory([{"value": {"unknown": {"reason": "computed"}}, "appClient": {"target": "client"}, "loc": {}}], true)
}

test_unknown_entries_and_incomplete_pool_pass if {
	count(rule.deny) == 0 with input as inventory([entry("7nosuchclient")], false)
	# A pool without any known client: the id may be of a client made elsewhere.
	count(rule.deny) == 0 with input as object.union(inventory([entry("7nosuchclient")], true), {"appClients": []})
	count(rule.deny) == 0 with input as inventory([{"value": {"unknown": {"reason": "a variable", "expr": "var.client_id"}}, "loc": {}}], true)
}
