package authlint.rules.method_scope_undefined_test

import data.authlint.rules.method_scope_undefined as rule

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

inventory(m, p, rs) := {
	"restApis": [{"ref": "api", "methods": [m], "authorizers": [{
		"ref": "api/authorizer/Cognito",
		"type": {"value": "COGNITO_USER_POOLS"},
		"providerArns": {"items": [{"arn": {"unknown": {"reason": "!GetAtt Users.Arn"}}, "userPool": {"target": "pool/Users"}}]},
	}]}],
	"userPools": [p],
	"resourceServers": [rs],
	"appClients": [],
	"domains": [],
}

test_short_form_fires_with_hint if {
	findings := rule.deny with input as inventory(method(["read"]), pool, server)
	count(findings) == 1
	some f in findings
	f.loc.line == 40
	contains(f.msg, "did you mean api/read?")
	contains(f.msg, "every access token is refused with 401")
}

test_only_the_undefined_scope_fires if {
	findings := rule.deny with input as inventory(method(["api/read", "api/raed"]), pool, server)
	count(findings) == 1
	some f in findings
	f.loc.line == 41
	contains(f.msg, "another of the method's scopes")
}

test_defined_and_standard_scopes_pass if {
	count(rule.deny) == 0 with input as inventory(method(["api/read", "openid", "aws.cognito.signin.user.admin"]), pool, server)
}

test_incomplete_pool_or_unknown_scopes_pass if {
	count(rule.deny) == 0 with input as inventory(method(["read"]), object.union(pool, {"complete": false}), server)
	count(rule.deny) == 0 with input as inventory(method(["read"]), pool, object.union(server, {"scopesUnknown": {"reason": "!If"}}))
	count(rule.deny) == 0 with input as inventory(method(["read"]), object.union(pool, {"preTokenGenerationVersion": {"value": "V2_0"}}), server)
	count(rule.deny) == 0 with input as inventory(method(["read"]), object.union(pool, {"preTokenGenerationVersion": {"unknown": {"reason": "parameter"}}}), server)
	m := object.union(method([]), {"authorizationScopes": {"items": [{"unknown": {"reason": "parameter Scope"}}]}})
	count(rule.deny) == 0 with input as inventory(m, pool, server)
}

test_unlinked_pool_passes if {
	inv := inventory(method(["read"]), pool, server)
	a := object.union(inv.restApis[0].authorizers[0], {"providerArns": {"items": [{"arn": {"value": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"}}]}})
	count(rule.deny) == 0 with input as object.union(inv, {"restApis": [object.union(inv.restApis[0], {"authorizers": [a]})]})
}

test_dot_for_slash_gets_a_hint if {
	some f in rule.deny with input as inventory(method(["api.read"]), pool, server)
	contains(f.msg, "did you mean api/read?")
}
