package authlint.rules.token_not_compact_jws_test

import data.authlint.rules.token_cases_test as cases
import data.authlint.rules.token_not_compact_jws as rule

shaped(fields) := object.union(cases.base, {"header": object.union(cases.header, fields)})

test_quotes_fails if {
	some f in rule.deny with input as shaped({"quoted": true})
	contains(f, "quotes")
}

test_line_break_and_spaces_fails if {
	count(rule.deny) == 2 with input as shaped({"lineBreak": true, "innerSpaces": true})
}

test_refresh_token_fails if {
	tc := object.union(shaped({"segments": 5}), {"token": {"kind": "jwe", "header": {"alg": "RSA-OAEP", "enc": "A256GCM", "cty": "JWT"}}})
	some f in rule.deny with input as tc
	contains(f, "refresh token")
	contains(f, "A256GCM")
}

test_two_segments_fails if {
	some f in rule.deny with input as object.remove(shaped({"segments": 2}), ["token"])
	contains(f, "2 dot-separated parts")
}

test_bad_payload_fails if {
	tc := object.union(cases.base, {"token": {"kind": "jws", "header": {"alg": "RS256"}, "problem": "the payload is not a JSON object"}})
	some f in rule.deny with input as tc
	contains(f, "payload")
}

test_base_passes if {
	count(rule.deny) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
}

test_sigv4_not_checked if {
	tc := object.remove(shaped({"sigV4": true, "segments": 0}), ["token"])
	count(rule.deny) == 0 with input as tc
	count(rule.not_checked) == 1 with input as tc
}

test_unknown_authorizer_is_unknown if {
	tc := object.union(object.remove(cases.base, ["authorizer"]), {"authorizerUnknown": {"reason": "!ImportValue Auth"}})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
