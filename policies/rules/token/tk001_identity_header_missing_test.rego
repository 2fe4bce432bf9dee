package authlint.rules.identity_header_missing_test

import data.authlint.rules.identity_header_missing as rule
import data.authlint.rules.token_cases_test as cases

test_empty_header_fails if {
	tc := object.union(cases.base, {"header": object.union(cases.header, {"empty": true})})
	some f in rule.deny with input as tc
	contains(f.msg, "empty")
	f.loc.line == 33
}

test_other_header_fails if {
	tc := object.union(cases.base, {"header": object.union(cases.header, {"name": "authorizationToken"})})
	some f in rule.deny with input as tc
	contains(f.msg, "authorizationToken header, but the authorizer reads the Authorization header")
}

test_header_name_case_passes if {
	tc := object.union(cases.base, {"header": object.union(cases.header, {"name": "authorization"})})
	count(rule.deny) == 0 with input as tc
	count(rule.pass) == 1 with input as tc
}

test_base_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.unknown) == 0 with input as cases.base
}

test_unknown_identity_source_is_unknown if {
	a := cases.put(cases.authorizer, "identitySource", {"unknown": {"reason": "parameter Header"}, "loc": {}})
	tc := cases.patch(cases.base, {"authorizer": a, "header": object.union(cases.header, {"name": "X-Token"})})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}

test_unset_identity_source_other_header_is_unknown if {
	a := object.remove(cases.authorizer, ["identitySource"])
	tc := cases.patch(cases.base, {"authorizer": a, "header": object.union(cases.header, {"name": "X-Token"})})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}

test_open_method_not_checked if {
	count(rule.deny) == 0 with input as cases.open_case
	count(rule.not_checked) == 1 with input as cases.open_case
}

test_unknown_authorization_type_is_unknown if {
	m := cases.put(cases.base.method, "authorizationType", {"unknown": {"reason": "parameter Auth"}, "loc": {}})
	tc := cases.patch(cases.base, {"method": m})
	count(rule.deny) == 0 with input as tc
	some u in rule.unknown with input as tc
	contains(u, "parameter Auth")
}
