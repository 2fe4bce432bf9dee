package authlint.rules.secret_on_public_client_test

import data.authlint.rules.secret_on_public_client as rule

client(secret, flows) := {
	"ref": "client/Web",
	"logicalId": "WebClient",
	"userPool": {"target": "pool/Users"},
	"generateSecret": secret,
	"allowedOAuthFlows": {"items": [{"value": f} | some f in flows]},
}

test_secret_with_implicit_fires if {
	findings := rule.deny with input as {"appClients": [client({"value": true, "loc": {"file": "t.yaml", "line": 31}}, ["implicit"])]}
	count(findings) == 1
	some f in findings
	f.loc.line == 31
}

test_public_or_code_client_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client({"value": false}, ["implicit"])]}
	count(rule.deny) == 0 with input as {"appClients": [client({"value": true}, ["code"])]}
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client({"unknown": {"reason": "parameter"}}, ["implicit"])]}
}
