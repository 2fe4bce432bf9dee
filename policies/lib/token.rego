# METADATA
# description: |
#   Helpers of the token rules (rules/token/, evaluated by authlint explain over
#   a token case: the shape of the header value, the decoded token, the method,
#   its authorizer, pools and clients). Functions take the case as an argument:
#   only rules declare the token-case input schema.
package authlint.lib.token

import data.authlint.lib.value

cognito := "COGNITO_USER_POOLS"

# applies is true when the method takes Cognito user pool tokens through a
# known Cognito authorizer: the token steps mean something.
applies(tc) if {
	tc.method.authorizationType.value == cognito
	tc.authorizer.type.value == cognito
}

# skipped returns why the token steps do not apply to the method, when the
# method is known not to take a Cognito token.
skipped(tc) := "the method takes no token (authorization NONE): API Gateway does not look at it" if {
	tc.method.authorizationType.value == "NONE"
} else := "the method uses IAM authorization (AWS_IAM): it needs a SigV4-signed request, not a token" if {
	tc.method.authorizationType.value == "AWS_IAM"
} else := sprintf("the method uses authorization %s, which authlint explain does not model", [tc.method.authorizationType.value]) if {
	t := tc.method.authorizationType.value
	not t in {cognito, "NONE", "AWS_IAM"}
} else := sprintf("the method's authorizer is of type %s, not COGNITO_USER_POOLS", [tc.authorizer.type.value]) if {
	tc.method.authorizationType.value == cognito
	t := tc.authorizer.type.value
	t != cognito
}

# undecided returns why it cannot be known whether the token steps apply.
undecided(tc) := sprintf("the method's authorization type cannot be known (%s)", [tc.method.authorizationType.unknown.reason]) if {
	tc.method.authorizationType.unknown
} else := sprintf("the method's authorizer cannot be known (%s)", [tc.authorizerUnknown.reason]) if {
	tc.method.authorizationType.value == cognito
	tc.authorizerUnknown
} else := "the method names no authorizer" if {
	tc.method.authorizationType.value == cognito
	not tc.authorizer
	not tc.authorizerUnknown
} else := sprintf("the authorizer's type cannot be known (%s)", [tc.authorizer.type.unknown.reason]) if {
	tc.method.authorizationType.value == cognito
	tc.authorizer.type.unknown
}

# claims returns the decoded claims (undefined when the token has none).
claims(tc) := tc.token.claims

# token_use returns the token_use claim, or what the claims show when it is
# absent: aud without scope is an ID token, scope or client_id an access token.
token_use(tc) := tc.token.claims.tokenUse if {
	is_string(tc.token.claims.tokenUse)
} else := "id" if {
	count(object.get(tc.token.claims, "aud", [])) > 0
	not tc.token.claims.scope
} else := "access" if {
	tc.token.claims.scope
	not tc.token.claims.aud
}

# kind_name reads "an ID token" / "an access token".
kind_name("id") := "an ID token"

kind_name("access") := "an access token"

# method_name reads "GET /pets".
method_name(tc) := sprintf("%s %s", [value.str(tc.method.httpMethod, "?"), value.str(tc.method.path, "?")])

# scopes_known is true when the method's scope list and items are known.
scopes_known(tc) if value.list_known(tc.method.authorizationScopes)

# method_scopes returns the method's scopes (known lists only).
method_scopes(tc) := value.values(tc.method.authorizationScopes) if scopes_known(tc)

# issuer parses a Cognito issuer URL into {updated, region, pool, poolRegion}.
issuer(iss) := {"updated": m[1] != "", "region": m[2], "pool": m[3], "poolRegion": m[4]} if {
	some m in regex.find_all_string_submatch_n(
		`^https://(issuer-)?cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/(([a-z]{2}(?:-gov)?-[a-z]+-[0-9])_[0-9A-Za-z]+)$`,
		iss, 1,
	)
}

# pool_arn parses a user pool ARN into {partition, region, account, pool}.
pool_arn(arn) := {"partition": m[1], "region": m[2], "account": m[3], "pool": m[4]} if {
	some m in regex.find_all_string_submatch_n(
		`^arn:(aws[a-z-]*):cognito-idp:([a-z0-9-]+):([0-9]{12}):userpool/([a-z]{2}(?:-gov)?-[a-z]+-[0-9]_[0-9A-Za-z]+)$`,
		arn, 1,
	)
}

# stage_variables maps "${stageVariables.X}" to X's value for the stage the
# request goes to (empty without a stage).
stage_variables(tc) := {sprintf("${stageVariables.%s}", [v.name]): v.value.value |
	some v in tc.stage.variables
	is_string(v.value.value)
}

# fix_minutes reads a duration in seconds for messages: "41 s", "3 min", "2 h".
duration(s) := sprintf("%d s", [s]) if s < 120

else := sprintf("%d min", [round(s / 60)]) if s < 7200

else := sprintf("%d h", [round(s / 3600)]) if s < 172800

else := sprintf("%d days", [round(s / 86400)])

# time_text reads a Unix time as RFC 3339 (UTC).
time_text(t) := time.format([t * 1000000000, "UTC", "2006-01-02T15:04:05Z07:00"])

# no_token returns why the steps that read the token cannot run.
no_token(tc) := "the header is empty" if {
	tc.header.empty
} else := "the value is a SigV4 signature, not a token" if {
	tc.header.sigV4
} else := "no token could be decoded from the header value" if {
	not tc.token
} else := "the token is encrypted (JWE): its claims cannot be read" if {
	tc.token.kind == "jwe"
} else := sprintf("the token's claims cannot be read (%s)", [tc.token.problem]) if {
	not tc.token.claims
}

# fail is a failure that the setting at loc decides.
fail(msg, loc) := {"msg": msg, "loc": loc}
