# METADATA
# title: Token missing from the authorizer's identity header
# description: |
#   A COGNITO_USER_POOLS authorizer reads the token from one request header,
#   its identity source (method.request.header.Authorization unless configured
#   otherwise). A request whose header is empty, or that sends the token in
#   another header (authorizationToken, X-Auth-Token, a query string), carries
#   no token as far as the authorizer is concerned.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
#   - ref: https://repost.aws/knowledge-center/api-gateway-401-error-lambda-authorizer
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK001
#   slug: identity-header-missing
#   severity: error
#   step: header
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}, x-amzn-errortype UnauthorizedException).
#   remediation: Send the token in the header the authorizer's identity source names (usually Authorization), and make sure the client fills it.
#   tags: [token, header]
package authlint.rules.identity_header_missing

import data.authlint.lib.token

identity_header(src) := h if {
	some m in regex.find_all_string_submatch_n(`^method\.request\.header\.([A-Za-z0-9!#$%&'*+.^_|~-]+)$`, src, 1)
	h := m[1]
}

deny contains token.fail(msg, input.authorizer.identitySource.loc) if {
	token.applies(input)
	input.header.empty
	msg := sprintf("The %s header is empty: the authorizer finds no token.", [input.header.name])
}

deny contains token.fail(msg, input.authorizer.identitySource.loc) if {
	token.applies(input)
	not input.header.empty
	h := identity_header(input.authorizer.identitySource.value)
	lower(h) != lower(input.header.name)
	msg := sprintf("The token is sent in the %s header, but the authorizer reads the %s header (identity source %s): it finds no token.", [input.header.name, h, input.authorizer.identitySource.value])
}

unknown contains msg if {
	token.applies(input)
	input.authorizer.identitySource.unknown
	msg := sprintf("The authorizer's identity source cannot be known (%s): authlint cannot tell which header it reads.", [input.authorizer.identitySource.unknown.reason])
}

unknown contains msg if {
	token.applies(input)
	src := input.authorizer.identitySource.value
	not identity_header(src)
	msg := sprintf("The authorizer's identity source %s is not a request header (see AZ007): authlint cannot tell where it looks for the token.", [src])
}

unknown contains msg if {
	token.applies(input)
	not input.header.empty
	not input.authorizer.identitySource
	lower(input.header.name) != "authorization"
	msg := sprintf("The sources do not say which header the authorizer reads (the tools default to Authorization); the token is sent in %s.", [input.header.name])
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

pass contains msg if {
	token.applies(input)
	not input.header.empty
	msg := sprintf("The token is sent in the %s header, which the authorizer reads.", [input.header.name])
}
