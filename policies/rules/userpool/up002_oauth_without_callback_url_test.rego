package authlint.rules.oauth_without_callback_url_test

import data.authlint.rules.oauth_without_callback_url as rule

client(flows, extra) := object.union({
	"ref": "client/Web",
	"logicalId": "WebClient",
	"userPool": {"target": "pool/Users"},
	"allowedOAuthFlowsUserPoolClient": {"value": true},
	"allowedOAuthFlows": {"items": [{"value": f} | some f in flows], "loc": {"file": "t.yaml", "line": 30}},
}, extra)

test_code_without_callbacks_fires if {
	findings := rule.deny with input as {"appClients": [client(["code"], {})]}
	count(findings) == 1
	some f in findings
	f.loc.line == 30
	contains(f.msg, "allows the code flow")
	count(rule.deny) == 1 with input as {"appClients": [client(["implicit"], {"callbackUrls": {"items": []}})]}
}

test_callbacks_or_machine_flow_pass if {
	count(rule.deny) == 0 with input as {"appClients": [client(["code"], {"callbackUrls": {"items": [{"value": "https://app.example.com/cb"}]}})]}
	count(rule.deny) == 0 with input as {"appClients": [client(["client_credentials"], {})]}
}

test_oauth_disabled_is_left_to_up001 if {
	count(rule.deny) == 0 with input as {"appClients": [client(["code"], {"allowedOAuthFlowsUserPoolClient": {"value": false}})]}
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as {"appClients": [client(["code"], {"callbackUrls": {"items": [], "unknown": {"reason": "parameter"}}})]}
	count(rule.deny) == 0 with input as {"appClients": [client([], {"allowedOAuthFlows": {"items": [{"unknown": {"reason": "parameter"}}]}})]}
}
