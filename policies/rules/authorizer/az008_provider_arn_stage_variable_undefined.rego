# METADATA
# title: Provider ARN uses a stage variable that a stage does not define
# description: |
#   A providerARNs entry may name the user pool through a stage variable
#   (arn:aws:cognito-idp:REGION:ACCOUNT:userpool/${stageVariables.UserPoolId}), so
#   that each stage trusts its own pool. A stage that does not define the variable
#   leaves the ARN incomplete, and no token of any pool matches it on that stage.
#   What API Gateway answers then is not documented: expect 401 Unauthorized, or
#   500 with an AUTHORIZER_CONFIGURATION_ERROR gateway response. Stages whose
#   variables cannot be read are not reported, nor the extra stage named "Stage"
#   that SAM creates when OpenApiVersion is not set. A standalone OpenAPI file
#   has no stages, so it is checked where it is deployed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/stage-variables.html
# custom:
#   id: AZ008
#   slug: provider-arn-stage-variable-undefined
#   severity: warning
#   security_severity: low
#   client_sees: 401 Unauthorized or 500 Internal Server Error (AUTHORIZER_CONFIGURATION_ERROR) on the stages that lack the variable; which one is not documented.
#   remediation: Define the stage variable, with the user pool's ID, on every stage of the API.
#   fixes:
#     cloudformation: "Add the variable to Variables on every AWS::ApiGateway::Stage (or StageDescription.Variables of the Deployment)."
#     sam: "Add the variable to Variables on the AWS::Serverless::Api."
#     cdk: "Set variables: { UserPoolId: pool.userPoolId } in deployOptions (or on every Stage)."
#     terraform: "Add the variable to variables on every aws_api_gateway_stage."
#     live: "Add the stage variable to each stage (update-stage --patch-operations op=replace,path=/variables/NAME,value=POOL_ID)."
#     console: "Stages > the stage > Stage variables > add the variable."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [authorizer, stage]
package authlint.rules.provider_arn_stage_variable_undefined

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.at(msg, a, item.arn) if {
	some api in input.restApis
	not api.stagesUnknown
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	some item in a.providerArns.items
	arn := item.arn.value
	some name in variables_of(arn)
	lacking := [s.name.value |
		some s in api.stages
		s.name.value
		not s.variablesUnknown
		not apigw.sam_implicit_stage(api, s)
		not defines(s, name)
	]
	count(lacking) > 0
	msg := sprintf(
		"Cognito authorizer %s takes its user pool from stage variable %s, which %s %s %s not define: no token can match there, and callers get 401 Unauthorized or a 500 authorizer configuration error (which one is not documented). Define %s on every stage.",
		[apigw.label(a), name, text.plural(count(lacking), "stage", "stages"), text.enumerate(lacking, 5), text.plural(count(lacking), "does", "do"), name],
	)
}

variables_of(arn) := {m[1] | some m in regex.find_all_string_submatch_n(`\$\{stageVariables\.([A-Za-z0-9_]+)\}`, arn, -1)}

defines(stage, name) if {
	some v in stage.variables
	v.name == name
}
