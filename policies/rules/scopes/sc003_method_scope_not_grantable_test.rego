package authlint.rules.method_scope_not_grantable_test

import data.authlint.rules.method_scope_not_grantable as rule

method(scopes) := {
	"ref": "api/method/GET /pets",
	"path": {"value": "/pets"},
	"httpMethod": {"value": "GET"},
	"authorizationType": {"value": "COGNITO_USER_POOLS"},
	"authorizer": {"target": "api/authorizer/Cognito"},
	"authorizationScopes": {"items": [{"value": s, "loc": {"file": "t.yaml", "line": 40 + i}} | some i, s in scopes]},
	"apiKeyRequired": {"value": false},
}

pool := {"ref": "pool/Users", "name": {"value": "Users"}, "complete": true}

server := {"ref": "rs/Api", "userPool": {"target": "pool/Users"}, "identifier": {"value": "api"}, "scopes": [{"value": "read"}, {"value": "write"}]}

client(enabled, scopes) := {
	"ref": "client/Web",
	"userPool": {"target": "pool/Users"},
	"allowedOAuthFlowsUserPoolClient": {"value": enabled},
	"allowedOAuthFlows": {"items": [{"value": "code"}]},
	"allowedOAuthScopes": {"items": [{"value": s} | some s in scopes]},
}

inventory(m, p, clients) := {
	"restApis": [{"ref": "api", "methods": [m], "authorizers": [{
		"ref": "api/authorizer/Cognito",
		"type": {"value": "COGNITO_USER_POOLS"},
		"providerArns": {"items": [{"arn": {"unknown": {"reason": "!GetAtt Users.Arn"}}, "userPool": {"target": "pool/Users"}}]},
	}]}],
	"userPools": [p],
	"resourceServers": [server],
	"appClients": clients,
	"domains": [],
}

test_scope_no_client_allows_fires if {
	findings := rule.deny with input as inventory(method(["api/write"]), pool, [client(true, ["openid", "api/read"])])
	count(findings) == 1
	some f in findings
	f.loc.line == 40
	contains(f.msg, "requires scope api/write, which no app client of user pool Users may request")
}

test_oauth_disabled_client_does_not_grant if {
	count(rule.deny) == 1 with input as inventory(method(["api/read"]), pool, [client(false, ["api/read"])])
	count(rule.deny) == 1 with input as inventory(method(["api/read"]), pool, [])
}

test_grantable_scope_passes if {
	count(rule.deny) == 0 with input as inventory(method(["api/read"]), pool, [client(true, ["api/read"])])
	count(rule.deny) == 0 with input as inventory(method(["api/write", "api/read"]), pool, [client(true, ["api/read"])])
}

test_sdk_scope_and_undefined_scopes_pass if {
	count(rule.deny) == 0 with input as inventory(method(["aws.cognito.signin.user.admin", "api/write"]), pool, [])
	count(rule.deny) == 0 with input as inventory(method(["read"]), pool, [])
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as inventory(method(["api/write"]), object.union(pool, {"complete": false}), [])
	u := object.union(client(true, []), {"allowedOAuthScopes": {"items": [], "unknown": {"reason": "parameter Scopes"}}})
	count(rule.deny) == 0 with input as inventory(method(["api/write"]), pool, [u])
	f := object.union(object.remove(client(true, []), ["allowedOAuthFlowsUserPoolClient"]), {"allowedOAuthFlowsUserPoolClient": {"unknown": {"reason": "condition"}}})
	count(rule.deny) == 0 with input as inventory(method(["api/write"]), pool, [f])
	count(rule.deny) == 0 with input as inventory(method(["api/write"]), object.union(pool, {"preTokenGenerationVersion": {"value": "V3_0"}}), [])
}

test_joined_pool_is_named_with_its_file if {
	joined := object.union(pool, {"joined": {"source": "auth.yaml", "ref": "Users"}, "loc": {"file": "auth.yaml", "line": 3}})
	findings := rule.deny with input as inventory(method(["api/write"]), joined, [client(true, ["api/read"])])
	count(findings) == 1
	some f in findings
	f.loc.file == "t.yaml"
	contains(f.msg, "no app client of user pool Users (defined in auth.yaml) may request")
}
