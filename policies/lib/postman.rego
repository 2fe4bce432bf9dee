# METADATA
# description: |
#   Helpers for the Postman rules: the auth settings of a collection
#   (input.tokenRequests), the URLs they name, and how messages name them.
#   Every helper is undefined for unknown values.
package authlint.lib.postman

# browser_grants are the grants that go through the hosted UI (authorize
# endpoint) and can return an ID token.
browser_grants := {"authorization_code", "authorization_code_with_pkce", "implicit"}

# token_endpoint_grants are the grants that call the token endpoint.
token_endpoint_grants := {"authorization_code", "authorization_code_with_pkce", "client_credentials", "password_credentials"}

# oauth2 is true for an oauth2 auth setting.
oauth2(t) if t.authType == "oauth2"

# grant returns the known grant type.
grant(t) := t.grantType.value if is_string(t.grantType.value)

# url_parts splits a known absolute URL into scheme, host (lower case, no
# port) and path; undefined for text that is not one.
url_parts(u) := {"scheme": lower(m[1]), "host": lower(m[2]), "path": m[3]} if {
	some m in regex.find_all_string_submatch_n(`^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#:]*)(?::[0-9]*)?([^?#]*)`, u, 1)
}

# cognito_domain is true for a Cognito prefix domain
# (PREFIX.auth.REGION.amazoncognito.com, or auth-fips).
cognito_domain(host) if regex.match(`^[a-z0-9-]+\.auth(-fips)?\.[a-z0-9-]+\.amazoncognito\.com$`, host)

# domain_region returns the region of a Cognito prefix domain.
domain_region(host) := m[1] if {
	some m in regex.find_all_string_submatch_n(`^[a-z0-9-]+\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com$`, host, 1)
}

# cognito_api is true for the Cognito user pools API endpoint
# (cognito-idp.REGION.amazonaws.com), which takes SDK calls, not browsers
# or OAuth token requests.
cognito_api(host) if regex.match(`^cognito-idp(-fips)?\.[a-z0-9-]+\.amazonaws\.com$`, host)

# auth_url and token_url return the parts of the known URLs.
auth_url(t) := url_parts(t.authUrl.value) if is_string(t.authUrl.value)

token_url(t) := url_parts(t.tokenUrl.value) if is_string(t.tokenUrl.value)

# cognito_like is true when an oauth2 setting asks Cognito for tokens: one of
# its URLs is a Cognito domain or the Cognito API, or has the paths of
# Cognito's endpoints. Settings for other identity providers are left alone.
cognito_like(t) if cognito_host(auth_url(t).host)

cognito_like(t) if cognito_host(token_url(t).host)

cognito_like(t) if token_url(t).path == "/oauth2/token"

cognito_like(t) if auth_url(t).path == "/oauth2/authorize"

cognito_like(t) if {
	some field in ["authUrl", "tokenUrl"]
	is_string(t[field].value)
	regex.match(`amazoncognito\.com|cognito-idp\.`, lower(t[field].value))
}

cognito_host(h) if cognito_domain(h)

cognito_host(h) if cognito_api(h)

# label names an auth setting in messages: where it is written, and the
# environment it was resolved with.
label(t) := sprintf("%s%s", [where(t), env(t)])

where(t) := sprintf("collection %q", [t.collection]) if {
	t.scope == "collection"
} else := sprintf("%s %q of collection %q", [t.scope, t.item, t.collection])

env(t) := sprintf(" (environment %s)", [t.environment]) if {
	t.environment != ""
} else := ""

# users_by_ref holds, by TokenRequest ref, the requests whose auth in effect
# is that setting. A complete rule over the distinct refs, whose inner
# comprehension meets ref only in an equality: OPA computes it once per
# evaluation and indexes the requests by ref, so the cost is linear however
# many requests share one setting.
users_by_ref := {ref: items |
	some ref in {r.auth.tokenRequest | some r in input.apiRequests}
	ref != ""
	items := {x.item | some x in input.apiRequests; x.auth.tokenRequest == ref}
}

# cognito_regions are the regions of the Cognito domains the collection's
# auth and token URLs name (computed once per evaluation).
cognito_regions := {r |
	some t in input.tokenRequests
	some field in ["authUrl", "tokenUrl"]
	r := domain_region(url_parts(t[field].value).host)
}
