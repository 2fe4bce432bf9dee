# METADATA
# title: App client lists OAuth flows but OAuth is disabled
# description: |
#   An app client uses the OAuth 2.0 endpoints (hosted UI, /oauth2/authorize,
#   /oauth2/token) only when AllowedOAuthFlowsUserPoolClient is true; it is false
#   when not set. A client that lists OAuth flows or scopes without it cannot get
#   tokens from those endpoints, and so cannot get tokens with custom scopes.
#   (Sign-in through the user pools API, such as SRP, still works.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpoolclient.html
# custom:
#   id: UP001
#   slug: oauth-flows-disabled
#   severity: warning
#   security_severity: low
#   client_sees: The authorize or token endpoint refuses the client (for example unauthorized_client), so no token is issued; calls made without one get 401 Unauthorized.
#   remediation: Set AllowedOAuthFlowsUserPoolClient to true on app clients that use OAuth flows or scopes.
#   fixes:
#     cloudformation: "Add AllowedOAuthFlowsUserPoolClient: true to the AWS::Cognito::UserPoolClient."
#     sam: "Add AllowedOAuthFlowsUserPoolClient: true to the AWS::Cognito::UserPoolClient."
#     cdk: "Configure oAuth: { flows: {...}, scopes: [...] } on the UserPoolClient (the CDK then enables OAuth); do not set disableOAuth: true."
#     terraform: "Set allowed_oauth_flows_user_pool_client = true on aws_cognito_user_pool_client."
#     live: "aws cognito-idp update-user-pool-client --allowed-o-auth-flows-user-pool-client ... (pass every other setting too: omitted ones are reset)."
#     console: "User pool > App clients > the client > Login pages > Edit: choose the OAuth grant types."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [cognito, oauth]
package authlint.rules.oauth_flows_disabled

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, c, where) if {
	some c in input.appClients
	setting := object.get(c, "allowedOAuthFlowsUserPoolClient", null)
	value.unset_or_false(setting)
	what := configured(c)
	where := location(setting, c)
	msg := sprintf(
		"App client %s lists %s but AllowedOAuthFlowsUserPoolClient is %s: the hosted UI and /oauth2/token refuse it, so it gets no token through OAuth (and never one with custom scopes), and methods that need such a token answer its callers 401 Unauthorized. Set AllowedOAuthFlowsUserPoolClient: true.",
		[apigw.label(c), what, state(setting)],
	)
}

configured(c) := sprintf("OAuth flows (%s)", [concat(", ", value.values(c.allowedOAuthFlows))]) if {
	value.nonempty(c.allowedOAuthFlows)
} else := sprintf("OAuth scopes (%s)", [concat(", ", value.values(c.allowedOAuthScopes))]) if {
	value.nonempty(c.allowedOAuthScopes)
}

state(setting) := "not set (false)" if {
	setting == null
} else := "false"

location(setting, c) := setting if {
	setting != null
} else := c.allowedOAuthFlows if {
	value.nonempty(c.allowedOAuthFlows)
} else := c.allowedOAuthScopes
