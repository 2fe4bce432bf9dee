package authlint.rules.multi_pool_single_authorizer_test

import data.authlint.rules.multi_pool_single_authorizer as rule

inventory(client_pools) := {
	"httpApis": [{
		"ref": "api",
		"name": {"value": "pets"},
		"account": "",
		"authorizers": [{
			"ref": "api/jwt",
			"name": {"value": "cognito"},
			"type": {"value": "JWT"},
			"issuerUserPool": {"target": "poolA"},
			"audience": {"items": [{"value": {"unknown": {"reason": "computed"}}, "appClient": {"target": sprintf("c%d", [i])}, "loc": {}} | some i, _ in client_pools], "loc": {"line": 40}},
		}],
		"routes": [],
	}],
	"userPools": [{"ref": "poolA", "name": {"value": "customers"}}, {"ref": "poolB", "name": {"value": "staff"}}],
	"appClients": [{"ref": sprintf("c%d", [i]), "userPool": pool} | some i, pool in client_pools],
}

test_clients_of_two_pools_fire if {
	findings := rule.deny with input as inventory([{"target": "poolA"}, {"target": "poolB"}])
	count(findings) == 1
	some f in findings
	f.loc.line == 40
	contains(f.msg, "customers and staff")
}

test_clients_of_one_pool_pass if {
	count(rule.deny) == 0 with input as inventory([{"target": "poolA"}, {"target": "poolA"}])
}

test_unknown_client_pool_passes if {
	count(rule.deny) == 0 with input as inventory([{"target": "poolA"}, {"unknown": {"reason": "a variable"}}])
}
