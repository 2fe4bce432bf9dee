# METADATA
# title: Header value is not a compact signed JWT
# description: |
#   Cognito ID and access tokens are compact JWS: three base64url parts
#   (header, payload, signature) joined by dots, with no space, quote or line
#   break. Values pasted from a terminal or a JSON response often carry quotes,
#   a line break or spaces; a URL-encoded token has %XX escapes; a value with
#   five parts is an encrypted token (JWE), which is what Cognito refresh tokens
#   are. None of these is a token the authorizer can read.
# related_resources:
#   - ref: https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK002
#   slug: token-not-compact-jws
#   severity: error
#   step: token-shape
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Send the ID or access token exactly as Cognito returned it (IdToken or AccessToken of the authentication result), without quotes, spaces or line breaks; never the refresh token.
#   tags: [token]
package authlint.rules.token_not_compact_jws

import data.authlint.lib.token

shape_applies if {
	token.applies(input)
	not input.header.empty
	not input.header.sigV4
}

deny contains "The value holds a line break (a token pasted with its newline): the token stops there." if {
	shape_applies
	input.header.lineBreak
}

deny contains "The token holds spaces or tabs: it is not one token." if {
	shape_applies
	input.header.innerSpaces
}

deny contains "The value is wrapped in quotes (copied from JSON or a shell): the quotes become part of the token." if {
	shape_applies
	input.header.quoted
}

deny contains "The token is URL-encoded (%XX escapes): send it as Cognito returned it." if {
	shape_applies
	input.header.urlEncoded
}

deny contains msg if {
	shape_applies
	input.header.segments == 5
	msg := sprintf("The token has 5 parts: it is an encrypted token (JWE, enc %s), which is what Cognito refresh tokens are. Send the ID or access token, not the refresh token.", [object.get(input, ["token", "header", "enc"], "?")])
}

deny contains msg if {
	shape_applies
	not input.header.segments in {3, 5}
	msg := sprintf("The token has %d dot-separated part%s; a signed JWT has 3 (header, payload, signature).", [input.header.segments, plural(input.header.segments)])
}

deny contains msg if {
	shape_applies
	input.header.segments == 3
	p := input.token.problem
	p != ""
	msg := sprintf("The token cannot be decoded: %s.", [p])
}

deny contains msg if {
	shape_applies
	some p in input.token.claims.problems
	msg := sprintf("The token's claims are not those of a Cognito token: %s.", [p])
}

plural(1) := ""

plural(n) := "s" if n != 1

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

not_checked contains msg if {
	token.applies(input)
	not shape_applies
	msg := sprintf("Not checked: %s.", [token.no_token(input)])
}

pass contains "The token is a signed JWT of three parts (header, payload, signature)." if {
	shape_applies
}
