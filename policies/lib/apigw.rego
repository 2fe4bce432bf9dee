# METADATA
# description: |
#   API Gateway lookups over the model: the authorizer a method uses, method
#   kinds (Cognito, preflight), scopes, identity headers and readable names.
#   Like lib.value, every helper is undefined when the deciding value is unknown.
package authlint.lib.apigw

import data.authlint.lib.value

cognito := "COGNITO_USER_POOLS"

# authorizer_of returns the authorizer of api that method m links to. (Large
# objects make function calls slow in OPA, so this takes the parts it needs.)
authorizer_of(api, m) := authorizer(api.authorizers, m.authorizer.target)

# authorizer returns the authorizer with the given ref.
authorizer(authorizers, ref) := a if {
	some a in authorizers
	a.ref == ref
}

# authorizers_by_ref holds, per API (by index in input.restApis), its
# authorizers by ref. A complete rule, so OPA builds it once per evaluation:
# rules that look up the authorizer of every method read it once per API,
# where authorizer_of searches the list on every call (and OPA does not cache
# calls of functions with arguments).
authorizers_by_ref := {i: {a.ref: a | some a in api.authorizers} | some i, api in input.restApis}

# options_methods holds, per API (by index in input.restApis), its OPTIONS
# methods (CORS preflights). A complete rule, built once per evaluation: the
# CORS rules look at these only, and they are few among the methods of a
# large API.
options_methods := {i: [m | some m in api.methods; m.httpMethod.value == "OPTIONS"] | some i, api in input.restApis}

# is_cognito_authorizer is true for an authorizer of known type COGNITO_USER_POOLS.
is_cognito_authorizer(a) if a.type.value == "COGNITO_USER_POOLS"

# is_cognito_method is true for a method of known authorization type
# COGNITO_USER_POOLS.
is_cognito_method(m) if m.authorizationType.value == "COGNITO_USER_POOLS"

# cognito_authorizer_of returns the Cognito authorizer a Cognito method uses.
cognito_authorizer_of(api, m) := a if {
	m.authorizationType.value == "COGNITO_USER_POOLS"
	a := authorizer(api.authorizers, m.authorizer.target)
	a.type.value == "COGNITO_USER_POOLS"
}

# uses is true when method m links to authorizer a.
uses(m, a) if m.authorizer.target == a.ref

# is_options is true for a known OPTIONS method (the CORS preflight). Loaders
# write HTTP methods in upper case.
is_options(m) if m.httpMethod.value == "OPTIONS"

# is_not_options is true for a method whose verb is known and not OPTIONS.
is_not_options(m) if {
	v := m.httpMethod.value
	v != "OPTIONS"
}

# verb is the HTTP method (upper case, as loaders write it).
verb(m) := m.httpMethod.value

# path is the known resource path.
path(m) := m.path.value

# name reads "GET /pets".
name(m) := sprintf("%s %s", [upper(value.str(m.httpMethod, "?")), value.str(m.path, "?")])

# scoped is true when the method's scope list is known to be non-empty: it
# wants an access token.
scoped(m) if {
	not m.authorizationScopes.unknown
	count(m.authorizationScopes.items) > 0
}

# scopeless is true when the method's scope list is known to be empty: it
# wants an ID token.
scopeless(m) if {
	not m.authorizationScopes.unknown
	count(m.authorizationScopes.items) == 0
}

# open is true for a method known to require neither authorization nor an API key.
open(m) if {
	m.authorizationType.value == "NONE"
	m.apiKeyRequired.value == false
}

# label names an object for messages: its name, else its logical id, else its ref.
label(obj) := obj.name.value if {
	is_string(obj.name.value)
} else := obj.logicalId if {
	obj.logicalId != ""
} else := obj.id.value if {
	is_string(obj.id.value)
} else := obj.ref

header_prefix := "method.request.header."

# identity_header is the request header a Cognito authorizer reads the token
# from: the header of its identity source, Authorization when none is set, and
# undefined when the source is unknown or not a header.
identity_header(a) := "Authorization" if {
	not a.identitySource
} else := h if {
	s := a.identitySource.value
	startswith(lower(s), header_prefix)
	h := substring(s, count(header_prefix), -1)
}

# header_list splits a comma-separated header list into lower-case names.
header_list(s) := {lower(trim_space(h)) | some h in split(s, ","); trim_space(h) != ""}

# allows_header is true when a CORS Access-Control-Allow-Headers value lets a
# browser send header h. "*" is a wildcard for every header except
# Authorization, which must always be listed (Fetch standard, "CORS
# non-wildcard request-header name").
allows_header(allow_headers, h) if lower(h) in header_list(allow_headers)

allows_header(allow_headers, h) if {
	"*" in header_list(allow_headers)
	lower(h) != "authorization"
}

# stage_names are the known names of the API's stages, when the stage list is
# complete.
stage_names(api) := {s.name.value | some s in api.stages; value.known(s.name)} if {
	not api.stagesUnknown
}

# has_cognito_method is true when some method of the API is known to use a
# Cognito authorizer.
has_cognito_method(api) if {
	some m in api.methods
	m.authorizationType.value == "COGNITO_USER_POOLS"
}

# cognito_methods are the API's methods of known type COGNITO_USER_POOLS.
cognito_methods(api) := [m | some m in api.methods; is_cognito_method(m)]

# sam_implicit_stage is true for the extra stage named "Stage" that SAM's
# generated deployment creates when an AWS::Serverless::Api does not set
# OpenApiVersion: it exists, but nobody means to call it.
sam_implicit_stage(api, s) if {
	s.name.value == "Stage"
	some d in api.deployments
	d.ref == s.deployment.target
	d.managedBy == "sam"
	d.stageName.value == "Stage"
}
