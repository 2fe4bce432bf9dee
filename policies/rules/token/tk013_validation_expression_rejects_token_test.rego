package authlint.rules.validation_expression_rejects_token_test

import data.authlint.rules.token_cases_test as cases
import data.authlint.rules.validation_expression_rejects_token as rule

expr(tc, e) := cases.patch(tc, {"authorizer": object.union(cases.authorizer, {"identityValidationExpression": e})})

ok := {"value": "^3n4b5urk1ft4fl3mg5e62d9ado$", "loc": {"line": 34}}

test_access_token_fails if {
	some f in rule.deny with input as expr(cases.base, ok)
	contains(f.msg, "access tokens have no aud")
	f.loc.line == 34
}

test_other_client_fails if {
	tc := expr(cases.with_claims(cases.id_case, object.union(cases.id_claims, {"aud": ["otherclient"]})), ok)
	some f in rule.deny with input as tc
	contains(f.msg, "aud otherclient does not match")
}

test_matching_client_passes if {
	count(rule.deny) == 0 with input as expr(cases.id_case, ok)
	count(rule.unknown) == 0 with input as expr(cases.id_case, ok)
	count(rule.pass) == 1 with input as expr(cases.id_case, ok)
}

test_no_expression_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
}

test_partial_match_unknown if {
	tc := expr(cases.id_case, {"value": "3n4b5", "loc": {}})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}

test_unknown_expression_is_unknown if {
	tc := expr(cases.id_case, {"unknown": {"reason": "parameter Regex"}, "loc": {}})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
