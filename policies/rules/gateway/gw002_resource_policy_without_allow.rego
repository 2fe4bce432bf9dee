# METADATA
# title: Resource policy has no Allow for Cognito-protected methods
# description: |
#   When an API has a resource policy, API Gateway evaluates it after the Cognito
#   authorizer; the developer guide says "an explicit allow is required" for
#   Cognito-authenticated callers, while its own evaluation table shows an
#   authorizer Allow with a silent policy as allowed. Which one holds is not
#   settled, so this is a warning. A policy with only Deny statements (a common IP
#   block list), or whose Allow statements never cover a method, then refuses
#   every call with 403. Allow statements whose parts are unknown (conditions,
#   NotResource, unresolved ARNs) count as covering.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
# custom:
#   id: GW002
#   slug: resource-policy-without-allow
#   severity: warning
#   security_severity: low
#   client_sees: "Probably 403 Forbidden ({\"Message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ARN\"}) with a valid token; the documentation is contradictory."
#   remediation: Add an Allow statement for execute-api:Invoke on the API's methods (Principal "*", Resource execute-api:/*) next to the Deny statements.
#   fixes:
#     openapi: "Add {Effect: Allow, Principal: \"*\", Action: execute-api:Invoke, Resource: execute-api:/*} to x-amazon-apigateway-policy."
#     cloudformation: "Add {Effect: Allow, Principal: \"*\", Action: execute-api:Invoke, Resource: execute-api:/*} to the RestApi Policy."
#     sam: "Add an Allow statement to Auth.ResourcePolicy.CustomStatements (or use IpRangeWhitelist, which generates the Allow)."
#     cdk: "Add a PolicyStatement with effect ALLOW, AnyPrincipal, execute-api:Invoke on execute-api:/* to the policy."
#     terraform: "Add an Allow statement for execute-api:Invoke on \"${aws_api_gateway_rest_api.api.execution_arn}/*\"."
#     live: "Add the Allow statement to the resource policy, then create a new deployment."
#     console: "Resource policy > add the Allow statement > Save, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [resource-policy, forbidden]
package authlint.rules.resource_policy_without_allow

import data.authlint.lib.apigw
import data.authlint.lib.iam
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, api, policy) if {
	some api in input.restApis
	policy := api.resourcePolicy
	not policy.unknown
	count(policy.statements) > 0
	every st in policy.statements {
		value.known(st.effect)
	}
	uncovered := [apigw.name(m) |
		some m in apigw.cognito_methods(api)
		not may_allow(api, policy, m)
	]
	count(uncovered) > 0
	msg := sprintf(
		"The resource policy of API %s has no Allow statement that covers %s: API Gateway probably refuses Cognito-authenticated calls there with 403 Forbidden (\"User: anonymous is not authorized to perform: execute-api:Invoke\"); the documentation is contradictory on this. Add an Allow statement for execute-api:Invoke on execute-api:/*.",
		[apigw.label(api), text.enumerate(uncovered, 5)],
	)
}

may_allow(api, policy, m) if {
	some st in policy.statements
	value.is(st.effect, "Allow")
	iam.may_cover_invoke(st)
	iam.may_cover(api, st, m)
}
