# METADATA
# title: Client secret on a client used with the implicit grant
# description: |
#   The implicit grant is for public clients: apps in a browser or on a device,
#   which cannot keep a secret. An app client with a secret requires it (or a
#   SECRET_HASH) on every user pools API call and at the token endpoint, which a
#   browser app cannot provide without exposing it, so sign-in and token refresh
#   fail. Either the client is meant to be public and should have no secret, or
#   the implicit grant should not be allowed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash
# custom:
#   id: UP006
#   slug: secret-on-public-client
#   severity: warning
#   security_severity: medium
#   client_sees: "Sign-in from the browser fails (\"Unable to verify secret hash for client\", or invalid_client at the token endpoint), so no token is issued and API calls get 401 Unauthorized."
#   remediation: Use an app client without a secret for browser and mobile apps, and keep secrets for server-side clients that do not use the implicit grant.
#   fixes:
#     cloudformation: "Set GenerateSecret: false on the AWS::Cognito::UserPoolClient used by the browser app (a new client: the secret cannot be removed), or drop implicit from AllowedOAuthFlows."
#     sam: "Set GenerateSecret: false on the AWS::Cognito::UserPoolClient used by the browser app, or drop implicit from AllowedOAuthFlows."
#     cdk: "Create the browser app's UserPoolClient with generateSecret: false, or drop implicitCodeGrant."
#     terraform: "Set generate_secret = false on the aws_cognito_user_pool_client of the browser app, or drop implicit."
#     live: "Create an app client without a secret for the browser app."
#     console: "User pool > App clients > Create app client > Single-page application (no client secret)."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [cognito, oauth]
package authlint.rules.secret_on_public_client

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, c, c.generateSecret) if {
	some c in input.appClients
	value.is_true(c.generateSecret)
	"implicit" in cognito.oauth_flows(c)
	msg := sprintf(
		"App client %s has a client secret but allows the implicit grant, which is for browser apps that cannot keep a secret: their sign-in and token calls fail (\"Unable to verify secret hash for client\", invalid_client), so they get no token and API calls get 401 Unauthorized. Use a client without a secret for the browser app.",
		[apigw.label(c)],
	)
}
