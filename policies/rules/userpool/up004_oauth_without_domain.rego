# METADATA
# title: OAuth client on a user pool without a domain
# description: |
#   The OAuth 2.0 endpoints (hosted UI, /oauth2/authorize, /oauth2/token) exist only
#   once the user pool has a domain, a Cognito prefix domain or a custom one:
#   "When you add a domain to your user pool, Amazon Cognito activates an OAuth 2.0
#   token endpoint". An app client configured for OAuth flows on a pool without a
#   domain cannot get a token through them. Many clients list OAuth flows they
#   never use (the CDK enables code and implicit by default) and sign users in
#   through the user pools API instead (SRP, Amplify), which needs no domain; so
#   the rule only reports clients that depend on the OAuth endpoints: the
#   client_credentials grant, custom scopes, the code or implicit flow with a
#   callback URL of the application (not the CDK's placeholder
#   https://example.com), or no API sign-in flow allowed.
#   Reported only for pools whose domains are all in the input.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-assign-domain.html
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
# custom:
#   id: UP004
#   slug: oauth-without-domain
#   severity: warning
#   security_severity: low
#   client_sees: There is no hosted UI or token endpoint to get a token from (DNS failure or 404), so calls made without a token get 401 Unauthorized.
#   remediation: Add a domain to the user pool.
#   fixes:
#     cloudformation: "Add an AWS::Cognito::UserPoolDomain (Domain: a unique prefix, UserPoolId: !Ref UserPool)."
#     sam: "Add an AWS::Cognito::UserPoolDomain (Domain: a unique prefix, UserPoolId: !Ref UserPool)."
#     cdk: "Call userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: '...' } })."
#     terraform: "Add an aws_cognito_user_pool_domain for the pool."
#     live: "aws cognito-idp create-user-pool-domain --domain PREFIX --user-pool-id POOL_ID"
#     console: "User pool > Branding > Domain > Actions > Create Cognito domain."
#   sources: [cloudformation, sam, cdk, terraform, live]
#   tags: [cognito, oauth]
package authlint.rules.oauth_without_domain

import data.authlint.lib.apigw
import data.authlint.lib.cognito
import data.authlint.lib.result
import data.authlint.lib.text
import data.authlint.lib.value

deny contains result.at(msg, c, c.allowedOAuthFlows) if {
	some c in input.appClients
	cognito.oauth_enabled(c)
	p := cognito.pool(c.userPool.target)
	p.complete == true
	not cognito.has_domain(p)
	why := oauth_only(c)
	flows := cognito.oauth_flows(c)
	msg := sprintf(
		"App client %s uses OAuth %s (%s) and %s, but user pool %s has no domain: the hosted UI and the /oauth2/token endpoint do not exist, so it gets no such token and API calls that need one get 401 Unauthorized. Add a user pool domain.",
		[apigw.label(c), text.plural(count(flows), "flow", "flows"), text.join_and(sort(flows)), why, cognito.pool_name(p)],
	)
}

# cdk_default_callbacks are what the CDK writes for a UserPoolClient without
# oAuth settings: a placeholder, not an application that uses the hosted UI.
cdk_default_callbacks := {"https://example.com", "https://example.com/"}

sdk_sign_in := {
	"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_AUTH",
	"USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY",
}

# oauth_only says why the client depends on the OAuth endpoints; undefined
# when it can also sign users in through the user pools API (the default),
# which needs no domain.
oauth_only(c) := "client_credentials is served by the token endpoint alone" if {
	"client_credentials" in cognito.oauth_flows(c)
} else := sprintf("its custom scopes (%s) only come from the OAuth endpoints", [text.enumerate(custom, 3)]) if {
	custom := [s | some s in value.values(c.allowedOAuthScopes); cognito.is_custom_scope(s)]
	count(custom) > 0
} else := sprintf("it sends users through the hosted UI back to %s", [text.enumerate(urls, 3)]) if {
	some f in cognito.oauth_flows(c)
	f in {"code", "implicit"}
	urls := sort([u | some u in value.values(c.callbackUrls); is_string(u); not u in cdk_default_callbacks])
	count(urls) > 0
} else := "it allows no sign-in through the user pools API (ExplicitAuthFlows)" if {
	value.list_known(c.explicitAuthFlows)
	value.nonempty(c.explicitAuthFlows)
	every f in value.values(c.explicitAuthFlows) {
		not f in sdk_sign_in
	}
}
