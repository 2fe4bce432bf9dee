# METADATA
# title: Issuer in a format the REST authorizer may not map to its pool
# description: |
#   Cognito writes iss as https://cognito-idp.REGION.amazonaws.com/POOL_ID
#   (the ORIGINAL issuer format) or, for pools switched to the UPDATED format,
#   https://issuer-cognito-idp.REGION.amazonaws.com/POOL_ID. With Multi-Region
#   Replication a replica region has been seen to write its own region into
#   iss. How the REST API Cognito authorizer maps these to its provider ARNs is
#   not documented: the check reports them as unknown, never as a failure.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html
#   - ref: https://github.com/awslabs/aws-jwt-verify/issues/282
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK006
#   slug: issuer-format-mismatch
#   severity: warning
#   step: issuer
#   client_sees: 401 Unauthorized when API Gateway does not map the issuer to the pool (undocumented).
#   remediation: If requests with such tokens fail, test the authorizer with the token (TestInvokeAuthorizer) and keep the pool on the ORIGINAL issuer format until AWS documents the behaviour.
#   tags: [token, authorizer]
package authlint.rules.issuer_format_mismatch

import data.authlint.lib.token

parsed := token.issuer(input.token.claims.iss) if token.applies(input)

unknown contains msg if {
	parsed.updated
	msg := sprintf("The token's issuer uses the UPDATED format (https://issuer-cognito-idp.%s.amazonaws.com/…); how the REST API Cognito authorizer maps it to provider ARNs is not documented.", [parsed.region])
}

unknown contains msg if {
	parsed.region != parsed.poolRegion
	msg := sprintf("The token's issuer names region %s but pool %s lives in %s (a Multi-Region Replication replica wrote it): whether the authorizer accepts it is not documented.", [parsed.region, parsed.pool, parsed.poolRegion])
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

not_checked contains msg if {
	token.applies(input)
	not parsed
	msg := "Not checked: the token has no Cognito issuer to read (see TK005)."
}

pass contains "The token's issuer has the ORIGINAL Cognito format, in the pool's own region." if {
	not parsed.updated
	parsed.region == parsed.poolRegion
}
