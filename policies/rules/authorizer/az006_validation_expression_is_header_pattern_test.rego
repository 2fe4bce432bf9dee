package authlint.rules.validation_expression_is_header_pattern_test

import data.authlint.rules.validation_expression_is_header_pattern as rule

inventory(expr) := {"restApis": [{"ref": "api", "methods": [], "authorizers": [{
	"ref": "api/authorizer/Cognito",
	"name": {"value": "Cognito"},
	"type": {"value": "COGNITO_USER_POOLS"},
	"identityValidationExpression": expr,
}]}]}

known(s) := {"value": s, "loc": {"file": "t.yaml", "line": 9}}

test_header_patterns_fire if {
	every e in [
		"Bearer.*",
		"^Bearer [-0-9a-zA-Z\\._]*$",
		"^bearer\\s+.+$",
		"^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
		"^Token .+$",
	] {
		count(rule.deny) == 1 with input as inventory(known(e))
	}
}

test_finding_points_at_expression if {
	some f in rule.deny with input as inventory(known("^Bearer .*$"))
	f.loc.line == 9
	contains(f.msg, "Bearer")
}

test_client_id_patterns_pass if {
	every e in [
		"^6pkd3bfpr2vsh2e1ubt7ldq3ka$",
		"^(abc|def)$",
		".*",
		"^(Bearer )?[a-z0-9]+$",
	] {
		count(rule.deny) == 0 with input as inventory(known(e))
	}
}

test_unknown_or_invalid_expression_passes if {
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "parameter"}})
	count(rule.deny) == 0 with input as inventory(known("Bearer (?=x)"))
}
