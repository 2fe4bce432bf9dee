package authlint.rules.route_scope_unobtainable_test

import data.authlint.rules.route_scope_unobtainable as rule

pool := {"ref": "pool", "name": {"value": "customers"}, "complete": true}

client(scopes) := {
	"ref": "client",
	"name": {"value": "web"},
	"userPool": {"target": "pool"},
	"allowedOAuthFlowsUserPoolClient": {"value": true},
	"allowedOAuthFlows": {"items": [{"value": "code"}]},
	"allowedOAuthScopes": {"items": [{"value": s} | some s in scopes]},
}

inventory(route_scopes, client_scopes, p) := {
	"httpApis": [{
		"ref": "api",
		"name": {"value": "pets"},
		"account": "",
		"authorizers": [{
			"ref": "api/jwt",
			"name": {"value": "cognito"},
			"type": {"value": "JWT"},
			"issuerUserPool": {"target": "pool"},
			"audience": {"items": [{"value": {"unknown": {"reason": "computed"}}, "appClient": {"target": "client"}, "loc": {}}], "loc": {}},
		}],
		"routes": [{
			"ref": "api/route",
			"loc": {"line": 20},
			"routeKey": {"value": "GET /pets"},
			"authorizationType": {"value": "JWT"},
			"authorizer": {"target": "api/jwt"},
			"authorizationScopes": {"items": [{"value": s, "loc": {"line": 22}} | some s in route_scopes]},
		}],
	}],
	"userPools": [p],
	"appClients": [client(client_scopes)],
	"resourceServers": [{"ref": "rs", "userPool": {"target": "pool"}, "identifier": {"value": "api"}, "scopes": [{"value": "read"}, {"value": "write"}]}],
}

test_undefined_scope_fires if {
	findings := rule.deny with input as inventory(["read"], ["api/read"], pool)
	count(findings) == 1
	some f in findings
	f.loc.line == 22
	contains(f.msg, "api/read")
	not contains(f.msg, "answers 401")
}

test_scope_no_client_may_request_fires if {
	findings := rule.deny with input as inventory(["api/write"], ["api/read"], pool)
	count(findings) == 1
	some f in findings
	contains(f.msg, "web")
}

test_obtainable_scopes_pass if {
	count(rule.deny) == 0 with input as inventory(["api/read"], ["api/read"], pool)
	count(rule.deny) == 0 with input as inventory(["api/write", "api/read"], ["api/read"], pool)
	count(rule.deny) == 0 with input as inventory(["aws.cognito.signin.user.admin"], [], pool)
}

test_unknown_pool_or_trigger_passes if {
	count(rule.deny) == 0 with input as inventory(["read"], ["api/read"], object.union(pool, {"complete": false}))
	count(rule.deny) == 0 with input as inventory(["read"], ["api/read"], object.union(pool, {"preTokenGenerationVersion": {"value": "V2_0"}}))
	count(rule.deny) == 0 with input as inventory(["read"], ["api/read"], object.union(pool, {"preTokenGenerationVersion": {"unknown": {"reason": "a variable"}}}))
}

test_unknown_client_scopes_pass_the_client_check if {
	inv := inventory(["api/write"], ["api/read"], pool)
	c := object.union(inv.appClients[0], {"allowedOAuthScopes": {"items": [], "unknown": {"reason": "a variable"}}})
	count(rule.deny) == 0 with input as object.union(inv, {"appClients": [c]})
}
