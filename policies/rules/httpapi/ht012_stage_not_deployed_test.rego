package authlint.rules.stage_not_deployed_test

import data.authlint.rules.stage_not_deployed as rule

inventory(stages, extra) := {"httpApis": [object.union(
	{
		"ref": "api", "loc": {"line": 1}, "name": {"value": "pets"}, "account": "", "authorizers": [],
		"routes": [{"ref": "r", "routeKey": {"value": "GET /pets"}, "authorizationType": {"value": "NONE"}}],
		"stages": stages, "deployments": [],
	},
	extra,
)]}

stage(extra) := object.union({"ref": "api/stage", "loc": {"line": 30}, "name": {"value": "prod"}}, extra)

test_no_stage_fires if {
	findings := rule.deny with input as inventory([], {})
	count(findings) == 1
	some f in findings
	f.loc.line == 1
}

test_stage_without_auto_deploy_fires if {
	count(rule.deny) == 1 with input as inventory([stage({})], {})
	findings := rule.deny with input as inventory([stage({"autoDeploy": {"value": false, "loc": {"line": 32}}})], {})
	count(findings) == 1
	some f in findings
	f.loc.line == 32
}

test_deployed_stages_pass if {
	count(rule.deny) == 0 with input as inventory([stage({"autoDeploy": {"value": true}})], {})
	count(rule.deny) == 0 with input as inventory([stage({"deploymentId": {"value": "dep1"}})], {})
	count(rule.deny) == 0 with input as inventory([stage({})], {"deployments": [{"ref": "d"}]})
	count(rule.deny) == 0 with input as inventory([stage({}), stage({"autoDeploy": {"value": true}})], {})
	count(rule.deny) == 0 with input as inventory([], {"quickCreateTarget": {"value": "arn:aws:lambda:us-east-1:123456789012:function:f"}})
}

test_unknown_stages_pass if {
	count(rule.deny) == 0 with input as inventory([stage({"autoDeploy": {"unknown": {"reason": "a variable"}}})], {})
	count(rule.deny) == 0 with input as inventory([], {"stagesUnknown": {"reason": "standalone OpenAPI"}})
	count(rule.deny) == 0 with input as inventory([stage({})], {"deploymentsUnknown": {"reason": "elsewhere"}})
}
