package authlint.rules.oauth_without_domain_test

import data.authlint.rules.oauth_without_domain as rule

client(enabled) := {
	"ref": "client/Web",
	"logicalId": "WebClient",
	"userPool": {"target": "pool/Users"},
	"allowedOAuthFlowsUserPoolClient": {"value": enabled},
	"allowedOAuthFlows": {"items": [{"value": "code"}], "loc": {"file": "t.yaml", "line": 30}},
	"allowedOAuthScopes": {"items": [{"value": "openid"}, {"value": "api/read"}]},
}

sdk_client := object.union(client(true), {"allowedOAuthScopes": {"items": [{"value": "openid"}]}})

pool(complete) := {"ref": "pool/Users", "name": {"value": "Users"}, "complete": complete}

domain := {"ref": "domain/D", "userPool": {"target": "pool/Users"}, "domain": {"value": "pets"}, "custom": false}

test_no_domain_fires if {
	findings := rule.deny with input as {"appClients": [client(true)], "userPools": [pool(true)], "domains": []}
	count(findings) == 1
	some f in findings
	f.loc.line == 30
	contains(f.msg, "user pool Users has no domain")
	contains(f.msg, "custom scopes (api/read)")
}

test_client_that_can_sign_in_through_the_api_passes if {
	count(rule.deny) == 0 with input as {"appClients": [sdk_client], "userPools": [pool(true)], "domains": []}
	srp := object.union(sdk_client, {"explicitAuthFlows": {"items": [{"value": "ALLOW_USER_SRP_AUTH"}, {"value": "ALLOW_REFRESH_TOKEN_AUTH"}]}})
	count(rule.deny) == 0 with input as {"appClients": [srp], "userPools": [pool(true)], "domains": []}
}

test_hosted_ui_only_and_machine_clients_fire if {
	ui := object.union(sdk_client, {"explicitAuthFlows": {"items": [{"value": "ALLOW_REFRESH_TOKEN_AUTH"}]}})
	count(rule.deny) == 1 with input as {"appClients": [ui], "userPools": [pool(true)], "domains": []}
	m2m := object.union(sdk_client, {"allowedOAuthFlows": {"items": [{"value": "client_credentials"}]}})
	count(rule.deny) == 1 with input as {"appClients": [m2m], "userPools": [pool(true)], "domains": []}
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

test_code_flow_with_application_callback_fires if {
	web := object.union(sdk_client, {"callbackUrls": {"items": [{"value": "https://app.example.com/callback"}]}})
	findings := rule.deny with input as {"appClients": [web], "userPools": [pool(true)], "domains": []}
	count(findings) == 1
	some f in findings
	contains(f.msg, "it sends users through the hosted UI back to https://app.example.com/callback")
}

test_cdk_placeholder_callback_passes if {
	cdk := object.union(sdk_client, {"callbackUrls": {"items": [{"value": "https://example.com"}]}})
	count(rule.deny) == 0 with input as {"appClients": [cdk], "userPools": [pool(true)], "domains": []}
	unknown := object.union(sdk_client, {"callbackUrls": {"items": [{"value": null, "unknown": {"reason": "parameter"}}]}})
	count(rule.deny) == 0 with input as {"appClients": [unknown], "userPools": [pool(true)], "domains": []}
}

test_client_credentials_flow_callback_is_not_the_reason if {
	m2m := object.union(sdk_client, {
		"allowedOAuthFlows": {"items": [{"value": "client_credentials"}]},
		"callbackUrls": {"items": [{"value": "https://app.example.com/callback"}]},
	})
	findings := rule.deny with input as {"appClients": [m2m], "userPools": [pool(true)], "domains": []}
	some f in findings
	contains(f.msg, "client_credentials is served by the token endpoint alone")
}
