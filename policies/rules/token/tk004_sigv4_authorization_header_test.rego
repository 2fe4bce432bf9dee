package authlint.rules.sigv4_authorization_header_test

import data.authlint.rules.sigv4_authorization_header as rule
import data.authlint.rules.token_cases_test as cases

test_sigv4_fails if {
	tc := object.union(object.remove(cases.base, ["token"]), {"header": object.union(cases.header, {"sigV4": true, "prefixes": [], "segments": 0})})
	count(rule.deny) == 1 with input as tc
}

test_token_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
}

test_unknown_method_type_is_unknown if {
	m := cases.put(cases.base.method, "authorizationType", {"unknown": {"reason": "!If"}, "loc": {}})
	tc := cases.patch(cases.base, {"method": m, "header": object.union(cases.header, {"sigV4": true})})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
