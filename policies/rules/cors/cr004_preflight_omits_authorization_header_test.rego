package authlint.rules.preflight_omits_authorization_header_test

import data.authlint.rules.preflight_omits_authorization_header as rule

authorizer(source) := object.union(
	{"ref": "api/authorizer/Cognito", "name": {"value": "Cognito"}, "type": {"value": "COGNITO_USER_POOLS"}},
	{"identitySource": {"value": s} | some s in [source]; s != null},
)

get := {
	"ref": "api/method/GET /pets",
	"path": {"value": "/pets"},
	"httpMethod": {"value": "GET"},
	"authorizationType": {"value": "COGNITO_USER_POOLS"},
	"authorizer": {"target": "api/authorizer/Cognito"},
}

options(cors) := {
	"ref": "api/method/OPTIONS /pets",
	"path": {"value": "/pets"},
	"httpMethod": {"value": "OPTIONS"},
	"authorizationType": {"value": "NONE"},
	"cors": cors,
}

cors(headers) := object.union(
	{"allowOrigin": {"value": "*"}, "loc": {"file": "t.yaml", "line": 30}},
	{"allowHeaders": {"value": h, "loc": {"file": "t.yaml", "line": 31}} | some h in [headers]; h != null},
)

inventory(source, methods) := {"restApis": [{"ref": "api", "name": {"value": "Pets"}, "authorizers": [authorizer(source)], "methods": methods}]}

test_missing_authorization_fires if {
	findings := rule.deny with input as inventory(null, [get, options(cors("Content-Type,X-Amz-Date"))])
	count(findings) == 1
	some f in findings
	f.loc.line == 31
	contains(f.msg, "take a Cognito token in Authorization")
}

test_wildcard_does_not_cover_authorization if {
	count(rule.deny) == 1 with input as inventory(null, [get, options(cors("*"))])
	count(rule.deny) == 0 with input as inventory("method.request.header.X-Token", [get, options(cors("*"))])
}

test_absent_header_fires_at_the_cors_headers if {
	some f in rule.deny with input as inventory(null, [get, options(cors(null))])
	f.loc.line == 30
	contains(f.msg, "returns no Access-Control-Allow-Headers")
}

test_listed_header_passes if {
	count(rule.deny) == 0 with input as inventory(null, [get, options(cors("Content-Type, authorization"))])
	count(rule.deny) == 0 with input as inventory("method.request.header.X-Token", [get, options(cors("Content-Type,X-Token"))])
}

test_sam_cors if {
	api := object.union(inventory(null, [get]).restApis[0], {"sam": {"cors": {"allowOrigin": {"value": "*"}, "loc": {"file": "t.yaml", "line": 9}}}})
	some f in rule.deny with input as {"restApis": [api]}
	f.loc.line == 9
	ok := object.union(api, {"sam": {"cors": {"allowHeaders": {"value": "'Content-Type,Authorization'"}}}})
	count(rule.deny) == 1 with input as {"restApis": [ok]}
	fixed := object.union(api, {"sam": {"cors": {"allowHeaders": {"value": "Content-Type,Authorization"}}}})
	count(rule.deny) == 0 with input as {"restApis": [fixed]}
}

test_unknown_passes if {
	count(rule.deny) == 0 with input as inventory(null, [get, options({"unknown": {"reason": "proxy integration"}})])
	count(rule.deny) == 0 with input as inventory(null, [get, options(object.union(cors(null), {"allowHeaders": {"unknown": {"reason": "parameter"}}}))])
	count(rule.deny) == 0 with input as {"restApis": [{"ref": "api", "authorizers": [object.union(authorizer(null), {"identitySource": {"unknown": {"reason": "x"}}})], "methods": [get, options(cors("Content-Type"))]}]}
}
