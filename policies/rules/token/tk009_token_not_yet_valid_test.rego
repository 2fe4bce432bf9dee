package authlint.rules.token_not_yet_valid_test

import data.authlint.rules.token_cases_test as cases
import data.authlint.rules.token_not_yet_valid as rule

claims_with(fields) := cases.with_claims(cases.base, object.union(cases.access_claims, fields))

test_future_nbf_fails if {
	some f in rule.deny with input as claims_with({"nbf": cases.now + 600})
	contains(f, "10 min from now")
}

test_future_iat_unknown if {
	tc := claims_with({"iat": cases.now + 300})
	count(rule.deny) == 0 with input as tc
	some u in rule.unknown with input as tc
	contains(u, "clock")
}

test_valid_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.unknown) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
}
