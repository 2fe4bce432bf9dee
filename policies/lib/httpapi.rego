# METADATA
# description: |
#   HTTP API (API Gateway v2) lookups over the model: the authorizer a route
#   uses, the user pool a JWT authorizer's issuer names, the app clients of its
#   audience, Cognito issuer shapes and readable names. Like lib.value, every
#   helper is undefined when the deciding value is unknown.
package authlint.lib.httpapi

import data.authlint.lib.cognito
import data.authlint.lib.value

# authorizer returns the authorizer of api with the given ref.
authorizer(api, ref) := a if {
	some a in api.authorizers
	a.ref == ref
}

# is_jwt is true for an authorizer of known type JWT.
is_jwt(a) if a.type.value == "JWT"

# is_jwt_route is true for a route of known authorization type JWT.
is_jwt_route(r) if r.authorizationType.value == "JWT"

# jwt_authorizer_of returns the JWT authorizer a JWT route links to.
jwt_authorizer_of(api, r) := a if {
	r.authorizationType.value == "JWT"
	a := authorizer(api, r.authorizer.target)
	a.type.value == "JWT"
}

# route_key is the route key as written ("GET /pets", "$default").
route_key(r) := r.routeKey.value if {
	is_string(r.routeKey.value)
} else := "(route with an unknown key)"

# is_options is true for a route of known key OPTIONS /...
is_options(r) if startswith(r.routeKey.value, "OPTIONS ")

# catch_all is true for the routes that also receive OPTIONS preflights:
# $default, and ANY on a greedy path.
catch_all(r) if r.routeKey.value == "$default"

catch_all(r) if {
	startswith(r.routeKey.value, "ANY ")
	endswith(r.routeKey.value, "+}")
}

# api_label names an HTTP API for messages; a live API names its id, account
# and region, so the finding says where to look.
api_label(api) := sprintf("HTTP API %s (id %s, account %s, region %s)", [name_of(api), api.id.value, api.account, api.region]) if {
	api.account != ""
	is_string(api.id.value)
} else := sprintf("HTTP API %s", [name_of(api)])

# authorizer_label names an authorizer for messages (with its id when known).
authorizer_label(a) := sprintf("%s (id %s)", [a.name.value, a.id.value]) if {
	is_string(a.name.value)
	is_string(a.id.value)
	a.name.value != a.id.value
} else := name_of(a)

name_of(obj) := obj.name.value if {
	is_string(obj.name.value)
} else := obj.logicalId if {
	obj.logicalId != ""
} else := obj.id.value if {
	is_string(obj.id.value)
} else := obj.ref

# pool returns the user pool with the given ref.
pool(ref) := p if {
	some p in input.userPools
	p.ref == ref
}

# issuer_pool returns the user pool a JWT authorizer's issuer links to.
issuer_pool(a) := pool(a.issuerUserPool.target)

# client returns the app client with the given ref.
client(ref) := c if {
	some c in input.appClients
	c.ref == ref
}

# audience_clients are the app clients the audience entries link to.
audience_clients(a) := [c | some e in a.audience.items; c := client(e.appClient.target)]

# audience_all_clients is true when the audience is known, not empty, and every
# entry links to an app client of the inventory.
audience_all_clients(a) if {
	not a.audience.unknown
	count(a.audience.items) > 0
	every e in a.audience.items {
		client(e.appClient.target)
	}
}

# issuer_pool_id is the pool id a known Cognito issuer URL ends with.
issuer_pool_id(issuer) := m[1] if {
	m := regex.find_all_string_submatch_n(`^https://(?:issuer-)?cognito-idp\.[a-z0-9-]+\.amazonaws\.com/([a-z0-9-]+_[0-9A-Za-z]+)$`, issuer, 1)[0]
}

# issuer_format is ORIGINAL or UPDATED for a known Cognito issuer.
issuer_format(issuer) := "UPDATED" if {
	regex.match(`^https://issuer-cognito-idp\.`, issuer)
} else := "ORIGINAL" if {
	regex.match(`^https://cognito-idp\.`, issuer)
}

# pool_name names a pool for messages (with its file when another input of
# the scan defines it).
pool_name(p) := cognito.pool_name(p)

# client_name names an app client for messages.
client_name(c) := sprintf("%s (%s)", [c.name.value, c.id.value]) if {
	is_string(c.name.value)
	is_string(c.id.value)
} else := c.name.value if {
	is_string(c.name.value)
} else := c.id.value if {
	is_string(c.id.value)
} else := c.logicalId if {
	c.logicalId != ""
} else := c.ref

# text_of is the known text of an issuer or audience entry, or its source
# expression.
text_of(v) := value.text_or_expr(v)
