package authlint.rules.api_never_deployed_test

import data.authlint.rules.api_never_deployed as rule

api(extra) := object.union({
	"ref": "api",
	"logicalId": "Api",
	"loc": {"file": "t.yaml", "line": 3},
	"authorizers": [],
	"methods": [{"ref": "api/method/GET /pets"}],
	"stages": [],
	"deployments": [],
}, extra)

test_undeployed_api_fires if {
	findings := rule.deny with input as {"restApis": [api({})]}
	count(findings) == 1
	some f in findings
	f.loc.line == 3
	contains(f.msg, "API Api has 1 method but no deployment")
}

test_deployed_api_passes if {
	count(rule.deny) == 0 with input as {"restApis": [api({"stages": [{"ref": "api/stage/prod"}]})]}
	count(rule.deny) == 0 with input as {"restApis": [api({"deployments": [{"ref": "api/deployment/D"}]})]}
	count(rule.deny) == 0 with input as {"restApis": [api({"methods": []})]}
}

test_unknown_stages_pass if {
	count(rule.deny) == 0 with input as {"restApis": [api({"stagesUnknown": {"reason": "standalone OpenAPI"}})]}
	count(rule.deny) == 0 with input as {"restApis": [api({"deploymentsUnknown": {"reason": "nested stack"}})]}
}
