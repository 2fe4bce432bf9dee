package authlint.rules.token_request_scopes_test

import data.authlint.rules.token_request_scopes as rule

tr(grant, scopes) := {
	"ref": "tokenRequest:/auth",
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": grant},
	"authUrl": {"value": "https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize"},
	"scopes": scopes,
}

scopes(names) := {"items": [{"value": n} | some n in names], "loc": {"file": "c.json", "line": 15}}

deny(t) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "apiRequests": []}
}

test_scopes_without_openid_fail if {
	findings := deny(tr("authorization_code", scopes(["email", "https://api.example.com/pets.read"])))
	count(findings) == 1
	some f in findings
	f.loc.line == 15
	contains(f.msg, `"email https://api.example.com/pets.read" without openid`)
}

test_openid_or_no_scope_passes if {
	count(deny(tr("implicit", scopes(["openid", "email"])))) == 0
	count(deny(tr("authorization_code", scopes([])))) == 0
	count(deny(object.remove(tr("authorization_code", scopes(["email"])), ["scopes"]))) == 0
}

test_client_credentials_passes if {
	count(deny(tr("client_credentials", scopes(["api/read"])))) == 0
}

test_other_identity_provider_passes if {
	t := object.union(tr("authorization_code", scopes(["email"])), {"authUrl": {"value": "https://login.example.org/authorize"}})
	count(deny(t)) == 0
}

test_unknown_scope_passes if {
	count(deny(tr("authorization_code", {"items": [], "unknown": {"reason": "variable {{scope}}"}}))) == 0
	count(deny(tr("authorization_code", {"items": [{"value": "email"}, {"unknown": {"reason": "r"}}]}))) == 0
}

joined_client(scopes) := {
	"ref": "client",
	"loc": {"file": "auth.yaml", "line": 30},
	"name": {"value": "web"},
	"allowedOAuthScopes": {"items": [{"value": s} | some s in scopes]},
}

deny_with(t, c) := d if {
	d := rule.deny with input as {"tokenRequests": [object.union(t, {"appClient": {"target": "client"}})], "appClients": [c], "apiRequests": []}
}

test_scope_not_allowed_on_client_fails if {
	findings := deny_with(tr("authorization_code", scopes(["openid", "pets/write"])), joined_client(["openid", "pets/read"]))
	count(findings) == 1
	some f in findings
	f.loc.line == 15
	contains(f.msg, "asks for pets/write, which app client web (auth.yaml) does not allow (AllowedOAuthScopes)")
}

test_scopes_allowed_on_client_pass if {
	count(deny_with(tr("client_credentials", scopes(["pets/read"])), joined_client(["pets/read"]))) == 0
}

test_unknown_client_scopes_pass if {
	c := object.union(object.remove(joined_client([]), ["allowedOAuthScopes"]), {"allowedOAuthScopes": {"items": [], "unknown": {"reason": "parameter"}}})
	count(deny_with(tr("authorization_code", scopes(["openid", "pets/write"])), c)) == 0
}

joined_pool := {
	"ref": "pool",
	"loc": {"file": "auth.yaml", "line": 3},
	"joined": {"source": "auth.yaml", "ref": "Pool"},
	"name": {"value": "users"},
	"complete": true,
}

deny_with_pool(t, p) := d if {
	d := rule.deny with input as {
		"tokenRequests": [object.union(t, {"userPool": {"target": "pool"}})],
		"userPools": [p],
		"resourceServers": [{"ref": "rs", "userPool": {"target": "pool"}, "identifier": {"value": "pets"}, "scopes": [{"value": "read"}]}],
		"appClients": [], "apiRequests": [],
	}
}

test_scope_undefined_in_pool_fails if {
	findings := deny_with_pool(tr("authorization_code", scopes(["openid", "pets/write", "pets/read"])), joined_pool)
	count(findings) == 1
	some f in findings
	contains(f.msg, "asks for pets/write, which no resource server of user pool users (defined in auth.yaml) defines")
}

test_scope_defined_in_pool_passes if {
	count(deny_with_pool(tr("authorization_code", scopes(["openid", "email", "pets/read"])), joined_pool)) == 0
}

test_incomplete_pool_unknown_passes if {
	count(deny_with_pool(tr("authorization_code", scopes(["openid", "pets/write"])), object.union(joined_pool, {"complete": false}))) == 0
}
