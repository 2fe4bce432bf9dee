package authlint.rules.identity_source_not_authorization_header_test

import data.authlint.rules.identity_source_not_authorization_header as rule

inventory(src) := {"restApis": [{"ref": "api", "methods": [], "authorizers": [object.union(
	{"ref": "api/authorizer/Cognito", "name": {"value": "Cognito"}, "type": {"value": "COGNITO_USER_POOLS"}},
	{"identitySource": s | some s in [src]; s != null},
)]}]}

known(s) := {"value": s, "loc": {"file": "t.yaml", "line": 7}}

test_custom_header_fires if {
	findings := rule.deny with input as inventory(known("method.request.header.X-Auth-Token"))
	count(findings) == 1
	some f in findings
	f.loc.line == 7
	contains(f.msg, "X-Auth-Token")
}

test_non_header_source_fires if {
	findings := rule.deny with input as inventory(known("method.request.querystring.token"))
	count(findings) == 1
	some f in findings
	contains(f.msg, "not a request header")
}

test_authorization_header_passes if {
	count(rule.deny) == 0 with input as inventory(known("method.request.header.Authorization"))
	count(rule.deny) == 0 with input as inventory(known("method.request.header.authorization"))
	count(rule.deny) == 0 with input as inventory(null)
}

test_unknown_source_passes if {
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "parameter HeaderName"}})
}
