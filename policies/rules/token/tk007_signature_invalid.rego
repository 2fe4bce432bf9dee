# METADATA
# title: Token signature is not one of the user pool's
# description: |
#   Cognito signs ID and access tokens with RS256 and names the key in the
#   header's kid; the keys are published at the pool's JWKS URL
#   (https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json).
#   A token with alg none or HS256, without kid, with a kid the JWKS does not
#   have (another pool, a key from a test tool) or with a signature that does
#   not verify was not issued by the pool, or was altered. authlint verifies
#   the signature only against keys the user gives (--jwks FILE) or that come
#   from the authorizer's own pool, never from a URL the token names; without
#   them the check is "not checked", not a pass.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
#   - ref: https://datatracker.ietf.org/doc/html/rfc7515
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK007
#   slug: signature-invalid
#   severity: error
#   step: signature
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Use a token the user pool issued (from InitiateAuth or the pool's token endpoint), unmodified; tokens made by hand or by test tools are not accepted.
#   tags: [token]
package authlint.rules.signature_invalid

import data.authlint.lib.token

header := input.token.header if {
	token.applies(input)
	input.token.kind == "jws"
	not input.token.problem
}

deny contains "The token's alg is none: it is unsigned, and Cognito signs every token with RS256." if {
	lower(header.alg) == "none"
}

deny contains msg if {
	a := header.alg
	lower(a) != "none"
	a != "RS256"
	msg := sprintf("The token is signed with %s; Cognito signs with RS256, so this token was not issued by a user pool.", [a])
}

deny contains "The token's header has no kid: Cognito names the signing key in every token." if {
	header.alg == "RS256"
	not header.kid
}

deny contains msg if {
	header.alg == "RS256"
	input.signature.status == "kid-not-found"
	msg := sprintf("The token's key %s is not in %s: the token was signed by another pool or another issuer.", [header.kid, input.signature.keySource])
}

deny contains msg if {
	header.alg == "RS256"
	input.signature.status in {"invalid", "unsupported"}
	msg := sprintf("The token's signature does not verify with key %s of %s (%s): the token was altered or not issued by the pool.", [header.kid, input.signature.keySource, input.signature.detail])
}

not_checked contains "Not checked: no JWKS to verify the signature with (give the pool's keys with --jwks FILE)." if {
	header.alg == "RS256"
	header.kid
	input.signature.status == "not-checked"
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

not_checked contains msg if {
	token.applies(input)
	not header
	msg := sprintf("Not checked: %s.", [token.no_token(input)])
}

pass contains msg if {
	header.alg == "RS256"
	input.signature.status == "valid"
	msg := sprintf("The RS256 signature verifies with key %s of %s.", [header.kid, input.signature.keySource])
}
