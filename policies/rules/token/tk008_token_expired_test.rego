package authlint.rules.token_expired_test

import data.authlint.rules.token_cases_test as cases
import data.authlint.rules.token_expired as rule

claims_with(fields) := cases.with_claims(cases.base, object.union(cases.access_claims, fields))

test_expired_fails if {
	some f in rule.deny with input as claims_with({"exp": cases.now - 7200})
	contains(f, "expired 2 h ago")
	contains(f, "2025-12-31T22:00:00Z")
	not contains(f, "clock")
}

test_just_expired_fails_with_clock_hint if {
	some f in rule.deny with input as claims_with({"exp": cases.now - 41})
	contains(f, "41 s ago")
	contains(f, "clock")
}

test_no_exp_fails if {
	count(rule.deny) == 1 with input as cases.with_claims(cases.base, object.remove(cases.access_claims, ["exp"]))
}

test_valid_passes if {
	count(rule.deny) == 0 with input as cases.base
	some p in rule.pass with input as cases.base
	contains(p, "60 min")
}

test_unknown_method_type_is_unknown if {
	tc := cases.patch(cases.with_claims(cases.base, object.union(cases.access_claims, {"exp": 1})), {"method": cases.put(cases.base.method, "authorizationType", {"unknown": {"reason": "!If"}, "loc": {}})})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
