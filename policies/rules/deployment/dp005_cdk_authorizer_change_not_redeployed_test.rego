package authlint.rules.cdk_authorizer_change_not_redeployed_test

import data.authlint.rules.cdk_authorizer_change_not_redeployed as rule

api(origin) := {
	"ref": "api",
	"name": {"value": "PetsApi"},
	"origin": origin,
	"methods": [],
	"authorizers": [{"ref": "api/authorizer/A", "type": {"value": "COGNITO_USER_POOLS"}}],
}

cdk(flags) := {"contextFile": "cdk.json", "featureFlags": flags, "loc": {"file": "cdk.json", "line": 1}}

test_flag_missing_fires if {
	findings := rule.deny with input as {"restApis": [api("cdk")], "cdk": cdk({})}
	count(findings) == 1
	some f in findings
	f.loc.file == "cdk.json"
	contains(f.msg, "API PetsApi")
}

test_flag_false_fires if {
	count(rule.deny) == 1 with input as {"restApis": [api("cdk")], "cdk": cdk({rule.flag: false})}
}

test_flag_true_passes if {
	count(rule.deny) == 0 with input as {"restApis": [api("cdk")], "cdk": cdk({rule.flag: true})}
}

test_not_cdk_passes if {
	count(rule.deny) == 0 with input as {"restApis": [api("cloudformation")]}
	count(rule.deny) == 0 with input as {"restApis": [api("cloudformation")], "cdk": cdk({})}
}

test_unknown_context_passes if {
	c := {"featureFlags": {}, "contextUnknown": {"reason": "no cdk.json next to the cloud assembly"}, "loc": {}}
	count(rule.deny) == 0 with input as {"restApis": [api("cdk")], "cdk": c}
}
