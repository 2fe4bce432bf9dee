package authlint.rules.resource_policy_without_allow_test

import data.authlint.rules.resource_policy_without_allow as rule

statement(effect, resources) := {
	"effect": {"value": effect},
	"principal": {"everyone": true, "aws": {"items": []}, "other": []},
	"notPrincipal": false,
	"actions": {"items": [{"value": "execute-api:Invoke"}]},
	"notActions": false,
	"resources": {"items": [{"value": r} | some r in resources]},
	"notResources": false,
	"conditions": ["NotIpAddress:aws:SourceIp"],
}

inventory(statements) := {"restApis": [{
	"ref": "api",
	"name": {"value": "Pets"},
	"authorizers": [],
	"stages": [{"ref": "api/stage/prod", "name": {"value": "prod"}}],
	"methods": [{"ref": "api/method/GET /pets", "path": {"value": "/pets"}, "httpMethod": {"value": "GET"}, "authorizationType": {"value": "COGNITO_USER_POOLS"}}],
	"resourcePolicy": {"statements": statements, "loc": {"file": "t.yaml", "line": 70}},
}]}

test_deny_only_policy_fires if {
	findings := rule.deny with input as inventory([statement("Deny", ["execute-api:/*"])])
	count(findings) == 1
	some f in findings
	f.loc.line == 70
	contains(f.msg, "covers GET /pets")
}

test_allow_for_other_methods_fires if {
	count(rule.deny) == 1 with input as inventory([statement("Allow", ["execute-api:/prod/POST/*"])])
}

test_allow_covering_passes if {
	count(rule.deny) == 0 with input as inventory([statement("Allow", ["execute-api:/*"]), statement("Deny", ["execute-api:/*"])])
	count(rule.deny) == 0 with input as inventory([statement("Allow", ["arn:aws:execute-api:us-east-1:111122223333:*/*"])])
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as inventory([object.union(statement("Allow", []), {"resources": {"items": [{"unknown": {"reason": "!Sub"}}]}})])
	count(rule.deny) == 0 with input as inventory([object.union(statement("Allow", []), {"notResources": true})])
	count(rule.deny) == 0 with input as inventory([statement("Deny", []), {"effect": {"unknown": {"reason": "!If"}}, "actions": {"items": []}, "resources": {"items": []}, "conditions": [], "notPrincipal": false, "notActions": false, "notResources": false}])
	count(rule.deny) == 0 with input as {"restApis": [object.union(inventory([]).restApis[0], {"resourcePolicy": {"statements": [], "unknown": {"reason": "x"}}})]}
}
