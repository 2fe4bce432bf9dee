package authlint.rules.auth_errors_without_cors_headers_test

import data.authlint.rules.auth_errors_without_cors_headers as rule

methods := [
	{"ref": "api/method/GET /pets", "path": {"value": "/pets"}, "httpMethod": {"value": "GET"}, "authorizationType": {"value": "COGNITO_USER_POOLS"}},
	{"ref": "api/method/OPTIONS /pets", "path": {"value": "/pets"}, "httpMethod": {"value": "OPTIONS"}, "authorizationType": {"value": "NONE"}},
]

response(type, headers) := {"ref": sprintf("api/gatewayResponse/%s", [type]), "type": {"value": type}, "headers": [{"name": h, "value": {"value": "*"}} | some h in headers]}

inventory(ms, responses, extra) := {"restApis": [object.union({
	"ref": "api",
	"name": {"value": "Pets"},
	"loc": {"file": "t.yaml", "line": 2},
	"authorizers": [],
	"methods": ms,
	"gatewayResponses": responses,
}, extra)]}

test_cors_without_header_on_401_fires if {
	findings := rule.deny with input as inventory(methods, [], {})
	count(findings) == 1
	some f in findings
	f.loc.line == 2
	contains(f.msg, "an OPTIONS method on /pets")
}

test_other_responses_do_not_help if {
	count(rule.deny) == 1 with input as inventory(methods, [response("DEFAULT_5XX", ["Access-Control-Allow-Origin"]), response("UNAUTHORIZED", ["X-Other"])], {})
}

test_header_on_unauthorized_or_default_4xx_passes if {
	count(rule.deny) == 0 with input as inventory(methods, [response("UNAUTHORIZED", ["access-control-allow-origin"])], {})
	count(rule.deny) == 0 with input as inventory(methods, [response("DEFAULT_4XX", ["Access-Control-Allow-Origin"])], {})
}

test_sam_cors_counts_as_cors if {
	some f in rule.deny with input as inventory([methods[0]], [], {"sam": {"cors": {"allowOrigin": {"value": "*"}}}})
	contains(f.msg, "SAM Cors")
}

test_no_cors_passes if {
	count(rule.deny) == 0 with input as inventory([methods[0]], [], {})
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as inventory(methods, [], {"gatewayResponsesUnknown": {"reason": "defined in another stack"}})
	u := object.union(response("UNAUTHORIZED", []), {"headersUnknown": {"reason": "!If"}})
	count(rule.deny) == 0 with input as inventory(methods, [u], {})
	t := {"ref": "api/gatewayResponse/x", "type": {"unknown": {"reason": "parameter"}}, "headers": [{"name": "Access-Control-Allow-Origin", "value": {"value": "*"}}]}
	count(rule.deny) == 0 with input as inventory(methods, [t], {})
}
