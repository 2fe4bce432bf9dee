package authlint.rules.signature_invalid_test

import data.authlint.rules.signature_invalid as rule
import data.authlint.rules.token_cases_test as cases

jose(h, sig) := cases.patch(cases.base, {"token": cases.put(cases.base.token, "header", h), "signature": sig})

test_alg_none_fails if {
	some f in rule.deny with input as jose({"alg": "none"}, {"status": "not-checked"})
	contains(f, "unsigned")
}

test_hs256_fails if {
	some f in rule.deny with input as jose({"alg": "HS256", "kid": "k1"}, {"status": "not-checked"})
	contains(f, "HS256")
}

test_kid_not_found_fails if {
	some f in rule.deny with input as jose({"alg": "RS256", "kid": "other"}, {"status": "kid-not-found", "keySource": "jwks.json"})
	contains(f, "other is not in jwks.json")
}

test_bad_signature_fails if {
	count(rule.deny) == 1 with input as jose({"alg": "RS256", "kid": "k1"}, {"status": "invalid", "keySource": "jwks.json", "detail": "verification error"})
}

test_no_kid_fails if {
	count(rule.deny) == 1 with input as jose({"alg": "RS256"}, {"status": "not-checked"})
}

test_valid_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
}

test_without_jwks_not_checked_not_pass if {
	tc := jose({"alg": "RS256", "kid": "k1"}, {"status": "not-checked"})
	count(rule.deny) == 0 with input as tc
	count(rule.not_checked) == 1 with input as tc
	count(rule.pass) == 0 with input as tc
}

test_unknown_authorizer_is_unknown if {
	tc := cases.patch(object.remove(cases.base, ["authorizer"]), {"authorizerUnknown": {"reason": "!ImportValue Auth"}})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
