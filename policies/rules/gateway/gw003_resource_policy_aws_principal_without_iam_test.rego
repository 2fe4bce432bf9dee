package authlint.rules.resource_policy_aws_principal_without_iam_test

import data.authlint.rules.resource_policy_aws_principal_without_iam as rule

statement(effect, principal, resources) := {
	"effect": {"value": effect},
	"principal": principal,
	"notPrincipal": false,
	"actions": {"items": [{"value": "execute-api:Invoke"}]},
	"notActions": false,
	"resources": {"items": [{"value": r} | some r in resources]},
	"notResources": false,
	"conditions": [],
}

account := {"everyone": false, "aws": {"items": [{"value": "arn:aws:iam::111122223333:root"}]}, "other": [], "loc": {"file": "t.yaml", "line": 80}}

everyone := {"everyone": true, "aws": {"items": []}, "other": []}

inventory(statements, type) := {"restApis": [{
	"ref": "api",
	"name": {"value": "Pets"},
	"authorizers": [],
	"stages": [],
	"stagesUnknown": {"reason": "standalone OpenAPI"},
	"methods": [{"ref": "api/method/GET /pets", "path": {"value": "/pets"}, "httpMethod": {"value": "GET"}, "authorizationType": {"value": type}}],
	"resourcePolicy": {"statements": statements},
}]}

test_aws_principal_only_fires if {
	findings := rule.deny with input as inventory([statement("Allow", account, ["execute-api:/*"])], "COGNITO_USER_POOLS")
	count(findings) == 1
	some f in findings
	f.loc.line == 80
	contains(f.msg, "arn:aws:iam::111122223333:root")
}

test_everyone_allowed_passes if {
	count(rule.deny) == 0 with input as inventory([statement("Allow", account, ["execute-api:/*"]), statement("Allow", everyone, ["execute-api:/*/GET/*"])], "COGNITO_USER_POOLS")
}

test_iam_methods_and_no_allow_pass if {
	count(rule.deny) == 0 with input as inventory([statement("Allow", account, ["execute-api:/*"])], "AWS_IAM")
	# No Allow at all is GW002's business.
	count(rule.deny) == 0 with input as inventory([statement("Deny", everyone, ["execute-api:/*"])], "COGNITO_USER_POOLS")
}

test_unknown_principal_passes if {
	count(rule.deny) == 0 with input as inventory([statement("Allow", {"unknown": {"reason": "!Ref Principal"}, "everyone": false, "aws": {"items": []}, "other": []}, ["execute-api:/*"])], "COGNITO_USER_POOLS")
	count(rule.deny) == 0 with input as inventory([object.union(statement("Allow", account, ["execute-api:/*"]), {"notPrincipal": true})], "COGNITO_USER_POOLS")
}
