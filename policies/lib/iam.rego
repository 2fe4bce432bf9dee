# METADATA
# description: |
#   Resource-policy matching for execute-api. A statement's Resource patterns
#   are IAM wildcards (* and ?) over the ARN of a request,
#   arn:PARTITION:execute-api:REGION:ACCOUNT:API_ID/STAGE/VERB/PATH, or the
#   short form execute-api:/STAGE/VERB/PATH that API Gateway expands for the
#   API itself.
#
#   Two questions are answered, and they treat what is unknown in opposite ways:
#   surely_covers (a Deny that certainly applies) fills unknown parts of the
#   request ARN with a value no literal pattern matches; may_cover (an Allow that
#   possibly applies) fills them with a value built from the pattern itself.
package authlint.lib.iam

import data.authlint.lib.value

# verbs are the HTTP methods an ANY method answers.
verbs := ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]

# unknown_part stands for a part of the request ARN authlint cannot know; no
# literal pattern segment matches it.
unknown_part := "{unknown}"

# everyone is true when the statement's principal is known to be everyone.
everyone(st) if {
	not st.notPrincipal
	st.principal.everyone == true
}

# may_include_anonymous is true when the statement may apply to callers that
# are not signed with AWS credentials (Cognito callers are anonymous to IAM).
may_include_anonymous(st) if st.notPrincipal

may_include_anonymous(st) if not st.principal

may_include_anonymous(st) if st.principal.unknown

may_include_anonymous(st) if st.principal.everyone == true

# unconditional is true when the statement is known to have no condition.
unconditional(st) if {
	not st.conditionsUnknown
	count(st.conditions) == 0
}

# wildcard turns an IAM pattern into a glob pattern: only * and ? are special.
wildcard(p) := replace(replace(glob.quote_meta(p), "\\*", "*"), "\\?", "?")

matches(pattern, s) if glob.match(wildcard(pattern), null, s)

# covers_invoke is true when the statement's actions certainly include
# execute-api:Invoke (action names are case-insensitive).
covers_invoke(st) if {
	not st.notActions
	some a in st.actions.items
	matches(lower(a.value), "execute-api:invoke")
}

# may_cover_invoke is true when the statement's actions may include execute-api:Invoke.
may_cover_invoke(st) if st.notActions

may_cover_invoke(st) if st.actions.unknown

may_cover_invoke(st) if {
	some a in st.actions.items
	value.is_unknown(a)
}

may_cover_invoke(st) if covers_invoke(st)

# surely_covers is true when a resource pattern of the statement certainly
# matches requests to method m on some known stage of the API.
surely_covers(api, st, m) if {
	not st.notResources
	some r in st.resources.items
	value.known(r)
	resource_matches(api, r.value, m, "sure")
}

# may_cover is true when the statement may match requests to method m.
may_cover(api, st, m) if {
	some pattern in may_patterns(st)
	resource_matches(api, pattern, m, "may")
}

# may_patterns are the statement's resource patterns, with "*" standing for
# whatever authlint cannot know (NotResource, unknown lists and items).
may_patterns(st) := {"*"} if {
	st.notResources
} else := {"*"} if {
	st.resources.unknown
} else := {p |
	some r in st.resources.items
	p := value.str(r, "*")
}

resource_matches(api, pattern, m, mode) if {
	startswith(pattern, "execute-api:/")
	rest := substring(pattern, count("execute-api:/"), -1)
	segs := split(rest, "/")
	some stage in stage_samples(api, nth(segs, 0), mode)
	some v in verb_samples(m)
	matches(rest, concat("/", [stage, v, method_path(m)]))
}

# Any other pattern ("*", "arn:…") is matched against the full request ARN.
resource_matches(api, pattern, m, mode) if {
	not startswith(pattern, "execute-api:/")
	parts := split(pattern, ":")
	res := split(concat(":", array.slice(parts, 5, count(parts))), "/")
	head := concat(":", [
		"arn",
		part(partition(api), nth(parts, 1), mode),
		"execute-api",
		part(object.get(api, "region", ""), nth(parts, 3), mode),
		part(object.get(api, "account", ""), nth(parts, 4), mode),
	])
	api_id := part(value.str(object.get(api, "id", {}), ""), nth(res, 0), mode)
	some stage in stage_samples(api, nth(res, 1), mode)
	some v in verb_samples(m)
	matches(pattern, sprintf("%s:%s/%s/%s/%s", [head, api_id, stage, v, method_path(m)]))
}

nth(arr, i) := arr[i] if {
	count(arr) > i
} else := ""

# part is the known value, or for an unknown one (empty) a stand-in: in "sure"
# mode a value nothing matches, in "may" mode one the pattern segment matches.
part(known, segment, mode) := known if {
	known != ""
} else := unknown_part if {
	mode == "sure"
} else := instance(segment)

instance(segment) := replace(replace(segment, "*", ""), "?", "x")

partition(api) := "aws-cn" if {
	startswith(object.get(api, "region", ""), "cn-")
} else := "aws-us-gov" if {
	startswith(object.get(api, "region", ""), "us-gov-")
} else := "aws" if {
	object.get(api, "region", "") != ""
} else := ""

stage_samples(api, segment, mode) := names if {
	names := {s.name.value | some s in api.stages; value.known(s.name)}
	not api.stagesUnknown
	count(names) > 0
	count(names) == count(api.stages)
} else := {unknown_part} if {
	mode == "sure"
} else := {instance(segment)}

verb_samples(m) := verbs if {
	upper(m.httpMethod.value) == "ANY"
} else := [upper(m.httpMethod.value)]

# method_path is the method's path as it appears in a request ARN: without the
# leading slash, with path parameters replaced by a sample value.
method_path(m) := regex.replace(trim_prefix(m.path.value, "/"), `\{[^}]*\}`, "x")
