# METADATA
# title: Unexpected prefix before the token
# description: |
#   The documented value of the header is the token alone; "Bearer " (capital
#   B, one space) before it is observed to work with REST API Cognito
#   authorizers. Two prefixes ("Bearer Bearer eyJ…", a client that adds the
#   prefix to a value that already has it) or another word ("JWT", "Token")
#   leave a value that is not a token. Other casings or extra spaces are not
#   documented either way.
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-invoke-api-integrated-with-cognito-user-pool.html
#   - ref: https://github.com/aws-amplify/amplify-js/issues/3706
# schemas:
#   - input: schema.tokencase
# custom:
#   id: TK003
#   slug: authorization-prefix-invalid
#   severity: error
#   step: header
#   client_sees: 401 Unauthorized ({"message":"Unauthorized"}).
#   remediation: Send the token alone, or after exactly one "Bearer " (capital B, one space).
#   tags: [token, header]
package authlint.rules.authorization_prefix_invalid

import data.authlint.lib.token

prefix_applies if {
	token.applies(input)
	not input.header.empty
	not input.header.sigV4
}

deny contains msg if {
	prefix_applies
	count(input.header.prefixes) > 1
	msg := sprintf("The value starts with %q: the prefix is written %d times (a client added \"Bearer \" to a value that already had it).", [concat(" ", input.header.prefixes), count(input.header.prefixes)])
}

deny contains msg if {
	prefix_applies
	count(input.header.prefixes) == 1
	p := input.header.prefixes[0]
	lower(p) != "bearer"
	msg := sprintf("The value starts with %q: the authorizer expects the token alone or after \"Bearer \".", [p])
}

unknown contains msg if {
	prefix_applies
	count(input.header.prefixes) == 1
	p := input.header.prefixes[0]
	lower(p) == "bearer"
	p != "Bearer"
	msg := sprintf("The value starts with %q: \"Bearer \" is observed to work, other casings are not documented. Write \"Bearer \" or send the token alone.", [p])
}

unknown contains msg if {
	prefix_applies
	input.header.prefixes == ["Bearer"]
	input.header.extraSpaces
	msg := "More than one space follows \"Bearer\": not documented to work. Write exactly one space."
}

unknown contains msg if {
	msg := token.undecided(input)
}

not_checked contains msg if {
	msg := token.skipped(input)
}

not_checked contains msg if {
	token.applies(input)
	not prefix_applies
	msg := sprintf("Not checked: %s.", [token.no_token(input)])
}

pass contains "The value is the token alone, the documented form." if {
	prefix_applies
	count(input.header.prefixes) == 0
}

pass contains "The value is \"Bearer \" and the token, which REST API Cognito authorizers accept in practice." if {
	prefix_applies
	input.header.prefixes == ["Bearer"]
}
