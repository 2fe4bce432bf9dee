# METADATA
# title: HTTP API routes are never deployed
# description: |
#   Clients reach an HTTP API through a stage, and a stage serves what was
#   deployed to it: every change when the stage has auto deploy on, otherwise
#   only what an explicit deployment captured. An API with routes but no stage,
#   or whose stages neither deploy automatically nor point at a deployment, while
#   the input defines no deployment, serves nothing: every request gets 404 Not
#   Found, which is often mistaken for an authorization problem. Not reported for
#   quick-create APIs (they get an auto-deploying $default stage) or when stages
#   or deployments may be defined outside what was read. SAM's HttpApi always
#   gets an auto-deploying stage.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_stage
# custom:
#   id: HT012
#   slug: stage-not-deployed
#   severity: warning
#   security_severity: low
#   client_sees: 404 Not Found ({"message":"Not Found"}) for every request, with or without a token.
#   remediation: Add a stage with auto deploy on (or create a deployment and point the stage at it).
#   fixes:
#     cloudformation: "Add an AWS::ApiGatewayV2::Stage with AutoDeploy: true (or an AWS::ApiGatewayV2::Deployment and DeploymentId on the stage)."
#     terraform: "Set auto_deploy = true on aws_apigatewayv2_stage (the default is false), or add an aws_apigatewayv2_deployment and set deployment_id."
#     live: "aws apigatewayv2 update-stage --api-id API_ID --stage-name STAGE --auto-deploy (or create-deployment --stage-name STAGE)"
#     console: "HTTP API > Deploy > Stages > the stage > enable automatic deployment, or Deploy."
#   sources: [cloudformation, terraform, live]
#   tags: [httpapi, deployment]
package authlint.rules.stage_not_deployed

import data.authlint.lib.httpapi
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.new(msg, api) if {
	some api in input.httpApis
	undeployable(api)
	count(api.stages) == 0
	msg := sprintf(
		"%s has %d %s but no stage: it cannot be called, and every request gets 404 Not Found. Add a stage with auto deploy on.",
		[httpapi.api_label(api), count(api.routes), text.plural(count(api.routes), "route", "routes")],
	)
}

deny contains result.at(msg, s, object.get(s, "autoDeploy", s)) if {
	some api in input.httpApis
	undeployable(api)
	count(api.stages) > 0
	every st in api.stages {
		not_deployed(st)
	}
	some s in api.stages
	msg := sprintf(
		"Stage %s of %s does not deploy automatically (auto deploy is off by default) and no deployment exists: it serves none of the API's routes (%d), and every request gets 404 Not Found. Turn auto deploy on, or create a deployment for the stage.",
		[httpapi.name_of(s), httpapi.api_label(api), count(api.routes)],
	)
}

undeployable(api) if {
	count(api.routes) > 0
	not api.stagesUnknown
	not api.deploymentsUnknown
	not api.quickCreateTarget
	count(api.deployments) == 0
}

# not_deployed is true for a stage known to serve nothing: auto deploy known
# off (or unset) and no deployment named.
not_deployed(s) if {
	not s.autoDeploy
	not s.deployment
	not s.deploymentId
}

not_deployed(s) if {
	s.autoDeploy.value == false
	not s.deployment
	not s.deploymentId
}
