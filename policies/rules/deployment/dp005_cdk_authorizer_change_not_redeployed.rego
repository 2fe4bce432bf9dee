# METADATA
# title: CDK app does not redeploy the API when an authorizer changes
# description: |
#   The CDK gives a RestApi's deployment a logical id that hashes the API's
#   methods, so a change creates a new deployment. Authorizer changes (another
#   user pool, a new identity source) only enter that hash when the feature flag
#   @aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId is true in
#   cdk.json; without it the stage keeps serving the old authorizer after cdk
#   deploy (aws-cdk issue 16554). New projects get the flag from cdk init; older
#   ones do not.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cdk/v2/guide/featureflags.html
#   - ref: https://github.com/aws/aws-cdk/issues/16554
# custom:
#   id: DP005
#   slug: cdk-authorizer-change-not-redeployed
#   severity: warning
#   security_severity: medium
#   client_sees: After an authorizer change, 401 Unauthorized for tokens of the new pool (the stage still checks the old one) until the API is redeployed.
#   remediation: Set the feature flag @aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId to true in cdk.json.
#   fixes:
#     cdk: "Add \"@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId\": true under context in cdk.json (or call api.latestDeployment?.addToLogicalId(...) with the authorizer's settings)."
#     console: "Resources > Deploy API after every authorizer change."
#   sources: [cdk]
#   tags: [deployment, cdk]
package authlint.rules.cdk_authorizer_change_not_redeployed

import data.authlint.lib.apigw
import data.authlint.lib.result

flag := "@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId"

deny contains result.at(msg, api, cdk) if {
	cdk := input.cdk
	not cdk.contextUnknown
	object.get(cdk.featureFlags, flag, false) != true
	some api in input.restApis
	api.origin == "cdk"
	some a in api.authorizers
	apigw.is_cognito_authorizer(a)
	msg := sprintf(
		"%s does not set %s to true, so changing the Cognito authorizer of API %s does not create a new deployment: after cdk deploy the stage keeps the old authorizer and tokens of the new pool get 401 Unauthorized. Set the flag to true in cdk.json.",
		[file(cdk), flag, apigw.label(api)],
	)
}

file(cdk) := cdk.contextFile if {
	cdk.contextFile != ""
} else := "cdk.json"
