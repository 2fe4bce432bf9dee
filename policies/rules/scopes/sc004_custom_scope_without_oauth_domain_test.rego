package authlint.rules.custom_scope_without_oauth_domain_test

import data.authlint.rules.custom_scope_without_oauth_domain as rule

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

domain := {"ref": "domain/D", "userPool": {"target": "pool/Users"}, "domain": {"value": "pets"}, "custom": false}

inventory(m, p, domains) := {
	"restApis": [{"ref": "api", "methods": [m], "authorizers": [{
		"ref": "api/authorizer/Cognito",
		"type": {"value": "COGNITO_USER_POOLS"},
		"providerArns": {"items": [{"arn": {"unknown": {"reason": "!GetAtt Users.Arn"}}, "userPool": {"target": "pool/Users"}}]},
	}]}],
	"userPools": [p],
	"resourceServers": [],
	"appClients": [],
	"domains": domains,
}

test_custom_scope_without_domain_fires if {
	findings := rule.deny with input as inventory(method(["api/read"]), pool, [])
	count(findings) == 1
	some f in findings
	f.loc.line == 40
	contains(f.msg, "user pool Users has no domain")
}

test_domain_or_standard_scope_passes if {
	count(rule.deny) == 0 with input as inventory(method(["api/read"]), pool, [domain])
	count(rule.deny) == 0 with input as inventory(method(["api/read", "aws.cognito.signin.user.admin"]), pool, [])
	count(rule.deny) == 0 with input as inventory(method([]), pool, [])
}

test_trigger_may_add_scopes_passes if {
	count(rule.deny) == 0 with input as inventory(method(["api/read"]), object.union(pool, {"preTokenGenerationVersion": {"value": "V2_0"}}), [])
	count(rule.deny) == 1 with input as inventory(method(["api/read"]), object.union(pool, {"preTokenGenerationVersion": {"value": "V1_0"}}), [])
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as inventory(method(["api/read"]), object.union(pool, {"complete": false}), [])
	count(rule.deny) == 0 with input as inventory(method(["api/read"]), object.union(pool, {"preTokenGenerationVersion": {"unknown": {"reason": "parameter"}}}), [])
	m := object.union(method(["api/read"]), {"authorizationScopes": {"items": [{"unknown": {"reason": "parameter"}}]}})
	count(rule.deny) == 0 with input as inventory(m, pool, [])
}
