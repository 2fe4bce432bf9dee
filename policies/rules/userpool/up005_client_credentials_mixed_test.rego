package authlint.rules.client_credentials_mixed_test

import data.authlint.rules.client_credentials_mixed as rule

client(flows) := {
	"ref": "client/Web",
	"logicalId": "WebClient",
	"userPool": {"target": "pool/Users"},
	"allowedOAuthFlows": {"items": [f | some f in flows], "loc": {"file": "t.yaml", "line": 30}},
}

known(v) := {"value": v}

test_mixed_flows_fire if {
	findings := rule.deny with input as {"appClients": [client([known("client_credentials"), known("code")])]}
	count(findings) == 1
	some f in findings
	f.loc.line == 30
	contains(f.msg, "together with code")
}

test_single_kind_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client([known("client_credentials")])]}
	count(rule.deny) == 0 with input as {"appClients": [client([known("code"), known("implicit")])]}
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client([known("client_credentials"), {"unknown": {"reason": "parameter"}}])]}
}
