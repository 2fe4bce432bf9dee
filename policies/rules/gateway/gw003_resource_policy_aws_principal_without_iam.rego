# METADATA
# title: Resource policy allows only AWS principals on Cognito-protected methods
# description: |
#   A caller authenticated by a Cognito authorizer is anonymous to IAM: the
#   request is not signed with AWS credentials. When every Allow statement of the
#   resource policy that covers a method names AWS principals (accounts, roles,
#   users), no statement allows that anonymous caller, and API Gateway refuses the
#   call. AWS's guidance: a policy with AWS principals needs AWS_IAM authorization
#   on the methods. Statements whose principal is unknown or uses NotPrincipal count
#   as allowing everyone.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
# custom:
#   id: GW003
#   slug: resource-policy-aws-principal-without-iam
#   severity: error
#   security_severity: low
#   client_sees: "403 Forbidden ({\"Message\":\"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ARN\"}) with a valid Cognito token."
#   remediation: Allow Principal "*" (restricted by conditions if needed) for the Cognito-protected methods, or protect them with AWS_IAM instead.
#   fixes:
#     openapi: "In x-amazon-apigateway-policy, allow Principal \"*\" on the Cognito-protected paths (add Condition keys such as aws:SourceVpce to restrict)."
#     cloudformation: "In the RestApi Policy, allow Principal \"*\" on the Cognito-protected paths."
#     sam: "In Auth.ResourcePolicy, replace AwsAccountWhitelist by a statement allowing Principal \"*\" for the Cognito-protected paths."
#     cdk: "Use new AnyPrincipal() for the statements covering Cognito-protected methods."
#     terraform: "Use principals { type = \"*\" identifiers = [\"*\"] } for the statements covering Cognito-protected methods."
#     live: "Update the resource policy, then create a new deployment."
#     console: "Resource policy > edit the Allow statement's Principal > Save, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [resource-policy, forbidden]
package authlint.rules.resource_policy_aws_principal_without_iam

import data.authlint.lib.apigw
import data.authlint.lib.iam
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, api, first.principal) if {
	some api in input.restApis
	policy := api.resourcePolicy
	not policy.unknown
	every st in policy.statements {
		value.known(st.effect)
	}
	blocked := [m |
		some m in apigw.cognito_methods(api)
		allows := [st |
			some st in policy.statements
			value.is(st.effect, "Allow")
			iam.may_cover_invoke(st)
			iam.may_cover(api, st, m)
		]
		count(allows) > 0
		every st in allows {
			not iam.may_include_anonymous(st)
		}
	]
	count(blocked) > 0
	first := [st |
		some st in policy.statements
		value.is(st.effect, "Allow")
		not iam.may_include_anonymous(st)
	][0]
	msg := sprintf(
		"The resource policy of API %s allows only AWS principals (%s) on %s, but those methods use a Cognito authorizer and their callers are anonymous to IAM: every call gets 403 Forbidden (\"User: anonymous is not authorized to perform: execute-api:Invoke\"). Allow Principal \"*\" for these methods (with conditions if needed), or protect them with AWS_IAM.",
		[apigw.label(api), principals(policy), text.enumerate([apigw.name(m) | some m in blocked], 5)],
	)
}

principals(policy) := text.enumerate(names, 3) if {
	names := {p |
		some st in policy.statements
		value.is(st.effect, "Allow")
		some p in value.values(st.principal.aws)
	}
	count(names) > 0
} else := "non-anonymous principals"
