# METADATA
# title: Postman grant type is not allowed on the app client
# description: |
#   Cognito issues tokens to an app client only through the OAuth flows the
#   client allows (AllowedOAuthFlows, with AllowedOAuthFlowsUserPoolClient
#   true): Postman's authorization_code and authorization_code_with_pkce
#   grants need the code flow, implicit the implicit flow, client_credentials
#   the client_credentials flow. password_credentials is not an OAuth grant
#   Cognito supports at all. The check runs only when the scan also holds the
#   app client the collection's client id names (a live account read with
#   --live and exported, or a snapshot), and only on known values.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html
# custom:
#   id: PM001
#   slug: grant-type-allowed
#   severity: error
#   security_severity: low
#   client_sees: No token (unauthorized_client or unsupported_grant_type from Cognito), so every request then gets 401 Unauthorized.
#   remediation: Use a grant type the app client allows (authorization code with PKCE for people, client credentials for machines), or allow the matching OAuth flow on the app client.
#   fixes:
#     postman: "Set the oauth2 grant_type to one the app client allows (authorization_code_with_pkce maps to the code flow)."
#     console: "Cognito > User pool > App clients > the client > Login pages > OAuth 2.0 grant types: allow the flow Postman uses (or change Postman's Grant Type)."
#   sources: [postman]
#   tags: [postman, oauth]
#   resources: [tokenRequest]
package authlint.rules.grant_type_allowed

import data.authlint.lib.joined
import data.authlint.lib.postman
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, t, t.grantType) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	grant := postman.grant(t)
	c := joined.client(t)
	flow := joined.cognito_flow[grant]
	# An absent list allows no flow.
	value.optional_list_known(object.get(c, "allowedOAuthFlows", null))
	not value.has(object.get(c, "allowedOAuthFlows", {}), flow)
	msg := sprintf(
		"Postman %s uses the %s grant, but app client %s does not allow the %s flow (AllowedOAuthFlows: %s): Cognito answers unauthorized_client and no token is issued, so requests get 401 Unauthorized. Allow the %s flow on the client, or use a grant it allows.",
		[postman.label(t), grant, joined.client_name(c), flow, flows(c), flow],
	)
}

deny contains result.at(msg, t, t.grantType) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	grant := postman.grant(t)
	c := joined.client(t)
	joined.cognito_flow[grant]
	value.list_known(c.allowedOAuthFlows)
	value.nonempty(c.allowedOAuthFlows)
	c.allowedOAuthFlowsUserPoolClient.value == false
	msg := sprintf(
		"Postman %s uses the %s grant, but app client %s has OAuth turned off (AllowedOAuthFlowsUserPoolClient false): Cognito answers unauthorized_client and no token is issued, so requests get 401 Unauthorized. Set AllowedOAuthFlowsUserPoolClient to true.",
		[postman.label(t), grant, joined.client_name(c)],
	)
}

deny contains result.at(msg, t, t.grantType) if {
	some t in input.tokenRequests
	postman.oauth2(t)
	postman.grant(t) == "password_credentials"
	c := joined.client(t)
	msg := sprintf(
		"Postman %s uses the password_credentials grant, which Cognito's token endpoint does not support (app client %s): Cognito answers unsupported_grant_type and no token is issued, so requests get 401 Unauthorized. Use authorization_code_with_pkce, or sign in with InitiateAuth (USER_PASSWORD_AUTH) outside the oauth2 helper.",
		[postman.label(t), joined.client_name(c)],
	)
}

flows(c) := concat(", ", value.values(c.allowedOAuthFlows)) if {
	c.allowedOAuthFlows
	value.nonempty(c.allowedOAuthFlows)
} else := "none"
