# METADATA
# title: Stage serves a deployment older than the API's configuration
# description: |
#   Changes to methods, authorizers, scopes and the resource policy edit the API's
#   working copy; a stage keeps serving the snapshot taken by its deployment until
#   the API is deployed again ("you'll need to deploy or redeploy"). When what a
#   stage serves differs from the configuration in what decides authorization, the
#   clients see the deployed behaviour, not the one in the console or the
#   template: 401 from an authorizer that was since fixed, 403 Missing
#   Authentication Token for a method that was added, or an open method that has
#   since been protected. Only what the snapshot carries is compared (a snapshot
#   without scopes, authorizers or policy leaves those out).
# related_resources:
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-deploy-api.html
#   - ref: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html
# custom:
#   id: DP003
#   slug: stage-serves-stale-deployment
#   severity: error
#   security_severity: high
#   client_sees: The deployed behaviour instead of the configured one (401 Unauthorized, 403 Forbidden or Missing Authentication Token, or an open method).
#   remediation: Deploy the API to the stage again so it serves the current configuration.
#   fixes:
#     live: "aws apigateway create-deployment --rest-api-id API_ID --stage-name STAGE"
#     console: "Resources > Deploy API > choose the stage."
#   sources: [live]
#   tags: [deployment, drift]
package authlint.rules.stage_serves_stale_deployment

import data.authlint.lib.apigw
import data.authlint.lib.result
import data.authlint.lib.value

deny contains result.at(msg, s, s.deployed) if {
	some api in input.restApis
	not api.methodsUnknown
	some s in api.stages
	snap := s.deployed
	diffs := differences(api, snap)
	count(diffs) > 0
	shown := array.slice(sort(diffs), 0, 8)
	more := more_text(count(diffs) - count(shown))
	msg := sprintf(
		"Stage %s serves deployment %s, which differs from the API's current configuration: %s%s. Clients get the deployed behaviour (401/403, or open methods) until the API is deployed again. Create a new deployment for the stage.",
		[apigw.label(s), value.str(object.get(snap, "deploymentId", {}), "(unknown id)"), concat("; ", shown), more],
	)
}

more_text(n) := sprintf("; and %d more", [n]) if n > 0

else := ""

key(m) := sprintf("%s %s", [upper(m.httpMethod.value), m.path.value])

keys(methods) := {key(m) | some m in methods}

# by_key returns the first method with key k (a source may define one twice).
by_key(methods, k) := [m | some m in methods; key(m) == k][0]

differences(api, snap) := (((added(api, snap) | removed(api, snap)) | changed_methods(api, snap)) | changed_authorizers(api, snap)) | changed_policy(api, snap)

added(api, snap) := {sprintf("%s is not deployed (403 Missing Authentication Token)", [k]) |
	some k in keys(api.methods) - keys(snap.methods)
}

removed(api, snap) := {sprintf("%s is still deployed but no longer configured", [k]) |
	some k in keys(snap.methods) - keys(api.methods)
}

changed_methods(api, snap) := {d |
	some k in keys(api.methods) & keys(snap.methods)
	wm := by_key(api.methods, k)
	dm := by_key(snap.methods, k)
	some d in method_diffs(api, snap, k, wm, dm)
}

method_diffs(api, snap, k, wm, dm) := {d} if {
	value.known(wm.authorizationType)
	value.known(dm.authorizationType)
	wm.authorizationType.value != dm.authorizationType.value
	d := sprintf("%s authorization is %s, deployed %s", [k, wm.authorizationType.value, dm.authorizationType.value])
} else := ({d |
	value.known(wm.apiKeyRequired)
	value.known(dm.apiKeyRequired)
	wm.apiKeyRequired.value != dm.apiKeyRequired.value
	d := sprintf("%s API key required is %v, deployed %v", [k, wm.apiKeyRequired.value, dm.apiKeyRequired.value])
} | {d |
	snap.authorizersKnown == true
	w := linked(api.authorizers, wm)
	v := linked(snap.authorizers, dm)
	not same_authorizer(w, v)
	d := sprintf("%s authorizer is %s, deployed %s", [k, display(w), display(v)])
}) | {d |
	snap.scopesKnown == true
	value.list_known(wm.authorizationScopes)
	value.list_known(dm.authorizationScopes)
	ws := {x | some x in value.values(wm.authorizationScopes)}
	ds := {x | some x in value.values(dm.authorizationScopes)}
	ws != ds
	d := sprintf("%s scopes are [%s], deployed [%s]", [k, concat(" ", sort(ws)), concat(" ", sort(ds))])
}

# linked is the authorizer a method uses ({"none": true} when it names none);
# undefined when the link cannot be resolved.
linked(authorizers, m) := {"none": true} if {
	not m.authorizer
} else := a if {
	some a in authorizers
	a.ref == m.authorizer.target
}

# same_authorizer compares by id when both ids are known (an export names
# authorizers by name only), else by name.
same_authorizer(w, v) if {
	w.none
	v.none
} else if {
	w.id.value == v.id.value
} else if {
	not both_ids(w, v)
	is_string(w.name.value)
	w.name.value == v.name.value
}

both_ids(w, v) if {
	is_string(w.id.value)
	is_string(v.id.value)
}

display(a) := "none" if {
	a.none
} else := apigw.label(a)

changed_authorizers(api, snap) := {d |
	snap.authorizersKnown == true
	some wa in api.authorizers
	apigw.is_cognito_authorizer(wa)
	some da in snap.authorizers
	same_authorizer(wa, da)
	some d in authorizer_diffs(wa, da)
}

authorizer_diffs(wa, da) := {d |
	w := arns(wa)
	v := arns(da)
	w != v
	d := sprintf("authorizer %s trusts [%s], deployed [%s]", [apigw.label(wa), concat(" ", sort(w)), concat(" ", sort(v))])
} | {d |
	w := value.str(object.get(wa, "identityValidationExpression", {"value": ""}), null)
	v := value.str(object.get(da, "identityValidationExpression", {"value": ""}), null)
	w != v
	d := sprintf("authorizer %s validation expression is %q, deployed %q", [apigw.label(wa), w, v])
}

# arns is the set of the authorizer's provider ARNs, when all are known.
arns(a) := {item.arn.value | some item in a.providerArns.items} if {
	not a.providerArns.unknown
	every item in a.providerArns.items {
		value.known(item.arn)
	}
}

changed_policy(api, snap) := {"the resource policy differs"} if {
	snap.policyKnown == true
	w := canonical(object.get(api, "resourcePolicy", null))
	v := canonical(object.get(snap, "resourcePolicy", null))
	w != v
} else := set()

# canonical is a comparable form of a policy (null for none); undefined when
# any part of it is unknown.
canonical(p) := "none" if {
	p == null
} else := {st |
	some s in p.statements
	st := {
		"effect": s.effect.value,
		"principal": principal(s),
		"actions": sort(value.values(s.actions)),
		"resources": sort(value.values(s.resources)),
		"conditions": sort(s.conditions),
		"not": [s.notPrincipal, s.notActions, s.notResources],
	}
} if {
	not p.unknown
	every s in p.statements {
		value.known(s.effect)
		value.list_known(s.actions)
		value.list_known(s.resources)
		not s.conditionsUnknown
		not s.principal.unknown
	}
}

principal(s) := "none" if {
	not s.principal
} else := {"everyone": s.principal.everyone, "aws": sort(value.values(s.principal.aws)), "other": sort(s.principal.other)}
