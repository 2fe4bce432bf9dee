package authlint.rules.resource_policy_private_source_ip_test

import data.authlint.rules.resource_policy_private_source_ip as rule

statement(effect, op, ips) := {
	"effect": {"value": effect},
	"principal": {"everyone": true, "aws": {"items": []}, "other": []},
	"notPrincipal": false,
	"actions": {"items": [{"value": "execute-api:Invoke"}]},
	"notActions": false,
	"resources": {"items": [{"value": "execute-api:/*"}]},
	"notResources": false,
	"conditions": [sprintf("%s:aws:SourceIp", [op])],
	"conditionValues": [{"operator": op, "key": "aws:SourceIp", "values": {"items": [{"value": ip} | some ip in ips]}}],
	"loc": {"file": "t.yaml", "line": 72},
}

allow_all := {
	"effect": {"value": "Allow"},
	"principal": {"everyone": true, "aws": {"items": []}, "other": []},
	"notPrincipal": false,
	"actions": {"items": [{"value": "execute-api:Invoke"}]},
	"notActions": false,
	"resources": {"items": [{"value": "execute-api:/*"}]},
	"notResources": false,
	"conditions": [],
	"conditionValues": [],
}

inventory(endpoint, statements) := {"restApis": [{
	"ref": "api",
	"name": {"value": "Pets"},
	"authorizers": [],
	"endpointType": endpoint,
	"stages": [{"ref": "api/stage/prod", "name": {"value": "prod"}}],
	"methods": [{"ref": "api/method/GET /pets", "path": {"value": "/pets"}, "httpMethod": {"value": "GET"}, "authorizationType": {"value": "COGNITO_USER_POOLS"}}],
	"resourcePolicy": {"statements": statements, "loc": {"file": "t.yaml", "line": 70}},
}]}

regional := {"value": "REGIONAL"}

test_private_ranges_on_regional_fail if {
	findings := rule.deny with input as inventory(regional, [statement("Allow", "IpAddress", ["10.0.0.0/8", "192.168.1.7"])])
	count(findings) == 1
	some f in findings
	f.loc.line == 72
	contains(f.msg, "aws:SourceIp 10.0.0.0/8, 192.168.1.7")
	contains(f.msg, "endpoint type is REGIONAL")
	contains(f.msg, "GET /pets")
}

test_every_private_range_fails if {
	every ip in ["10.1.2.3/32", "172.31.0.0/16", "192.168.0.0/16", "127.0.0.1", "100.64.0.0/10"] {
		count(rule.deny) == 1 with input as inventory({"value": "EDGE"}, [statement("Allow", "IpAddress", [ip])])
	}
}

test_public_or_private_endpoint_passes if {
	count(rule.deny) == 0 with input as inventory({"value": "PRIVATE"}, [statement("Allow", "IpAddress", ["10.0.0.0/8"])])
	count(rule.deny) == 0 with input as inventory(regional, [statement("Allow", "IpAddress", ["10.0.0.0/8", "203.0.113.0/24"])])
	count(rule.deny) == 0 with input as inventory(regional, [statement("Allow", "IpAddress", ["172.32.0.0/16"])])
}

test_other_allow_passes if {
	count(rule.deny) == 0 with input as inventory(regional, [statement("Allow", "IpAddress", ["10.0.0.0/8"]), allow_all])
}

test_deny_not_private_fails if {
	# SAM's IpRangeWhitelist: Allow, then Deny NotIpAddress.
	count(rule.deny) == 1 with input as inventory(regional, [allow_all, statement("Deny", "NotIpAddress", ["10.0.0.0/8"])])
}

test_deny_of_private_addresses_passes if {
	count(rule.deny) == 0 with input as inventory(regional, [allow_all, statement("Deny", "IpAddress", ["10.0.0.0/8"])])
	count(rule.deny) == 0 with input as inventory(regional, [allow_all, statement("Deny", "NotIpAddress", ["10.0.0.0/8", "198.51.100.0/24"])])

	# Another condition narrows the Deny: callers from a VPC endpoint pass.
	narrowed := object.union(statement("Deny", "NotIpAddress", ["10.0.0.0/8"]), {"conditions": ["NotIpAddress:aws:SourceIp", "StringNotEquals:aws:SourceVpce"]})
	count(rule.deny) == 0 with input as inventory(regional, [allow_all, narrowed])
}

test_unknown_passes if {
	# Endpoint type not read (a standalone OpenAPI document) or unresolved.
	count(rule.deny) == 0 with input as inventory(null, [statement("Allow", "IpAddress", ["10.0.0.0/8"])])
	count(rule.deny) == 0 with input as inventory({"unknown": {"reason": "!Ref EndpointType"}}, [statement("Allow", "IpAddress", ["10.0.0.0/8"])])

	# An address from a parameter.
	unknown_ip := object.union(statement("Allow", "IpAddress", []), {"conditionValues": [{"operator": "IpAddress", "key": "aws:SourceIp", "values": {"items": [{"value": "10.0.0.0/8"}, {"unknown": {"reason": "!Ref Cidr"}}]}}]})
	count(rule.deny) == 0 with input as inventory(regional, [unknown_ip])

	# The condition block as a whole is unknown.
	count(rule.deny) == 0 with input as inventory(regional, [object.union(statement("Allow", "IpAddress", ["10.0.0.0/8"]), {"conditionsUnknown": {"reason": "!If"}})])

	# Another statement's effect is unknown.
	count(rule.deny) == 0 with input as inventory(regional, [statement("Allow", "IpAddress", ["10.0.0.0/8"]), object.union(allow_all, {"effect": {"unknown": {"reason": "!If"}}})])

	# Not an address.
	count(rule.deny) == 0 with input as inventory(regional, [statement("Allow", "IpAddress", ["not-an-ip"])])
}
