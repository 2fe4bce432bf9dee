package authlint.rules.authorization_prefix_invalid_test

import data.authlint.rules.authorization_prefix_invalid as rule
import data.authlint.rules.token_cases_test as cases

prefixed(p, extra) := object.union(cases.base, {"header": object.union(cases.header, {"prefixes": p, "extraSpaces": extra})})

test_bearer_twice_fails if {
	some f in rule.deny with input as prefixed(["Bearer", "Bearer"], false)
	contains(f, "2 times")
}

test_other_word_fails if {
	some f in rule.deny with input as prefixed(["JWT"], false)
	contains(f, "\"JWT\"")
}

test_bearer_and_bare_pass if {
	count(rule.deny) == 0 with input as prefixed(["Bearer"], false)
	count(rule.unknown) == 0 with input as prefixed(["Bearer"], false)
	count(rule.pass) == 1 with input as prefixed([], false)
}

test_odd_casing_and_spacing_unknown if {
	count(rule.deny) == 0 with input as prefixed(["bearer"], false)
	count(rule.unknown) == 1 with input as prefixed(["bearer"], false)
	count(rule.unknown) == 1 with input as prefixed(["Bearer"], true)
}
