package authlint.rules.token_kind_mismatch_test

import data.authlint.rules.token_cases_test as cases
import data.authlint.rules.token_kind_mismatch as rule

test_id_token_on_scoped_method_fails if {
	tc := cases.with_claims(cases.base, cases.id_claims)
	some f in rule.deny with input as tc
	contains(f.msg, "ID token, but GET /pets requires scope pets/read")
	f.loc.line == 12
}

test_access_token_on_scopeless_method_fails if {
	tc := cases.patch(cases.base, {"method": cases.method([])})
	some f in rule.deny with input as tc
	contains(f.msg, "access token, but GET /pets has no authorization scopes")
}

test_kind_from_claims_without_token_use if {
	tc := cases.with_claims(cases.base, object.remove(cases.id_claims, ["tokenUse"]))
	count(rule.deny) == 1 with input as tc
}

test_matching_kinds_pass if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
	count(rule.deny) == 0 with input as cases.id_case
	count(rule.pass) == 1 with input as cases.id_case
}

test_unknown_scopes_are_unknown if {
	m := cases.put(cases.base.method, "authorizationScopes", {"items": [], "unknown": {"reason": "parameter Scopes"}, "loc": {}})
	tc := cases.patch(cases.with_claims(cases.base, cases.id_claims), {"method": m})
	count(rule.deny) == 0 with input as tc
	some u in rule.unknown with input as tc
	contains(u, "parameter Scopes")
}

test_unknown_kind_is_unknown if {
	tc := cases.with_claims(cases.base, {"iss": cases.iss, "exp": cases.now + 60})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
