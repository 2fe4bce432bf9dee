package authlint.rules.token_kind_vs_method_test

import data.authlint.rules.token_kind_vs_method as rule

request(auth) := {
	"ref": "apiRequest:/item/0",
	"item": "list pets",
	"url": {"value": "https://a1.execute-api.us-east-1.amazonaws.com/prod/pets", "loc": {"file": "c.json", "line": 12}},
	"auth": {"type": auth},
	"api": {"target": "joined:s#api"},
	"method": {"target": "joined:s#api/method/GET /pets"},
}

api(scopes) := {
	"ref": "joined:s#api",
	"name": {"value": "pets"},
	"joined": {"source": "live:1/us-east-1", "ref": "api"},
	"methods": [{
		"ref": "joined:s#api/method/GET /pets",
		"loc": {"resource": "arn:aws:apigateway:us-east-1::/restapis/a1"},
		"joined": {"source": "live:1/us-east-1", "ref": "api/method/GET /pets"},
		"path": {"value": "/pets"},
		"httpMethod": {"value": "GET"},
		"authorizationType": {"value": "COGNITO_USER_POOLS"},
		"authorizationScopes": scopes,
	}],
}

deny(r, a) := d if {
	d := rule.deny with input as {"apiRequests": [r], "restApis": [a], "tokenRequests": []}
}

test_access_token_to_scopeless_method_fails if {
	findings := deny(request("oauth2"), api({"items": []}))
	count(findings) == 1
	some f in findings
	f.loc.line == 12
	contains(f.msg, `request "list pets" sends the oauth2 access token to GET /pets of API pets (live:1/us-east-1)`)
}

test_scoped_method_or_bearer_passes if {
	count(deny(request("oauth2"), api({"items": [{"value": "pets/read"}]}))) == 0
	count(deny(request("bearer"), api({"items": []}))) == 0
	count(deny(object.remove(request("oauth2"), ["method"]), api({"items": []}))) == 0
}

test_unknown_scopes_pass if {
	count(deny(request("oauth2"), api({"items": [], "unknown": {"reason": "parameter"}}))) == 0
}
