package authlint.rules.issuer_format_mismatch_test

import data.authlint.rules.issuer_format_mismatch as rule
import data.authlint.rules.token_cases_test as cases

claims_with(fields) := cases.with_claims(cases.base, object.union(cases.access_claims, fields))

test_updated_format_unknown if {
	tc := claims_with({"iss": "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"})
	some u in rule.unknown with input as tc
	contains(u, "UPDATED")
}

test_replica_region_unknown if {
	tc := claims_with({"iss": "https://cognito-idp.us-west-2.amazonaws.com/us-east-1_AbC123"})
	some u in rule.unknown with input as tc
	contains(u, "Multi-Region")
}

test_original_passes if {
	count(rule.unknown) == 0 with input as cases.base
	count(rule.pass) == 1 with input as cases.base
}

# The rule only ever concludes unknown: AWS does not document the behaviour.
test_never_fails if {
	tc := claims_with({"iss": "https://issuer-cognito-idp.us-west-2.amazonaws.com/us-east-1_AbC123"})
	not rule.deny with input as tc
}
