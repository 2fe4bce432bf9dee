package authlint.rules.openid_scope_not_allowed_test

import data.authlint.rules.openid_scope_not_allowed as rule

client(scopes) := {
	"ref": "client/Web",
	"logicalId": "WebClient",
	"userPool": {"target": "pool/Users"},
	"allowedOAuthFlowsUserPoolClient": {"value": true},
	"allowedOAuthFlows": {"items": [{"value": "code"}]},
	"allowedOAuthScopes": scopes,
}

scopes(names) := {"items": [{"value": n} | some n in names], "loc": {"file": "t.yaml", "line": 33}}

inventory(c, method_scopes) := {
	"userPools": [{"ref": "pool/Users", "name": {"value": "Users"}, "complete": true}],
	"appClients": [c],
	"restApis": [{
		"ref": "api",
		"authorizers": [{
			"ref": "api/authorizer/Cognito",
			"type": {"value": "COGNITO_USER_POOLS"},
			"providerArns": {"items": [{"arn": {"unknown": {"reason": "!GetAtt"}}, "userPool": {"target": "pool/Users"}}]},
		}],
		"methods": [{
			"ref": "api/method/GET /pets",
			"path": {"value": "/pets"},
			"httpMethod": {"value": "GET"},
			"authorizationType": {"value": "COGNITO_USER_POOLS"},
			"authorizer": {"target": "api/authorizer/Cognito"},
			"authorizationScopes": {"items": [{"value": s} | some s in method_scopes]},
		}],
	}],
}

test_client_without_openid_fires if {
	findings := rule.deny with input as inventory(client(scopes(["email", "profile"])), [])
	count(findings) == 1
	some f in findings
	f.loc.line == 33
	contains(f.msg, "GET /pets of user pool Users accepts only ID tokens")
}

test_openid_or_scoped_methods_pass if {
	count(rule.deny) == 0 with input as inventory(client(scopes(["openid"])), [])
	count(rule.deny) == 0 with input as inventory(client(scopes(["email"])), ["api/read"])
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as inventory(client({"items": [], "unknown": {"reason": "parameter"}}), [])
	count(rule.deny) == 0 with input as inventory(client({"items": [{"value": "email"}, {"unknown": {"reason": "parameter"}}]}), [])
}
