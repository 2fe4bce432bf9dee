package authlint.rules.oauth_without_domain_test

import data.authlint.rules.oauth_without_domain as rule

client(enabled) := {
	"ref": "client/Web",
	"logicalId": "WebClient",
	"userPool": {"target": "pool/Users"},
	"allowedOAuthFlowsUserPoolClient": {"value": enabled},
	"allowedOAuthFlows": {"items": [{"value": "code"}], "loc": {"file": "t.yaml", "line": 30}},
}

pool(complete) := {"ref": "pool/Users", "name": {"value": "Users"}, "complete": complete}

domain := {"ref": "domain/D", "userPool": {"target": "pool/Users"}, "domain": {"value": "pets"}, "custom": false}

test_no_domain_fires if {
	findings := rule.deny with input as {"appClients": [client(true)], "userPools": [pool(true)], "domains": []}
	count(findings) == 1
	some f in findings
	f.loc.line == 30
	contains(f.msg, "user pool Users has no domain")
}

test_domain_or_no_oauth_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client(true)], "userPools": [pool(true)], "domains": [domain]}
	count(rule.deny) == 0 with input as {"appClients": [client(false)], "userPools": [pool(true)], "domains": []}
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client(true)], "userPools": [pool(false)], "domains": []}
	unlinked := object.union(object.remove(client(true), ["userPool"]), {"userPool": {"unknown": {"reason": "!ImportValue"}}})
	count(rule.deny) == 0 with input as {"appClients": [unlinked], "userPools": [pool(true)], "domains": []}
}
