# METADATA
# title: Resource policy denies every caller of Cognito-protected methods
# description: |
#   An explicit Deny in an API's resource policy wins over everything, including a
#   valid Cognito token. A Deny statement for every principal, without conditions,
#   whose actions include execute-api:Invoke and whose resources cover a method
#   refuses every call to that method. Statements with conditions (source IP, VPC
#   endpoint, …) are not reported: who they deny depends on the request. Resource
#   patterns are matched against the method's execute-api ARN on each known stage.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
#   - ref: https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden
# custom:
#   id: GW001
#   slug: resource-policy-explicit-deny
#   severity: error
#   security_severity: low
#   client_sees: "403 Forbidden ({\"Message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ARN with an explicit deny\"}), whatever token is sent."
#   remediation: Narrow the Deny statement (add the condition that was meant, or exclude the methods), or remove it.
#   fixes:
#     openapi: "Edit x-amazon-apigateway-policy: give the Deny statement a Condition or narrower Resource."
#     cloudformation: "Edit the Policy of the AWS::ApiGateway::RestApi: give the Deny statement a Condition or narrower Resource."
#     sam: "Edit Auth.ResourcePolicy (or the RestApi Policy): give the Deny statement a Condition or narrower Resource."
#     cdk: "Edit the policy PolicyDocument of the RestApi: give the Deny statement conditions or narrower resources."
#     terraform: "Edit the policy of aws_api_gateway_rest_api (or aws_api_gateway_rest_api_policy)."
#     live: "Update the API's resource policy, then create a new deployment (policy changes need one)."
#     console: "Resource policy > edit the Deny statement > Save, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [resource-policy, forbidden]
package authlint.rules.resource_policy_explicit_deny

import data.authlint.lib.apigw
import data.authlint.lib.iam
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, api, st) if {
	some api in input.restApis
	policy := api.resourcePolicy
	not policy.unknown
	some st in policy.statements
	value.is(st.effect, "Deny")
	iam.everyone(st)
	iam.unconditional(st)
	iam.covers_invoke(st)
	denied := [apigw.name(m) |
		some m in apigw.cognito_methods(api)
		iam.surely_covers(api, st, m)
	]
	count(denied) > 0
	msg := sprintf(
		"The resource policy of API %s denies execute-api:Invoke to everyone, without conditions, on %s%s: an explicit deny wins over a valid Cognito token, so every call gets 403 Forbidden (\"... with an explicit deny\"). Add the condition that was meant, or narrow the statement's Resource.",
		[apigw.label(api), text.enumerate(denied, 5), sid(st)],
	)
}

sid(st) := sprintf(" (statement %s)", [st.sid]) if {
	st.sid != ""
} else := ""
