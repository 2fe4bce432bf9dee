# METADATA
# title: Token validation expression rejects the token
# description: |
#   For a COGNITO_USER_POOLS authorizer, API Gateway matches the authorizer's
#   identityValidationExpression against the token's aud claim (the app client
#   ID of an ID token). Access tokens have no aud, so the expression rejects
#   every access token; an ID token of another app client (or of a second pool
#   the regular expression forgot) is rejected too. When the expression finds
#   aud only as a part (not the whole value), AWS's matching rule decides, which
#   is not documented: that case is unknown.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK013
#   slug: validation-expression-rejects-token
#   severity: error
#   step: validation-expression
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Remove the authorizer's identity validation expression (restrict callers with scopes instead), or widen it to every app client ID that calls the API, and redeploy.
#   tags: [token, authorizer]
package authlint.rules.validation_expression_rejects_token

import data.authlint.lib.token

claims := input.token.claims if token.applies(input)

expr := input.authorizer.identityValidationExpression

pattern := expr.value if {
	claims
	is_string(expr.value)
	expr.value != ""
}

auds := object.get(claims, "aud", [])

deny contains token.fail(msg, expr.loc) if {
	pattern
	count(auds) == 0
	msg := sprintf("The authorizer's identityValidationExpression %q is matched against the token's aud claim, and this token has none (%s): it is always refused.", [pattern, kind])
}

kind := "access tokens have no aud" if {
	token.token_use(input) == "access"
} else := "the token has no aud"

deny contains token.fail(msg, expr.loc) if {
	pattern
	regex.is_valid(pattern)
	count(auds) > 0
	every a in auds {
		not regex.match(pattern, a)
	}
	msg := sprintf("The token's aud %s does not match the authorizer's identityValidationExpression %q.", [concat(", ", auds), pattern])
}

unknown contains msg if {
	pattern
	regex.is_valid(pattern)
	count(auds) > 0
	some a in auds
	regex.match(pattern, a)
	every b in auds {
		not regex.match(sprintf("^(?:%s)$", [pattern]), b)
	}
	msg := sprintf("The identityValidationExpression %q matches only part of aud %s: whether API Gateway wants the whole value to match is not documented.", [pattern, a])
}

unknown contains msg if {
	pattern
	count(auds) > 0
	not regex.is_valid(pattern)
	msg := sprintf("The identityValidationExpression %q is not a regular expression authlint can evaluate.", [pattern])
}

unknown contains msg if {
	claims
	expr.unknown
	msg := sprintf("The authorizer's identityValidationExpression cannot be known (%s).", [expr.unknown.reason])
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

not_checked contains msg if {
	token.applies(input)
	not claims
	msg := sprintf("Not checked: %s.", [token.no_token(input)])
}

pass contains "The authorizer has no identityValidationExpression." if {
	claims
	not expr
}

pass contains "The authorizer has no identityValidationExpression." if {
	claims
	expr.value == ""
}

pass contains msg if {
	pattern
	some a in auds
	regex.match(sprintf("^(?:%s)$", [pattern]), a)
	msg := sprintf("The token's aud %s matches the identityValidationExpression.", [a])
}
