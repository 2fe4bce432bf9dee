package authlint.rules.sam_default_authorizer_on_preflight_test

import data.authlint.rules.sam_default_authorizer_on_preflight as rule

sam(extra) := object.union({
	"defaultAuthorizer": {"value": "CognitoAuth", "loc": {"file": "t.yaml", "line": 12}},
	"cors": {"allowOrigin": {"value": "*"}, "loc": {"file": "t.yaml", "line": 8}},
	"authLoc": {"file": "t.yaml", "line": 11},
	"loc": {"file": "t.yaml", "line": 5},
}, extra)

inventory(s) := {"restApis": [{"ref": "api", "logicalId": "Api", "authorizers": [], "methods": [], "sam": s}]}

test_default_setting_fires if {
	findings := rule.deny with input as inventory(sam({}))
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, "unset (SAM's default is true)")
}

test_explicit_true_fires_at_the_setting if {
	some f in rule.deny with input as inventory(sam({"addDefaultAuthorizerToCorsPreflight": {"value": true, "loc": {"file": "t.yaml", "line": 13}}}))
	f.loc.line == 13
}

test_api_key_on_preflight_fires if {
	s := sam({"apiKeyRequired": {"value": true, "loc": {"file": "t.yaml", "line": 14}}, "addDefaultAuthorizerToCorsPreflight": {"value": false}})
	findings := rule.deny with input as inventory(s)
	count(findings) == 1
	some f in findings
	f.loc.line == 14
	contains(f.msg, "ApiKeyRequired")
}

test_disabled_or_no_cors_passes if {
	count(rule.deny) == 0 with input as inventory(sam({"addDefaultAuthorizerToCorsPreflight": {"value": false}}))
	count(rule.deny) == 0 with input as inventory(object.remove(sam({}), ["cors"]))
	count(rule.deny) == 0 with input as inventory(sam({"defaultAuthorizer": {"value": "NONE"}}))
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as inventory(sam({"addDefaultAuthorizerToCorsPreflight": {"unknown": {"reason": "parameter"}}}))
	count(rule.deny) == 0 with input as inventory(object.union(object.remove(sam({}), ["defaultAuthorizer"]), {"defaultAuthorizer": {"unknown": {"reason": "!If"}}}))
	count(rule.deny) == 0 with input as inventory(sam({"cors": {"unknown": {"reason": "!If"}}}))
}
