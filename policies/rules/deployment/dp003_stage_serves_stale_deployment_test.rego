package authlint.rules.stage_serves_stale_deployment_test

import data.authlint.rules.stage_serves_stale_deployment as rule

method(verb, path, type, authorizer, scopes) := object.union(
	{
		"ref": sprintf("api/method/%s %s", [verb, path]),
		"path": {"value": path},
		"httpMethod": {"value": verb},
		"authorizationType": {"value": type},
		"authorizationScopes": {"items": [{"value": s} | some s in scopes]},
		"apiKeyRequired": {"value": false},
	},
	{"authorizer": {"target": t} | some t in [authorizer]; t != null},
)

authorizer(ref, id, arn) := {
	"ref": ref,
	"id": {"value": id},
	"name": {"value": "Cognito"},
	"type": {"value": "COGNITO_USER_POOLS"},
	"providerArns": {"items": [{"arn": {"value": arn}}]},
}

pool_a := "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AAA"

pool_b := "arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_BBB"

working := [
	method("GET", "/pets", "COGNITO_USER_POOLS", "api/authorizer/a1", ["api/read"]),
	method("POST", "/pets", "COGNITO_USER_POOLS", "api/authorizer/a1", []),
]

snapshot(methods, authorizers, extra) := object.union({
	"deploymentId": {"value": "dep1"},
	"methods": methods,
	"authorizers": authorizers,
	"authorizersKnown": true,
	"scopesKnown": true,
	"policyKnown": false,
	"loc": {"resource": "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod"},
}, extra)

inventory(snap) := {"restApis": [{
	"ref": "api",
	"authorizers": [authorizer("api/authorizer/a1", "a1", pool_b)],
	"methods": working,
	"stages": [{"ref": "api/stage/prod", "name": {"value": "prod"}, "variables": [], "deployed": snap}],
}]}

in_sync := snapshot(
	[
		method("GET", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/a1", ["api/read"]),
		method("POST", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/a1", []),
	],
	[authorizer("api/deployed/authorizer/a1", "a1", pool_b)],
	{},
)

test_in_sync_stage_passes if {
	count(rule.deny) == 0 with input as inventory(in_sync)
}

test_stale_stage_fires_once_with_every_difference if {
	snap := snapshot(
		[
			method("GET", "/pets", "NONE", null, []),
			method("DELETE", "/pets", "NONE", null, []),
		],
		[authorizer("api/deployed/authorizer/a1", "a1", pool_a)],
		{},
	)
	findings := rule.deny with input as inventory(snap)
	count(findings) == 1
	some f in findings
	f.ref == "api/stage/prod"
	f.loc.resource == "arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod"
	contains(f.msg, "Stage prod serves deployment dep1")
	contains(f.msg, "POST /pets is not deployed")
	contains(f.msg, "DELETE /pets is still deployed")
	contains(f.msg, "GET /pets authorization is COGNITO_USER_POOLS, deployed NONE")
	contains(f.msg, "authorizer Cognito trusts [arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_BBB], deployed [arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_AAA]")
}

test_scope_difference_fires if {
	snap := snapshot(
		[
			method("GET", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/a1", ["read"]),
			method("POST", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/a1", []),
		],
		[authorizer("api/deployed/authorizer/a1", "a1", pool_b)],
		{},
	)
	some f in rule.deny with input as inventory(snap)
	contains(f.msg, "GET /pets scopes are [api/read], deployed [read]")
}

test_policy_difference_fires_only_when_known if {
	policy := {"statements": [{"effect": {"value": "Deny"}, "principal": {"everyone": true, "aws": {"items": []}, "other": []}, "actions": {"items": [{"value": "execute-api:Invoke"}]}, "resources": {"items": [{"value": "execute-api:/*"}]}, "conditions": [], "notPrincipal": false, "notActions": false, "notResources": false}]}
	known := object.union(in_sync, {"policyKnown": true, "resourcePolicy": policy})
	some f in rule.deny with input as inventory(known)
	contains(f.msg, "the resource policy differs")
	unknown := object.union(in_sync, {"policyKnown": false, "resourcePolicy": policy})
	count(rule.deny) == 0 with input as inventory(unknown)
}

test_snapshot_without_scopes_or_authorizers_compares_the_rest if {
	snap := object.union(
		snapshot(
			[
				method("GET", "/pets", "COGNITO_USER_POOLS", null, []),
				method("POST", "/pets", "COGNITO_USER_POOLS", null, []),
			],
			[],
			{},
		),
		{"authorizersKnown": false, "scopesKnown": false},
	)
	count(rule.deny) == 0 with input as inventory(snap)
}

test_unknown_passes if {
	inv := inventory(snapshot([], [], {}))
	count(rule.deny) == 0 with input as {"restApis": [object.union(inv.restApis[0], {"methodsUnknown": {"reason": "body in S3"}})]}
	inv2 := inventory(in_sync)
	count(rule.deny) == 0 with input as {"restApis": [object.union(inv2.restApis[0], {"stages": [{"ref": "api/stage/prod", "name": {"value": "prod"}, "variables": []}]})]}
}

test_export_authorizers_without_ids_match_by_name if {
	nameless := object.remove(authorizer("api/deployed/authorizer/Cognito", "x", pool_b), ["id"])
	snap := snapshot(
		[
			method("GET", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/Cognito", ["api/read"]),
			method("POST", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/Cognito", []),
		],
		[nameless],
		{},
	)
	count(rule.deny) == 0 with input as inventory(snap)
	other := object.union(nameless, {"name": {"value": "LegacyCognito"}})
	some f in rule.deny with input as inventory(snapshot(
		[
			method("GET", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/Cognito", ["api/read"]),
			method("POST", "/pets", "COGNITO_USER_POOLS", "api/deployed/authorizer/Cognito", []),
		],
		[other],
		{},
	))
	contains(f.msg, "GET /pets authorizer is Cognito, deployed LegacyCognito")
}
