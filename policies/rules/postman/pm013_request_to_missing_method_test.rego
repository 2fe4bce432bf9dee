package authlint.rules.request_to_missing_method_test

import data.authlint.rules.request_to_missing_method as rule

request(method) := {
	"ref": "apiRequest:/item/0",
	"item": "dev pets",
	"httpMethod": {"value": "GET"},
	"url": {"value": "https://a1.execute-api.us-east-1.amazonaws.com/dev/pets", "loc": {"file": "c.json", "line": 12}},
	"host": {"value": "a1.execute-api.us-east-1.amazonaws.com"},
	"path": {"value": "/dev/pets"},
	"auth": {"type": "oauth2"},
	"api": {"target": "joined:s#api"},
	"method": method,
}

api := {"ref": "joined:s#api", "name": {"value": "pets"}, "methods": []}

deny(r) := d if {
	d := rule.deny with input as {"apiRequests": [r], "restApis": [api], "tokenRequests": []}
}

test_missing_stage_fails if {
	findings := deny(request({"missing": {"name": "dev", "reason": "API pets (live:1/us-east-1) has no stage dev (its stages are prod)"}}))
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, `request "dev pets" calls GET a1.execute-api.us-east-1.amazonaws.com/dev/pets, but API pets (live:1/us-east-1) has no stage dev`)
}

test_found_method_passes if {
	count(deny(request({"target": "joined:s#api/method/GET /pets"}))) == 0
	count(deny(object.remove(request({}), ["method"]))) == 0
}

test_unknown_api_passes if {
	r := object.union(object.remove(request({"missing": {"name": "dev", "reason": "r"}}), ["api"]), {"api": {"unknown": {"reason": "two APIs"}}})
	count(deny(r)) == 0
}
