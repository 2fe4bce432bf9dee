# METADATA
# title: Resource policy allows only private source addresses on a public endpoint
# description: |
#   An Allow statement conditioned on aws:SourceIp admits only the addresses it
#   lists. On an EDGE or REGIONAL API, API Gateway sees the public address a
#   request arrives from (a NAT gateway's, a proxy's, the client's), never a
#   private one: a condition listing only private ranges (10.0.0.0/8,
#   172.16.0.0/12, 192.168.0.0/16, 127.0.0.0/8, 100.64.0.0/10) matches no
#   caller, and every call is refused with 403 when no other Allow covers the
#   method. Traffic from a VPC reaches an API with its private address only
#   through an interface endpoint, which serves PRIVATE APIs. Statements whose
#   addresses, conditions or endpoint type are unknown count as admitting
#   callers. A Deny of everyone whose only condition is NotIpAddress with
#   private ranges (what SAM's IpRangeWhitelist writes) refuses every caller
#   the same way; a Deny of private addresses (IpAddress) changes nothing and
#   is not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html
# custom:
#   id: GW005
#   slug: resource-policy-private-source-ip
#   severity: error
#   security_severity: low
#   client_sees: "403 Forbidden ({\"Message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ARN\"}) for every caller, with or without a valid token."
#   remediation: Allow the public addresses callers arrive from (the NAT gateway's Elastic IPs), or make the API PRIVATE and restrict it with aws:SourceVpc or aws:SourceVpce instead of aws:SourceIp.
#   fixes:
#     cloudformation: "In the RestApi Policy, replace the private aws:SourceIp ranges by the callers' public addresses, or set EndpointConfiguration.Types to [PRIVATE] and condition on aws:SourceVpce."
#     sam: "Replace the private ranges of Auth.ResourcePolicy.IpRangeWhitelist (or the aws:SourceIp condition) by public addresses, or set EndpointConfiguration: PRIVATE and use SourceVpcWhitelist."
#     cdk: "Replace the private aws:SourceIp ranges of the policy's condition by public addresses, or use endpointTypes: [EndpointType.PRIVATE] with an aws:SourceVpce condition."
#     terraform: "Replace the private aws:SourceIp ranges by public addresses, or set endpoint_configuration { types = [\"PRIVATE\"] } and condition on aws:SourceVpce."
#     live: "Update the resource policy (public addresses, or aws:SourceVpce on a PRIVATE API), then create a new deployment."
#     console: "Resource policy > replace the private aws:SourceIp ranges > Save, then Deploy API."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [resource-policy, forbidden]
package authlint.rules.resource_policy_private_source_ip

import data.authlint.lib.apigw
import data.authlint.lib.iam
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

# private_ranges are the address ranges API Gateway never sees a request of an
# EDGE or REGIONAL API come from.
private_ranges := ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "100.64.0.0/10"]

deny contains result.at(msg, api, st) if {
	some api in input.restApis
	value.known(api.endpointType)
	upper(api.endpointType.value) != "PRIVATE"
	policy := api.resourcePolicy
	not policy.unknown
	every s in policy.statements {
		value.known(s.effect)
	}
	some st in policy.statements
	op := private_only(st)
	ranges := sort({r | some c in source_ip(st, op); some r in value.values(c.values)})
	blocked := [apigw.name(m) |
		some m in apigw.cognito_methods(api)
		blocks(api, st, m)
	]
	count(blocked) > 0
	msg := sprintf(
		"The resource policy of API %s lets execute-api:Invoke through only from private addresses (aws:SourceIp %s), but the API's endpoint type is %s: API Gateway sees callers' public addresses, so it refuses every call to %s with 403 Forbidden. Allow the public addresses callers arrive from, or make the API PRIVATE and condition on aws:SourceVpce.",
		[apigw.label(api), concat(", ", ranges), api.endpointType.value, text.enumerate(blocked, 5)],
	)
}

# private_only is the operator of a statement that admits only private
# addresses: an Allow for execute-api:Invoke whose IpAddress conditions on
# aws:SourceIp list only private ranges (other conditions only narrow it),
# or a Deny of everyone whose only conditions are NotIpAddress on
# aws:SourceIp with private ranges (what SAM's IpRangeWhitelist writes).
private_only(st) := "IpAddress" if {
	value.is(st.effect, "Allow")
	iam.may_cover_invoke(st)
	not st.conditionsUnknown
	all_private(source_ip(st, "IpAddress"))
} else := "NotIpAddress" if {
	value.is(st.effect, "Deny")
	iam.covers_invoke(st)
	iam.everyone(st)
	not st.conditionsUnknown
	conds := source_ip(st, "NotIpAddress")
	count(conds) == count(st.conditions)
	all_private(conds)
}

# blocks: st refuses every public caller of m. An Allow does when no other
# Allow may let them in; a Deny when it certainly covers m.
blocks(api, st, m) if {
	value.is(st.effect, "Allow")
	iam.may_cover(api, st, m)
	not other_allow(api, m)
}

blocks(api, st, m) if {
	value.is(st.effect, "Deny")
	iam.surely_covers(api, st, m)
}

all_private(conds) if {
	count(conds) > 0
	every c in conds {
		value.list_known(c.values)
		count(c.values.items) > 0
		every r in value.values(c.values) {
			private(r)
		}
	}
}

# source_ip are a statement's conditions with operator op on aws:SourceIp
# (condition keys are case-insensitive).
source_ip(st, op) := [c |
	some c in st.conditionValues
	c.operator == op
	lower(c.key) == "aws:sourceip"
]

private(addr) if {
	address(addr)
	some r in private_ranges
	net.cidr_contains(r, addr)
}

# address: a CIDR block or a single address (anything else is not checked).
address(addr) if net.cidr_is_valid(addr)

address(addr) if {
	not contains(addr, "/")
	net.cidr_is_valid(sprintf("%s/32", [addr]))
}

# other_allow: an Allow statement that may admit a public caller to m.
other_allow(api, m) if {
	some st in api.resourcePolicy.statements
	value.is(st.effect, "Allow")
	iam.may_cover_invoke(st)
	iam.may_cover(api, st, m)
	not private_only(st)
}
