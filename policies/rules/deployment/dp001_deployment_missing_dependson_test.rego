package authlint.rules.deployment_missing_dependson_test

import data.authlint.rules.deployment_missing_dependson as rule

method(id) := {"ref": sprintf("api/method/%s", [id]), "logicalId": id, "path": {"value": "/pets"}, "httpMethod": {"value": "GET"}}

deployment(by, deps) := {"ref": "api/deployment/Deployment", "logicalId": "Deployment", "loc": {"file": "t.yaml", "line": 50}, "managedBy": by, "dependsOn": deps}

inventory(methods, d) := {"restApis": [{"ref": "api", "logicalId": "Api", "authorizers": [], "methods": methods, "deployments": [d]}]}

test_no_dependson_fires if {
	findings := rule.deny with input as inventory([method("GetPets"), method("PostPets")], deployment("cloudformation", []))
	count(findings) == 1
	some f in findings
	f.loc.line == 50
	contains(f.msg, "2 methods (GetPets and PostPets)")
}

test_dependson_passes if {
	count(rule.deny) == 0 with input as inventory([method("GetPets")], deployment("cloudformation", ["GetPets"]))
}

test_body_methods_and_generated_deployments_pass if {
	body := object.union(method("GetPets"), {"logicalId": "Api"})
	count(rule.deny) == 0 with input as inventory([body], deployment("cloudformation", []))
	count(rule.deny) == 0 with input as inventory([method("GetPets")], deployment("sam", []))
	count(rule.deny) == 0 with input as inventory([method("GetPets")], deployment("cdk", []))
	generated := object.union(method("GetPets"), {"generatedBy": "sam-cors"})
	count(rule.deny) == 0 with input as inventory([generated], deployment("cloudformation", []))
}

test_unknown_methods_pass if {
	# Methods whose resources cannot be told apart (no logical id) are not counted.
	unnamed := object.remove(method("GetPets"), ["logicalId"])
	count(rule.deny) == 0 with input as inventory([object.union(unnamed, {"logicalId": ""})], deployment("cloudformation", []))
}

test_terraform_deployment_without_references_fires if {
	findings := rule.deny with input as inventory([method("aws_api_gateway_method.get")], deployment("terraform", ["aws_api_gateway_rest_api.api"]))
	count(findings) == 1
	some f in findings
	contains(f.msg, "depends_on")
}

test_terraform_deployment_referring_to_methods_passes if {
	count(rule.deny) == 0 with input as inventory([method("aws_api_gateway_method.get")], deployment("terraform", ["aws_api_gateway_method.get"]))
}

test_unknown_terraform_managed_by_other_tool_passes if {
	count(rule.deny) == 0 with input as inventory([method("aws_api_gateway_method.get")], deployment("live", []))
}
