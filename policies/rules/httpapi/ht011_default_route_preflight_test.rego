package authlint.rules.default_route_preflight_test

import data.authlint.rules.default_route_preflight as rule

route(key, type) := {"ref": key, "loc": {"line": 20}, "routeKey": {"value": key, "loc": {"line": 21}}, "authorizationType": {"value": type}}

inventory(routes, extra) := {"httpApis": [object.union({"ref": "api", "name": {"value": "pets"}, "account": "", "authorizers": [], "routes": routes}, extra)]}

test_catch_all_jwt_routes_fire if {
	every key in ["$default", "ANY /{proxy+}", "ANY /api/{proxy+}"] {
		findings := rule.deny with input as inventory([route(key, "JWT")], {})
		count(findings) == 1
		some f in findings
		f.loc.line == 21
	}
}

test_cors_or_open_options_passes if {
	count(rule.deny) == 0 with input as inventory([route("$default", "JWT")], {"cors": {"allowOrigins": {"items": [{"value": "*"}]}}})
	count(rule.deny) == 0 with input as inventory([route("$default", "JWT"), route("OPTIONS /{proxy+}", "NONE")], {})
}

test_specific_or_open_routes_pass if {
	count(rule.deny) == 0 with input as inventory([route("GET /pets", "JWT")], {})
	count(rule.deny) == 0 with input as inventory([route("$default", "NONE")], {})
}

test_unknown_routes_or_cors_pass if {
	count(rule.deny) == 0 with input as inventory([route("$default", "JWT")], {"routesUnknown": {"reason": "body in S3"}})
	count(rule.deny) == 0 with input as inventory([route("$default", "JWT")], {"cors": {"unknown": {"reason": "a variable"}}})
}
