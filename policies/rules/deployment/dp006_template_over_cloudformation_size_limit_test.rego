package authlint.rules.template_over_cloudformation_size_limit_test

import data.authlint.rules.template_over_cloudformation_size_limit as rule

inventory(kind, bytes) := {
	"sources": [
		{"kind": kind, "file": "big.yaml", "format": "yaml", "bytes": bytes},
		{"kind": kind, "file": "nested.yaml", "format": "yaml", "bytes": 100},
	],
	"restApis": [
		{"ref": "Api", "logicalId": "Api", "loc": {"file": "big.yaml", "line": 5}},
		{"ref": "Other", "logicalId": "Other", "loc": {"file": "big.yaml", "line": 9}},
		{"ref": "Nested/Api", "logicalId": "Api", "loc": {"file": "nested.yaml", "line": 3}},
	],
}

test_over_the_limit_fires_once_per_file if {
	findings := rule.deny with input as inventory("cloudformation", 1048577)
	count(findings) == 1
	some f in findings
	f.ref == "Api"
	f.loc.line == 5
	contains(f.msg, "big.yaml is 1048577 bytes")
}

test_sam_over_the_limit_fires if {
	count(rule.deny) == 1 with input as inventory("sam", 2000000)
}

test_at_the_limit_passes if {
	count(rule.deny) == 0 with input as inventory("cloudformation", 1048576)
}

test_other_kinds_pass if {
	# An OpenAPI file has no CloudFormation limit (API Gateway's import limit
	# is not this rule's).
	count(rule.deny) == 0 with input as inventory("openapi", 5000000)
}

test_unknown_size_passes if {
	inv := json.remove(inventory("cloudformation", 0), ["sources/0/bytes"])
	count(rule.deny) == 0 with input as inv
}

test_file_without_api_passes if {
	inv := {
		"sources": [{"kind": "cloudformation", "file": "big.yaml", "bytes": 2000000}],
		"restApis": [{"ref": "Nested/Api", "loc": {"file": "nested.yaml", "line": 3}}],
	}
	count(rule.deny) == 0 with input as inv
}
