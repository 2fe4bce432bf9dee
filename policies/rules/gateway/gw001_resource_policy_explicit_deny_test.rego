package authlint.rules.resource_policy_explicit_deny_test

import data.authlint.rules.resource_policy_explicit_deny as rule

statement(effect, principal, conditions, resources) := {
	"effect": {"value": effect},
	"principal": principal,
	"notPrincipal": false,
	"actions": {"items": [{"value": "execute-api:Invoke"}]},
	"notActions": false,
	"resources": {"items": [{"value": r} | some r in resources]},
	"notResources": false,
	"conditions": conditions,
	"loc": {"file": "t.yaml", "line": 60},
}

everyone := {"everyone": true, "aws": {"items": []}, "other": []}

inventory(statements) := {"restApis": [{
	"ref": "api",
	"name": {"value": "Pets"},
	"authorizers": [],
	"stages": [{"ref": "api/stage/prod", "name": {"value": "prod"}}],
	"methods": [{"ref": "api/method/GET /pets", "path": {"value": "/pets"}, "httpMethod": {"value": "GET"}, "authorizationType": {"value": "COGNITO_USER_POOLS"}}],
	"resourcePolicy": {"statements": statements},
}]}

test_unconditional_deny_fires if {
	findings := rule.deny with input as inventory([
		statement("Allow", everyone, [], ["execute-api:/*"]),
		statement("Deny", everyone, [], ["execute-api:/prod/GET/pets"]),
	])
	count(findings) == 1
	some f in findings
	f.loc.line == 60
	contains(f.msg, "on GET /pets")
}

test_conditional_or_narrow_deny_passes if {
	count(rule.deny) == 0 with input as inventory([statement("Deny", everyone, ["NotIpAddress:aws:SourceIp"], ["execute-api:/*"])])
	count(rule.deny) == 0 with input as inventory([statement("Deny", everyone, [], ["execute-api:/prod/POST/*"])])
	count(rule.deny) == 0 with input as inventory([statement("Deny", {"everyone": false, "aws": {"items": [{"value": "arn:aws:iam::111122223333:root"}]}, "other": []}, [], ["execute-api:/*"])])
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as {"restApis": [object.union(inventory([]).restApis[0], {"resourcePolicy": {"statements": [], "unknown": {"reason": "!Sub with parameters"}}})]}
	count(rule.deny) == 0 with input as inventory([object.union(statement("Deny", everyone, [], []), {"resources": {"items": [{"unknown": {"reason": "!Sub"}}]}})])
	count(rule.deny) == 0 with input as inventory([object.union(statement("Deny", everyone, [], ["execute-api:/*"]), {"conditionsUnknown": {"reason": "!If"}})])
}
