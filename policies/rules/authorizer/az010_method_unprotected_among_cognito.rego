# METADATA
# title: Method left open beside Cognito-protected methods
# description: |
#   A method with authorization NONE and no API key on a path whose other methods
#   require a Cognito token is often a forgotten authorizer: the method answers
#   anyone. Public read endpoints next to protected writes are a common, legitimate
#   design, so the rule only reports an open method whose authorization the source
#   does not declare (it fell back to NONE), or an open method that changes data
#   (POST, PUT, PATCH, DELETE, ANY) beside protected ones. OPTIONS and HEAD are
#   never reported: CORS preflights must stay open.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Method.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
# custom:
#   id: AZ010
#   slug: method-unprotected-among-cognito
#   severity: warning
#   security_severity: high
#   client_sees: "No 401 at all; the open method answers every caller, with or without a token."
#   remediation: Protect the method with the same Cognito authorizer as its siblings, or suppress the finding with a reason if it is public on purpose.
#   fixes:
#     openapi: "Add security: [{CognitoAuth: []}] to the operation."
#     cloudformation: "Set AuthorizationType: COGNITO_USER_POOLS and AuthorizerId on the AWS::ApiGateway::Method."
#     sam: "Set Auth.Authorizer on the function event, or Auth.DefaultAuthorizer on the API."
#     cdk: "Pass authorizer and authorizationType: AuthorizationType.COGNITO to addMethod (or defaultMethodOptions)."
#     terraform: "Set authorization = \"COGNITO_USER_POOLS\" and authorizer_id on the aws_api_gateway_method."
#     live: "Update the method's authorization to the Cognito authorizer and create a new deployment."
#     console: "Resources > the method > Method request > Authorization: choose the Cognito authorizer, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [authorizer, security]
package authlint.rules.method_unprotected_among_cognito

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text

writes := {"POST", "PUT", "PATCH", "DELETE", "ANY"}

deny contains result.at(msg, m, m.authorizationType) if {
	some i, api in input.restApis
	some m in api.methods
	m.authorizationType.value == "NONE"
	m.apiKeyRequired.value == false
	m.path.value in protected_paths[i]
	verb := upper(m.httpMethod.value)
	not verb in {"OPTIONS", "HEAD"}
	suspicious(m, verb)
	# m itself is not among them (its type is NONE). The comprehension
	# reads the API from input and meets i and path only in equalities, so OPA
	# indexes it by them: built once, not once per finding.
	path := m.path.value
	protected := [apigw.verb(s) |
		some k, a in input.restApis
		k == i
		some s in a.methods
		s.path.value == path
		apigw.is_cognito_method(s)
		apigw.is_not_options(s)
	]
	msg := sprintf(
		"%s requires no authorization while %s on the same path %s a Cognito token: anyone can call it without a token. Protect it with the Cognito authorizer, or suppress this finding if it is public on purpose.",
		[apigw.name(m), text.enumerate(protected, 5), text.plural(count(protected), "requires", "require")],
	)
}

# protected_paths holds, per API (by index), the paths of its Cognito methods
# other than OPTIONS. A complete rule: OPA builds it once per evaluation, and
# only when some method is open.
protected_paths := {i: paths |
	some i, api in input.restApis
	paths := {s.path.value |
		some s in api.methods
		s.authorizationType.value == "COGNITO_USER_POOLS"
		upper(s.httpMethod.value) != "OPTIONS"
	}
}

# suspicious: the authorization fell back to NONE, or the method changes data.
suspicious(m, verb) if {
	m.authDeclared == false
} else if {
	verb in writes
}
