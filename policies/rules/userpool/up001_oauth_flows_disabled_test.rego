package authlint.rules.oauth_flows_disabled_test

import data.authlint.rules.oauth_flows_disabled as rule

client(extra) := object.union({
	"ref": "client/Web",
	"logicalId": "WebClient",
	"userPool": {"target": "pool/Users"},
	"allowedOAuthFlows": {"items": [{"value": "code"}], "loc": {"file": "t.yaml", "line": 30}},
	"allowedOAuthScopes": {"items": [{"value": "openid"}], "loc": {"file": "t.yaml", "line": 31}},
}, extra)

test_unset_flag_fires if {
	findings := rule.deny with input as {"appClients": [client({})]}
	count(findings) == 1
	some f in findings
	f.loc.line == 30
	contains(f.msg, "App client WebClient lists OAuth flows (code)")
}

test_false_flag_fires_at_the_flag if {
	some f in rule.deny with input as {"appClients": [client({"allowedOAuthFlowsUserPoolClient": {"value": false, "loc": {"file": "t.yaml", "line": 29}}})]}
	f.loc.line == 29
}

test_enabled_or_unused_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client({"allowedOAuthFlowsUserPoolClient": {"value": true}})]}
	plain := object.remove(client({}), ["allowedOAuthFlows", "allowedOAuthScopes"])
	count(rule.deny) == 0 with input as {"appClients": [plain]}
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client({"allowedOAuthFlowsUserPoolClient": {"unknown": {"reason": "parameter"}}})]}
	u := object.union(object.remove(client({}), ["allowedOAuthFlows", "allowedOAuthScopes"]), {"allowedOAuthFlows": {"items": [], "unknown": {"reason": "parameter"}}})
	count(rule.deny) == 0 with input as {"appClients": [u]}
}
