# METADATA
# title: Request refused after the token (403)
# description: |
#   Some refusals have nothing to do with the token, and answer 403 rather
#   than 401: a stage that does not exist or whose deployment does not have
#   the method (Missing Authentication Token), a method that uses IAM
#   authorization (the token is not a SigV4 signature), a method that requires
#   an API key, and a resource policy that denies or does not allow the caller.
# related_resources:
#   - ref: https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK015
#   slug: forbidden-after-authorizer
#   severity: error
#   step: after-authorizer
#   client_sees: '403 Forbidden: {"message":"Missing Authentication Token"}, {"message":"Forbidden"}, or an IAM or resource policy message.'
#   remediation: Deploy the API to the stage, call the stage that serves the method, send the API key the usage plan expects, or change the resource policy, as the message says.
#   tags: [token, deployment, resource-policy]
package authlint.rules.forbidden_after_authorizer

import data.authlint.lib.token

deny contains msg if {
	not input.stage.found
	not input.stage.foundUnknown
	msg := sprintf("The API has no stage %s: API Gateway answers 403 {\"message\":\"Missing Authentication Token\"}.", [input.stage.name])
}

deny contains msg if {
	input.stage.serves == false
	msg := sprintf("Stage %s serves a deployment that does not have %s (the API was changed but not redeployed): API Gateway answers 403 {\"message\":\"Missing Authentication Token\"}. Deploy the API to the stage.", [input.stage.name, token.method_name(input)])
}

deny contains token.fail(msg, input.method.authorizationType.loc) if {
	input.method.authorizationType.value == "AWS_IAM"
	msg := sprintf("%s uses IAM authorization (AWS_IAM): a Cognito token is not a SigV4 signature, and API Gateway answers 403 (\"Authorization header requires 'Credential' parameter…\").", [token.method_name(input)])
}

unknown contains msg if {
	input.stage.foundUnknown
	msg := sprintf("Whether the API has stage %s cannot be known (%s).", [input.stage.name, input.stage.foundUnknown.reason])
}

unknown contains msg if {
	input.method.apiKeyRequired.value == true
	msg := sprintf("%s requires an API key: without an x-api-key header holding a key of a usage plan on this stage, API Gateway answers 403 {\"message\":\"Forbidden\"}. authlint cannot check keys.", [token.method_name(input)])
}

unknown contains msg if {
	input.method.apiKeyRequired.unknown
	msg := sprintf("Whether %s requires an API key cannot be known (%s).", [token.method_name(input), input.method.apiKeyRequired.unknown.reason])
}

unknown contains msg if {
	input.resourcePolicy
	msg := "The API has a resource policy, which API Gateway evaluates after the authorizer (a 403 if it denies the caller or allows no one): run authlint scan for GW001–GW003."
}

pass contains "Nothing after the authorizer refuses the request (no IAM authorization, no API key, no resource policy)." if {
	input.method.authorizationType.value != "AWS_IAM"
}
