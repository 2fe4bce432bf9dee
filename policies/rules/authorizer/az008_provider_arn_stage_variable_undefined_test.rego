package authlint.rules.provider_arn_stage_variable_undefined_test

import data.authlint.rules.provider_arn_stage_variable_undefined as rule

arn := "arn:aws:cognito-idp:us-east-2:111122223333:userpool/${stageVariables.UserPoolId}"

stage(name, vars) := {"ref": sprintf("api/stage/%s", [name]), "name": {"value": name}, "variables": [{"name": v, "value": {"value": "us-east-2_abc"}} | some v in vars]}

inventory(a, stages) := {"restApis": [{
	"ref": "api",
	"methods": [],
	"stages": stages,
	"authorizers": [{
		"ref": "api/authorizer/Cognito",
		"name": {"value": "Cognito"},
		"type": {"value": "COGNITO_USER_POOLS"},
		"providerArns": {"items": [{"arn": {"value": a, "loc": {"file": "t.yaml", "line": 12}}, "loc": {}}]},
	}],
}]}

test_stage_without_variable_fires if {
	findings := rule.deny with input as inventory(arn, [stage("prod", ["UserPoolId"]), stage("dev", ["Other"])])
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, "stage dev does not define")
	not contains(f.msg, "prod")
}

test_all_stages_define_it_passes if {
	count(rule.deny) == 0 with input as inventory(arn, [stage("prod", ["UserPoolId"])])
}

test_plain_arn_passes if {
	count(rule.deny) == 0 with input as inventory("arn:aws:cognito-idp:us-east-2:111122223333:userpool/us-east-2_abc", [stage("dev", [])])
}

test_unknown_stages_or_variables_pass if {
	inv := inventory(arn, [])
	count(rule.deny) == 0 with input as {"restApis": [object.union(inv.restApis[0], {"stagesUnknown": {"reason": "standalone OpenAPI"}})]}
	s := object.union(stage("dev", []), {"variablesUnknown": {"reason": "!If"}})
	count(rule.deny) == 0 with input as inventory(arn, [s])
}

test_sam_implicit_stage_is_ignored if {
	inv := inventory(arn, [
		stage("prod", ["UserPoolId"]),
		object.union(stage("Stage", []), {"deployment": {"target": "PetsApiDeployment"}}),
	])
	api := object.union(inv.restApis[0], {"deployments": [{"ref": "PetsApiDeployment", "managedBy": "sam", "stageName": {"value": "Stage"}}]})
	count(rule.deny) == 0 with input as {"restApis": [api]}
}
