# METADATA
# title: SigV4 signature sent to a Cognito authorizer
# description: |
#   The Authorization header holds an AWS Signature Version 4 value
#   (AWS4-HMAC-SHA256 Credential=…), which an SDK or Amplify writes when it
#   signs requests with IAM credentials (Amplify's API category signs with IAM
#   unless told otherwise). A COGNITO_USER_POOLS authorizer wants a user pool
#   token in that header, so the signature overwrote the token.
# related_resources:
#   - ref: https://github.com/aws-amplify/amplify-js/issues/37
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK004
#   slug: sigv4-authorization-header
#   severity: error
#   step: header
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Send the Cognito token in the header instead of signing the request (in Amplify, set the API's authorization mode to the user pool, or add the header with a custom header function).
#   tags: [token, header]
package authlint.rules.sigv4_authorization_header

import data.authlint.lib.token

deny contains "The value is an AWS SigV4 signature (AWS4-HMAC-SHA256 …): the request was signed with IAM credentials, which overwrote the token. The method wants a Cognito user pool token." if {
	token.applies(input)
	input.header.sigV4
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

pass contains "The value is not a SigV4 signature." if {
	token.applies(input)
	not input.header.sigV4
}
