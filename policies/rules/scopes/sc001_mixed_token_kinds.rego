# METADATA
# title: One authorizer serves methods that want different token kinds
# description: |
#   Which token a Cognito-protected method accepts is decided per method: without
#   authorization scopes it wants an ID token, with scopes an access token that
#   carries one of them; the other kind is refused with 401. When one authorizer
#   protects methods of both kinds, a client that sends one token everywhere gets
#   401 on half of the API. This is legitimate when clients deliberately send ID
#   tokens to some methods and access tokens to others, hence a note. OPTIONS
#   methods are left out (a preflight with an authorizer is CR001's business).
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/api/API_Method.html
# custom:
#   id: SC001
#   slug: mixed-token-kinds
#   severity: note
#   security_severity: low
#   client_sees: 401 Unauthorized on the scope-less methods for clients that send access tokens, and on the scoped methods for clients that send ID tokens.
#   remediation: Use one token kind per API; give every method of the authorizer authorization scopes (access tokens) or none (ID tokens).
#   fixes:
#     openapi: "Give every operation of the scheme scopes in security (for example [{CognitoAuth: [api/read]}]), or none."
#     cloudformation: "Set AuthorizationScopes on every AWS::ApiGateway::Method of the authorizer, or on none."
#     sam: "Set AuthorizationScopes on the Cognito authorizer (the default for every event), and override it per event only with other scopes."
#     cdk: "Pass authorizationScopes to every method of the authorizer (defaultMethodOptions), or to none."
#     terraform: "Set authorization_scopes on every aws_api_gateway_method of the authorizer, or on none."
#     live: "Update the methods' authorizationScopes consistently and create a new deployment."
#     console: "Resources > each method > Method request > Authorization scopes, then Deploy API."
#   sources: [openapi, cloudformation, sam, cdk, terraform, live]
#   tags: [scopes, tokens]
package authlint.rules.mixed_token_kinds

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.text

deny contains result.new(msg, a) if {
	some i, api in input.restApis
	# The authorizers with methods of each kind first, so that the method
	# lists below are built only for an authorizer that has both.
	some a in api.authorizers
	a.ref in id_token_targets[i]
	a.ref in access_token_targets[i]
	apigw.is_cognito_authorizer(a)
	# The comprehension reads the API from input and meets i and ref only in
	# equalities, so OPA indexes it by them: built once, not once per authorizer.
	ref := a.ref
	mine := [m |
		some k, x in input.restApis
		k == i
		some m in x.methods
		m.authorizer.target == ref
		m.authorizationType.value == "COGNITO_USER_POOLS"
		apigw.is_not_options(m)
	]
	id_tokens := [m | some m in mine; apigw.scopeless(m)]
	count(id_tokens) > 0
	access_tokens := [m | some m in mine; apigw.scoped(m)]
	count(access_tokens) > 0
	id_methods := [apigw.name(m) | some m in id_tokens]
	access_methods := [apigw.name(m) | some m in access_tokens]
	msg := sprintf(
		"Cognito authorizer %s protects methods that want an ID token (no scopes: %s) and methods that want an access token (with scopes: %s): a client that sends one kind of token gets 401 Unauthorized on the other group. Use one token kind for the API, or make sure clients send the right token to each method.",
		[apigw.label(a), text.enumerate(id_methods, 3), text.enumerate(access_methods, 3)],
	)
}

# id_token_targets holds, per API (by index), the refs of the authorizers of
# its Cognito methods (OPTIONS left out) that want an ID token (scope list
# known to be empty); access_token_targets those of the methods that want an
# access token (known non-empty list). Complete rules: OPA builds each once
# per evaluation, and the second only when some authorizer is in the first.
id_token_targets := {i: targets |
	some i, api in input.restApis
	targets := {m.authorizer.target |
		some m in api.methods
		m.authorizationScopes.items == []
		m.authorizationType.value == "COGNITO_USER_POOLS"
		m.httpMethod.value != "OPTIONS" # apigw.is_not_options
		not m.authorizationScopes.unknown
	}
}

access_token_targets := {i: targets |
	some i, api in input.restApis
	targets := {m.authorizer.target |
		some m in api.methods
		count(m.authorizationScopes.items) > 0
		m.authorizationType.value == "COGNITO_USER_POOLS"
		m.httpMethod.value != "OPTIONS" # apigw.is_not_options
		not m.authorizationScopes.unknown
	}
}
