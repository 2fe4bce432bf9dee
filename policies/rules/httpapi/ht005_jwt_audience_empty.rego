# METADATA
# title: JWT authorizer has no audience
# description: |
#   An HTTP API JWT authorizer accepts a token only when its aud claim (ID
#   tokens) or client_id claim (Cognito access tokens) is one of the audience
#   entries. With no audience, no token can be accepted (API Gateway may also
#   refuse to create the authorizer). Not reported when the audience is set but
#   cannot be known.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigatewayv2-authorizer-jwtconfiguration.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
# custom:
#   id: HT005
#   slug: jwt-audience-empty
#   severity: error
#   security_severity: medium
#   client_sees: 401 Unauthorized on every route that uses the authorizer (or a 400 when the authorizer is created).
#   remediation: List the ids of the app clients that call the API in the authorizer's audience.
#   fixes:
#     openapi: "Add jwtConfiguration.audience with the app client ids to x-amazon-apigateway-authorizer."
#     cloudformation: "Add JwtConfiguration.Audience: [!Ref UserPoolClient]."
#     sam: "Add JwtConfiguration.audience: [!Ref UserPoolClient] under Auth.Authorizers."
#     terraform: "Add audience = [aws_cognito_user_pool_client.client.id] to jwt_configuration."
#     live: "aws apigatewayv2 update-authorizer --api-id API_ID --authorizer-id AUTHORIZER_ID --jwt-configuration Audience=CLIENT_ID,Issuer=ISSUER"
#     console: "HTTP API > Authorization > Manage authorizers > edit the authorizer > Audience: add the app client ids."
#   sources: [openapi, cloudformation, sam, terraform, live]
#   tags: [httpapi, authorizer]
package authlint.rules.jwt_audience_empty

import data.authlint.lib.httpapi
import data.authlint.lib.result

deny contains result.at(msg, a, where) if {
	some api in input.httpApis
	some a in api.authorizers
	httpapi.is_jwt(a)
	where := empty(a)
	msg := sprintf(
		"JWT authorizer %s of %s has no audience: no token's aud or client_id can match, so every route that uses the authorizer answers 401 Unauthorized. List the ids of the app clients that call the API.",
		[httpapi.authorizer_label(a), httpapi.api_label(api)],
	)
}

# empty returns where to point for an audience known to be missing or empty.
empty(a) := a if {
	a.audience == null
} else := a if {
	not a.audience
} else := a.audience if {
	not a.audience.unknown
	count(a.audience.items) == 0
}
