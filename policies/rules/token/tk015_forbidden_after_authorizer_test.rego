package authlint.rules.forbidden_after_authorizer_test

import data.authlint.rules.forbidden_after_authorizer as rule
import data.authlint.rules.token_cases_test as cases

method_with(k, v) := cases.patch(cases.base, {"method": cases.put(cases.base.method, k, v)})

test_iam_method_fails if {
	some f in rule.deny with input as method_with("authorizationType", {"value": "AWS_IAM", "loc": {"line": 11}})
	contains(f.msg, "403")
	f.loc.line == 11
}

test_missing_stage_fails if {
	some f in rule.deny with input as cases.patch(cases.base, {"stage": {"name": "prod", "found": false, "variables": []}})
	contains(f, "Missing Authentication Token")
}

test_stage_not_redeployed_fails if {
	some f in rule.deny with input as cases.patch(cases.base, {"stage": {"name": "prod", "found": true, "variables": [], "serves": false}})
	contains(f, "not redeployed")
}

test_plain_method_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.unknown) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
	count(rule.deny) == 0 with input as cases.patch(cases.base, {"stage": {"name": "prod", "found": true, "variables": [], "serves": true}})
}

test_api_key_and_policy_unknown if {
	count(rule.unknown) == 1 with input as method_with("apiKeyRequired", {"value": true, "loc": {}})
	count(rule.unknown) == 1 with input as cases.patch(cases.base, {"resourcePolicy": {"statements": [], "loc": {}}})
	count(rule.unknown) == 1 with input as cases.patch(cases.base, {"stage": {"name": "prod", "found": false, "foundUnknown": {"reason": "OpenAPI file"}, "variables": []}})
	count(rule.deny) == 0 with input as cases.patch(cases.base, {"stage": {"name": "prod", "found": false, "foundUnknown": {"reason": "OpenAPI file"}, "variables": []}})
}
