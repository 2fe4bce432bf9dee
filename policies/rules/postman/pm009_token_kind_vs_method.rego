# METADATA
# title: Postman sends an access token to a method that accepts only ID tokens
# description: |
#   Postman's oauth2 helper sends the access token it obtained. A REST method
#   with a COGNITO_USER_POOLS authorizer and no authorization scopes validates
#   the token as an ID token, so an access token is refused. The check runs
#   only when the scan also holds the REST API the request calls (a live
#   account exported with --live, or a snapshot: the request URL names the
#   API id, stage and path), and only when the method's scopes are known.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
#   - ref: https://learning.postman.com/docs/sending-requests/authorization/oauth-20/
# custom:
#   id: PM009
#   slug: token-kind-vs-method
#   severity: error
#   security_severity: low
#   client_sees: 401 Unauthorized on the method, although Postman obtained a token.
#   remediation: Send the ID token to this method (bearer auth with the id_token), or give the method authorization scopes so that it takes access tokens.
#   fixes:
#     postman: "Use Bearer Token auth with {{id_token}} for this request, or change the method."
#     console: "API Gateway > the API > Resources > the method > Method request > Authorization scopes: add the scope the access token carries, then Deploy API."
#   sources: [postman]
#   tags: [postman, tokens]
#   resources: [apiRequest]
package authlint.rules.token_kind_vs_method

import data.authlint.lib.apigw
import data.authlint.lib.joined
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, r, r.url) if {
	some r in input.apiRequests
	r.auth.type == "oauth2"
	m := joined.method(r)
	m.authorizationType.value == "COGNITO_USER_POOLS"
	value.list_known(m.authorizationScopes)
	value.empty(m.authorizationScopes)
	msg := sprintf(
		"Postman request %q sends the oauth2 access token to %s of API %s (%s), which has no authorization scopes and so accepts only ID tokens: it answers 401 Unauthorized. Send the ID token (bearer auth with {{id_token}}) or give the method authorization scopes.",
		[r.item, apigw.name(m), api_name(joined.api(r)), joined.origin(m)],
	)
}

api_name(a) := a.name.value if {
	is_string(a.name.value)
} else := a.id.value if {
	is_string(a.id.value)
} else := a.ref
