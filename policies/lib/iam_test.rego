package authlint.lib.iam_test

import data.authlint.lib.iam

api(stages) := {
	"ref": "api",
	"region": "us-east-1",
	"account": "111122223333",
	"id": {"value": "a1b2c3", "loc": {}},
	"stages": [{"ref": sprintf("api/stage/%s", [s]), "name": {"value": s, "loc": {}}} | some s in stages],
}

api_unknown_stages := {"ref": "api", "stages": [], "stagesUnknown": {"reason": "standalone OpenAPI"}}

method(verb, path) := {"httpMethod": {"value": verb}, "path": {"value": path}}

statement(resources) := {
	"effect": {"value": "Deny"},
	"actions": {"items": [{"value": "execute-api:Invoke"}]},
	"resources": {"items": [{"value": r} | some r in resources]},
	"conditions": [],
	"notPrincipal": false,
	"notActions": false,
	"notResources": false,
}

test_short_form_wildcard_covers_every_method if {
	iam.surely_covers(api(["prod"]), statement(["execute-api:/*"]), method("GET", "/pets/{id}"))
	iam.surely_covers(api_unknown_stages, statement(["execute-api:/*"]), method("POST", "/"))
}

test_short_form_stage_specific if {
	iam.surely_covers(api(["prod"]), statement(["execute-api:/prod/GET/*"]), method("GET", "/pets/{id}"))
	not iam.surely_covers(api(["prod"]), statement(["execute-api:/dev/GET/*"]), method("GET", "/pets/{id}"))
	not iam.surely_covers(api(["prod"]), statement(["execute-api:/prod/POST/*"]), method("GET", "/pets"))
}

test_unknown_stage_is_not_surely_covered_by_a_named_stage if {
	not iam.surely_covers(api_unknown_stages, statement(["execute-api:/prod/*"]), method("GET", "/pets"))
	iam.may_cover(api_unknown_stages, statement(["execute-api:/prod/*"]), method("GET", "/pets"))
}

test_full_arn if {
	a := api(["prod"])
	iam.surely_covers(a, statement(["arn:aws:execute-api:us-east-1:111122223333:a1b2c3/*"]), method("GET", "/pets"))
	iam.surely_covers(a, statement(["arn:aws:execute-api:*:*:*"]), method("GET", "/pets"))
	iam.surely_covers(a, statement(["arn:aws:execute-api:us-east-1:111122223333:a1b2c3/prod/GET/pets"]), method("GET", "/pets"))
	not iam.surely_covers(a, statement(["arn:aws:execute-api:us-east-1:111122223333:zzzzzz/*"]), method("GET", "/pets"))
	not iam.surely_covers(a, statement(["arn:aws:execute-api:eu-west-1:111122223333:a1b2c3/*"]), method("GET", "/pets"))
	not iam.surely_covers(a, statement(["arn:aws:execute-api:us-east-1:111122223333:a1b2c3/prod/GET/pets"]), method("GET", "/pets/{id}"))
}

test_unknown_api_id if {
	a := {"ref": "api", "stages": [{"name": {"value": "prod"}}]}
	not iam.surely_covers(a, statement(["arn:aws:execute-api:us-east-1:111122223333:a1b2c3/*"]), method("GET", "/pets"))
	iam.may_cover(a, statement(["arn:aws:execute-api:us-east-1:111122223333:a1b2c3/*"]), method("GET", "/pets"))
	iam.surely_covers(a, statement(["*"]), method("GET", "/pets"))
}

test_any_method_matches_each_verb if {
	iam.surely_covers(api(["prod"]), statement(["execute-api:/prod/DELETE/*"]), method("ANY", "/{proxy+}"))
}

test_unknown_resources_may_cover_only if {
	st := object.union(statement([]), {"resources": {"items": [{"unknown": {"reason": "x"}}]}})
	not iam.surely_covers(api(["prod"]), st, method("GET", "/pets"))
	iam.may_cover(api(["prod"]), st, method("GET", "/pets"))
}

test_actions if {
	iam.covers_invoke({"actions": {"items": [{"value": "*"}]}, "notActions": false})
	iam.covers_invoke({"actions": {"items": [{"value": "execute-api:*"}]}, "notActions": false})
	iam.covers_invoke({"actions": {"items": [{"value": "Execute-API:invoke"}]}, "notActions": false})
	not iam.covers_invoke({"actions": {"items": [{"value": "execute-api:ManageConnections"}]}, "notActions": false})
	not iam.covers_invoke({"actions": {"items": [{"unknown": {"reason": "x"}}]}, "notActions": false})
	iam.may_cover_invoke({"actions": {"items": [{"unknown": {"reason": "x"}}]}, "notActions": false})
}
