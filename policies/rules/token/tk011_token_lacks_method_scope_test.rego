package authlint.rules.token_lacks_method_scope_test

import data.authlint.rules.token_cases_test as cases
import data.authlint.rules.token_lacks_method_scope as rule

scoped(scopes) := cases.with_claims(cases.base, object.union(cases.access_claims, {"scope": concat(" ", scopes), "scopes": scopes}))

test_missing_scope_fails if {
	some f in rule.deny with input as scoped(["pets/write"])
	contains(f.msg, "carries scope pets/write, but GET /pets needs one of pets/read")
	f.loc.line == 12
}

test_sdk_token_fails_with_hint if {
	some f in rule.deny with input as scoped(["aws.cognito.signin.user.admin"])
	contains(f.msg, "SDK or Amplify sign-in token")
}

test_one_of_passes if {
	count(rule.deny) == 0 with input as scoped(["openid", "pets/read"])
	count(rule.pass) == 1 with input as scoped(["openid", "pets/read"])
}

test_scopeless_method_passes if {
	count(rule.deny) == 0 with input as cases.id_case
	count(rule.pass) == 1 with input as cases.id_case
}

test_id_token_not_checked if {
	tc := cases.with_claims(cases.base, cases.id_claims)
	count(rule.deny) == 0 with input as tc
	count(rule.not_checked) == 1 with input as tc
}

test_unknown_scope_item_is_unknown if {
	m := cases.put(cases.base.method, "authorizationScopes", {"items": [{"unknown": {"reason": "parameter Scope"}, "loc": {}}], "loc": {}})
	tc := cases.patch(scoped(["pets/write"]), {"method": m})
	count(rule.deny) == 0 with input as tc
	count(rule.unknown) == 1 with input as tc
}
