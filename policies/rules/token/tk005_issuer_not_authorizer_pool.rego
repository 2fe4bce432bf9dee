# METADATA
# title: Token issued by a user pool the authorizer does not accept
# description: |
#   The token's iss claim names the user pool that issued it
#   (https://cognito-idp.REGION.amazonaws.com/POOL_ID). The authorizer accepts
#   tokens only from the pools its provider ARNs list (after stage variables
#   are substituted). A token from another pool, another region's pool of the
#   same name, the development pool on the production API, or a token that is
#   not from Cognito at all, is refused.
# related_resources:
#   - ref: https://repost.aws/knowledge-center/api-gateway-cognito-401-unauthorized
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK005
#   slug: issuer-not-authorizer-pool
#   severity: error
#   step: issuer
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Sign in to a user pool the authorizer lists, or add the token's pool ARN to the authorizer's provider ARNs and redeploy the API.
#   tags: [token, authorizer]
package authlint.rules.issuer_not_authorizer_pool

import data.authlint.lib.token

arns := input.authorizer.providerArns

# entries: one per provider ARN, {pool, region} when known, {unknown: why} otherwise.
entries contains e if {
	some item in arns.items
	e := entry(item)
}

entry(item) := {"pool": p.pool, "region": p.region} if {
	arn := strings.replace_n(token.stage_variables(input), item.arn.value)
	p := token.pool_arn(arn)
} else := {"unknown": sprintf("provider ARN %s names stage variables that are not known", [item.arn.value])} if {
	contains(item.arn.value, "${stageVariables.")
} else := {"pool": pool.id.value, "region": object.get(pool, "region", "")} if {
	not item.arn.value
	some pool in input.userPools
	pool.ref == item.userPool.target
	is_string(pool.id.value)
} else := {"unknown": sprintf("provider ARN %s cannot be known", [object.get(item.arn, ["unknown", "reason"], "?")])} if {
	not item.arn.value
} else := {"unknown": sprintf("provider ARN %s is not a user pool ARN (see AZ002)", [item.arn.value])}

accepted := {e.pool | some e in entries; e.pool}

undecidable := {e.unknown | some e in entries; e.unknown}

claims_ok if {
	token.applies(input)
	input.token.claims
}

deny contains token.fail("The token has no iss claim: it was not issued by a Cognito user pool.", arns.loc) if {
	claims_ok
	not input.token.claims.iss
}

deny contains token.fail(msg, arns.loc) if {
	claims_ok
	iss := input.token.claims.iss
	not token.issuer(iss)
	msg := sprintf("The token's issuer %q is not a Cognito user pool (https://cognito-idp.REGION.amazonaws.com/POOL_ID): a COGNITO_USER_POOLS authorizer accepts only user pool tokens.", [iss])
}

deny contains token.fail(msg, arns.loc) if {
	claims_ok
	not arns.unknown
	iss := token.issuer(input.token.claims.iss)
	not iss.pool in accepted
	count(undecidable) == 0
	msg := sprintf("The token was issued by user pool %s (%s), but the authorizer accepts tokens only from %s.%s", [iss.pool, iss.poolRegion, accepted_text, region_hint(iss)])
}

accepted_text := "no user pool (its provider ARN list is empty, see AZ001)" if {
	count(accepted) == 0
} else := concat(", ", sort(accepted))

region_hint(iss) := sprintf(" The token comes from region %s, the authorizer's pools are in %s: the client signs in to another region's pool.", [iss.poolRegion, concat(", ", sort(regions))]) if {
	regions := {e.region | some e in entries; e.region != ""}
	count(regions) > 0
	not iss.poolRegion in regions
} else := ""

unknown contains msg if {
	claims_ok
	arns.unknown
	msg := sprintf("The authorizer's provider ARNs cannot be known (%s).", [arns.unknown.reason])
}

unknown contains msg if {
	claims_ok
	not arns.unknown
	iss := token.issuer(input.token.claims.iss)
	not iss.pool in accepted
	some why in undecidable
	msg := sprintf("The token was issued by user pool %s; whether the authorizer accepts it cannot be known: %s.", [iss.pool, why])
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

not_checked contains msg if {
	token.applies(input)
	not input.token.claims
	msg := sprintf("Not checked: %s.", [token.no_token(input)])
}

pass contains msg if {
	claims_ok
	iss := token.issuer(input.token.claims.iss)
	iss.pool in accepted
	msg := sprintf("The token was issued by user pool %s, which the authorizer accepts.", [iss.pool])
}
