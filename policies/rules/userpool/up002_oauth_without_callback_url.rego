# METADATA
# title: Authorization code or implicit flow without callback URLs
# description: |
#   The authorization code and implicit grants end with a redirect to one of the
#   app client's callback URLs, and Cognito only redirects to a URL the client
#   lists exactly. A client that allows code or implicit but lists no callback URL
#   can never finish a sign-in, so it never gets a token.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
#   - ref: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
# custom:
#   id: UP002
#   slug: oauth-without-callback-url
#   severity: error
#   security_severity: low
#   client_sees: The hosted UI answers redirect_mismatch (or the client cannot be saved), so no token is issued; calls made without one get 401 Unauthorized.
#   remediation: List the application's redirect URLs in the app client's callback URLs.
#   fixes:
#     cloudformation: "Add CallbackURLs: [https://app.example.com/callback] to the AWS::Cognito::UserPoolClient."
#     sam: "Add CallbackURLs: [https://app.example.com/callback] to the AWS::Cognito::UserPoolClient."
#     cdk: "Set oAuth: { callbackUrls: ['https://app.example.com/callback'] } on the UserPoolClient."
#     terraform: "Set callback_urls = [\"https://app.example.com/callback\"] on aws_cognito_user_pool_client."
#     live: "aws cognito-idp update-user-pool-client --callback-urls ... (pass every other setting too: omitted ones are reset)."
#     console: "User pool > App clients > the client > Login pages > Edit > Allowed callback URLs."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [cognito, oauth]
package authlint.rules.oauth_without_callback_url

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, c, c.allowedOAuthFlows) if {
	some c in input.appClients
	not value.unset_or_false(object.get(c, "allowedOAuthFlowsUserPoolClient", null))
	flows := cognito.oauth_flows(c) & {"code", "implicit"}
	count(flows) > 0
	no_callbacks(object.get(c, "callbackUrls", null))
	msg := sprintf(
		"App client %s allows the %s %s but lists no callback URL: Cognito can only redirect the signed-in user to a listed URL, so the sign-in never completes and no token is issued. Add the application's redirect URLs to CallbackURLs.",
		[apigw.label(c), text.join_and(sort(flows)), text.plural(count(flows), "flow", "flows")],
	)
}

no_callbacks(urls) if urls == null

no_callbacks(urls) if value.empty(urls)
