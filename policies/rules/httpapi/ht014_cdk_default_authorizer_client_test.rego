package authlint.rules.cdk_default_authorizer_client_test

import data.authlint.rules.cdk_default_authorizer_client as rule

inventory(paths) := {
	"httpApis": [{
		"ref": "api",
		"name": {"value": "pets"},
		"account": "",
		"authorizers": [{
			"ref": "api/jwt",
			"name": {"value": "cognito"},
			"type": {"value": "JWT"},
			"audience": {"items": [{"value": {"unknown": {"reason": "computed"}}, "appClient": {"target": p}, "loc": {}} | some p in paths], "loc": {"line": 40}},
		}],
		"routes": [],
	}],
	"appClients": [{"ref": p, "cdkPath": p, "userPool": {"target": "pool"}} | some p in paths],
}

test_generated_client_only_fires if {
	findings := rule.deny with input as inventory(["App/Api/Auth/UserPoolAuthorizerClient/Resource"])
	count(findings) == 1
	some f in findings
	f.loc.line == 40
}

test_app_client_passes if {
	count(rule.deny) == 0 with input as inventory(["App/Pool/WebClient/Resource"])
	count(rule.deny) == 0 with input as inventory(["App/Api/Auth/UserPoolAuthorizerClient/Resource", "App/Pool/WebClient/Resource"])
}

test_unknown_audience_passes if {
	inv := inventory(["App/Api/Auth/UserPoolAuthorizerClient/Resource"])
	a := object.union(inv.httpApis[0].authorizers[0], {"audience": {"unknown": {"reason": "a parameter"}}})
	count(rule.deny) == 0 with input as object.union(inv, {"httpApis": [object.union(inv.httpApis[0], {"authorizers": [a]})]})
}
