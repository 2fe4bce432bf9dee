# METADATA
# title: API has methods but is never deployed
# description: |
#   Clients reach a REST API only through a stage, and a stage serves a
#   deployment. An API that has methods but neither a deployment nor a stage is
#   not reachable at all: every request gets 403 Missing Authentication Token,
#   which is API Gateway's answer for a route that does not exist, and is often
#   mistaken for an authorization problem. Not reported when deployments or stages
#   may be defined outside what was read (a standalone OpenAPI file).
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html
#   - ref: https://repost.aws/knowledge-center/api-gateway-authentication-token-errors
# custom:
#   id: DP004
#   slug: api-never-deployed
#   severity: warning
#   security_severity: low
#   client_sees: 403 Forbidden ({"message":"Missing Authentication Token"}) for every request, with or without a token.
#   remediation: Deploy the API to a stage.
#   fixes:
#     cloudformation: "Add an AWS::ApiGateway::Deployment (with DependsOn on the methods) and an AWS::ApiGateway::Stage (or StageName on the deployment)."
#     cdk: "Leave deploy: true (the default) on RestApi, or add a Deployment and a Stage."
#     terraform: "Add aws_api_gateway_deployment and aws_api_gateway_stage resources for the API."
#     live: "aws apigateway create-deployment --rest-api-id API_ID --stage-name STAGE"
#     console: "Resources > Deploy API > New stage."
#   sources: [cloudformation, cdk, terraform, live]
#   tags: [deployment]
package authlint.rules.api_never_deployed

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.new(msg, api) if {
	some api in input.restApis
	count(api.methods) > 0
	not api.stagesUnknown
	not api.deploymentsUnknown
	count(api.stages) == 0
	count(api.deployments) == 0
	msg := sprintf(
		"API %s has %d %s but no deployment and no stage: it cannot be called, and every request gets 403 Missing Authentication Token. Deploy the API to a stage.",
		[apigw.label(api), count(api.methods), text.plural(count(api.methods), "method", "methods")],
	)
}
