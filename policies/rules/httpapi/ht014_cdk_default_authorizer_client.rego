# METADATA
# title: CDK user pool authorizer trusts only the client CDK created for it
# description: |
#   CDK's HttpUserPoolAuthorizer builds a JWT authorizer whose audience is the
#   ids of the userPoolClients it is given; when none is given, it creates a new
#   app client (construct id UserPoolAuthorizerClient) and uses that one alone.
#   The application's own app client is then not in the audience, and the tokens
#   it obtains are refused. Reported when every audience entry is such a
#   generated client.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer.html
# custom:
#   id: HT014
#   slug: cdk-default-authorizer-client
#   severity: warning
#   security_severity: low
#   client_sees: 401 Unauthorized ("the token does not have a valid audience") for tokens of the application's own app client.
#   remediation: Pass the application's app clients to the authorizer (userPoolClients).
#   fixes:
#     cdk: "new HttpUserPoolAuthorizer('Auth', pool, { userPoolClients: [appClient] })."
#     console: "HTTP API > Authorization > Manage authorizers > edit the authorizer > Audience: the application's app client id."
#   sources: [cdk]
#   tags: [httpapi, authorizer, cdk]
package authlint.rules.cdk_default_authorizer_client

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, a, a.audience) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	httpapi.audience_all_clients(a)
	clients := httpapi.audience_clients(a)
	every c in clients {
		generated(c)
	}
	msg := sprintf(
		"JWT authorizer %s of %s trusts only %s, the app client CDK's HttpUserPoolAuthorizer creates when it is given no userPoolClients: tokens of the application's own client are refused with 401 Unauthorized. Pass the application's app clients as userPoolClients.",
		[httpapi.authorizer_label(a), httpapi.api_label(api), concat(", ", sort([c.cdkPath | some c in clients]))],
	)
}

generated(c) if endswith(c.cdkPath, "/UserPoolAuthorizerClient/Resource")

generated(c) if endswith(c.cdkPath, "/UserPoolAuthorizerClient")
