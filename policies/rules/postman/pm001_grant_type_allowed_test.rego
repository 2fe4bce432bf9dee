package authlint.rules.grant_type_allowed_test

import data.authlint.rules.grant_type_allowed as rule

tr(grant) := {
	"ref": "tokenRequest:/auth",
	"loc": {"file": "c.json", "line": 3},
	"collection": "pets",
	"scope": "collection",
	"authType": "oauth2",
	"grantType": {"value": grant, "loc": {"file": "c.json", "line": 5}},
	"appClient": {"target": "joined:snap.json#client"},
}

client(flows) := {
	"ref": "joined:snap.json#client",
	"loc": {"resource": "arn:aws:cognito-idp:us-east-1:1:userpool/p"},
	"joined": {"source": "live:1/us-east-1", "ref": "client"},
	"name": {"value": "web"},
	"allowedOAuthFlowsUserPoolClient": {"value": true},
	"allowedOAuthFlows": {"items": [{"value": f} | some f in flows]},
}

deny(t, c) := d if {
	d := rule.deny with input as {"tokenRequests": [t], "appClients": [c], "apiRequests": []}
}

test_grant_without_flow_fails if {
	findings := deny(tr("implicit"), client(["code"]))
	count(findings) == 1
	some f in findings
	f.loc.line == 5
	contains(f.msg, "uses the implicit grant, but app client web (live:1/us-east-1) does not allow the implicit flow (AllowedOAuthFlows: code)")
}

test_absent_flows_fail if {
	count(deny(tr("authorization_code"), object.remove(client([]), ["allowedOAuthFlows"]))) == 1
}

test_oauth_disabled_fails if {
	c := object.union(client(["code"]), {"allowedOAuthFlowsUserPoolClient": {"value": false}})
	findings := deny(tr("authorization_code_with_pkce"), c)
	count(findings) == 1
	some f in findings
	contains(f.msg, "OAuth turned off")
}

test_password_grant_fails if {
	findings := deny(tr("password_credentials"), client(["code"]))
	count(findings) == 1
	some f in findings
	contains(f.msg, "password_credentials grant, which Cognito's token endpoint does not support")
}

test_allowed_grant_passes if {
	count(deny(tr("authorization_code_with_pkce"), client(["code"]))) == 0
	count(deny(tr("client_credentials"), client(["client_credentials"]))) == 0
}

test_no_joined_client_passes if {
	count(deny(object.remove(tr("implicit"), ["appClient"]), client(["code"]))) == 0
	count(deny(object.union(object.remove(tr("implicit"), ["appClient"]), {"appClient": {"unknown": {"reason": "two clients"}}}), client(["code"]))) == 0
}

test_unknown_values_pass if {
	count(deny(object.union(object.remove(tr("implicit"), ["grantType"]), {"grantType": {"unknown": {"reason": "{{grant}}"}}}), client(["code"]))) == 0
	c := object.union(object.remove(client(["code"]), ["allowedOAuthFlows"]), {"allowedOAuthFlows": {"items": [], "unknown": {"reason": "parameter"}}})
	count(deny(tr("implicit"), c)) == 0
}
