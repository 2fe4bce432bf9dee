# METADATA
# title: client_credentials combined with a user flow
# description: |
#   Cognito does not let one app client use the client credentials grant together
#   with the authorization code or implicit grant: "You can't enable client
#   credentials grants in the same app client as either implicit or authorization
#   code grants." Creating or updating such a client fails, and tooling that works
#   around the failure leaves a client without the flows it needs.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints-oauth-grants.html
#   - ref: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
# custom:
#   id: UP005
#   slug: client-credentials-mixed
#   severity: error
#   security_severity: low
#   client_sees: The app client cannot be created or updated (InvalidOAuthFlowException), so its callers get no token and API calls get 401 Unauthorized.
#   remediation: Use one app client for client_credentials (machine-to-machine, with a secret) and another for code or implicit.
#   fixes:
#     cloudformation: "Split the AWS::Cognito::UserPoolClient: AllowedOAuthFlows: [client_credentials] on one, [code] on another."
#     sam: "Split the AWS::Cognito::UserPoolClient: AllowedOAuthFlows: [client_credentials] on one, [code] on another."
#     cdk: "Create two UserPoolClients: one with flows { clientCredentials: true }, one with { authorizationCodeGrant: true }."
#     terraform: "Split aws_cognito_user_pool_client: allowed_oauth_flows = [\"client_credentials\"] on one, [\"code\"] on another."
#     live: "Create a separate app client for client_credentials."
#     console: "User pool > App clients > Create app client (Machine-to-machine application) for the client credentials grant."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [cognito, oauth]
package authlint.rules.client_credentials_mixed

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.at(msg, c, c.allowedOAuthFlows) if {
	some c in input.appClients
	flows := cognito.oauth_flows(c)
	"client_credentials" in flows
	user := flows & {"code", "implicit"}
	count(user) > 0
	msg := sprintf(
		"App client %s allows client_credentials together with %s, which Cognito refuses (InvalidOAuthFlowException): the client cannot be created or updated, so no token is issued and API calls get 401 Unauthorized. Use a separate app client for client_credentials.",
		[apigw.label(c), text.join_and(sort(user))],
	)
}
