package sam

import (
	"regexp"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// policyKey is the OpenAPI extension that holds the resource policy.
const policyKey = "x-amazon-apigateway-policy"

// policyTarget is the document an Auth.ResourcePolicy writes into, with where
// its settings are written in the template.
type policyTarget struct {
	a    *API
	body map[string]any
	m    *origin.Map
	// ptr is the template pointer of the ResourcePolicy object; keyPtr the
	// pointer of one of its settings (Globals may provide some).
	ptr    string
	keyPtr func(key string) string
}

// applyResourcePolicy is what the SAM translator does with Auth.ResourcePolicy
// (api_generator._add_auth for the API, for every path; push.py
// add_auth_to_swagger for an event, for its path): SwaggerEditor's
// add_resource_policy, then add_custom_statements. What the translator would
// reject, or would turn into something other than the user meant, makes the
// API's policy unknown instead of being dropped.
func (e *expander) applyResourcePolicy(pt policyTarget, rp any, paths []string, stage any) {
	if fn, _, isFn := intrinsic.IsIntrinsic(rp); isFn {
		pt.a.unknownPolicy(pt.ptr, "Auth.ResourcePolicy is the intrinsic "+fn+", which the SAM translator does not evaluate: it reads only an object written out", intrinsic.Render(rp))
		return
	}
	m, ok := rp.(map[string]any)
	if !ok {
		pt.a.problem(pt.ptr, "ResourcePolicy must be a map (ResourcePolicyStatement)")
		pt.a.unknownPolicy(pt.ptr, "Auth.ResourcePolicy is not an object", "")
		return
	}
	if existing := pt.body[policyKey]; existing != nil {
		if fn, _, isFn := intrinsic.IsIntrinsic(existing); isFn {
			// The translator would write its statements into the intrinsic
			// itself: what CloudFormation makes of that is not known.
			pt.a.unknownPolicy(pt.ptr, "the document's "+policyKey+" is the intrinsic "+fn+", which Auth.ResourcePolicy cannot be added to", intrinsic.Render(existing))
			return
		}
	}
	for _, path := range paths {
		e.resourcePolicy(pt, m, path, stage)
	}
	if cs, ok := m["CustomStatements"]; ok && truthy(cs) {
		e.customStatements(pt, cs)
	}
}

// resourcePolicy is SwaggerEditor.add_resource_policy for one path.
func (e *expander) resourcePolicy(pt policyTarget, rp map[string]any, path string, stage any) {
	resources, ok := e.methodResources(pt, path, stage)
	if !ok {
		return
	}
	for _, k := range []struct{ key, effect string }{{"AwsAccountWhitelist", "Allow"}, {"AwsAccountBlacklist", "Deny"}} {
		if v, ok := rp[k.key]; ok && v != nil {
			e.accountStatement(pt, k.key, v, k.effect, resources)
		}
	}
	for _, k := range []struct{ key, cond string }{{"IpRangeWhitelist", "NotIpAddress"}, {"IpRangeBlacklist", "IpAddress"}} {
		if v, ok := rp[k.key]; ok && v != nil {
			e.ipStatements(pt, k.key, v, k.cond, resources)
		}
	}
	for _, k := range []struct{ list, vpc, vpce, cond string }{
		{"SourceVpcBlacklist", "IntrinsicVpcBlacklist", "IntrinsicVpceBlacklist", "StringEquals"},
		{"SourceVpcWhitelist", "IntrinsicVpcWhitelist", "IntrinsicVpceWhitelist", "StringNotEquals"},
	} {
		e.vpcStatements(pt, rp, k.list, k.vpc, k.vpce, k.cond, resources)
	}
}

// greedyParam is what get_path_without_trailing_slash turns into "*".
var greedyParam = regexp.MustCompile(`\{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)\}`)

// methodResources is _get_method_path_uri_list: one execute-api resource per
// key of the path item (the translator lists every key, whatever it is), the
// stage filled in by Fn::Sub.
func (e *expander) methodResources(pt policyTarget, path string, stage any) ([]any, bool) {
	item := pathsOf(pt.body)[path]
	var contents []any
	if fn, arg, isFn := intrinsic.IsIntrinsic(item); isFn && fn == "Fn::If" {
		l, _ := arg.([]any)
		if len(l) == 3 {
			for _, c := range l[1:] {
				if !isNoValue(c) {
					contents = append(contents, c)
				}
			}
		}
	} else {
		contents = []any{item}
	}
	var keys []string
	for _, c := range contents {
		m, ok := c.(map[string]any)
		if !ok {
			pt.a.problem(pt.ptr, "the path item %s is not an object", path)
			pt.a.unknownPolicy(pt.ptr, "the path item "+path+" is not an object", "")
			return nil, false
		}
		keys = append(keys, sortedKeys(m)...)
	}
	subPath := greedyParam.ReplaceAllString(path, "*")
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		method := strings.ToUpper(k)
		if lk := strings.ToLower(k); lk == anyMethod || lk == "any" {
			method = "*"
		}
		out = append(out, map[string]any{"Fn::Sub": []any{"execute-api:/${__Stage__}/" + method + subPath, map[string]any{"__Stage__": stage}}})
	}
	return out, true
}

func isNoValue(v any) bool {
	fn, arg, ok := intrinsic.IsIntrinsic(v)
	return ok && fn == "Ref" && arg == "AWS::NoValue"
}

// policyDoc returns the document's policy object, creating it (pointed at
// the ResourcePolicy setting) when the document has none.
func policyDoc(pt policyTarget) map[string]any {
	policy, _ := pt.body[policyKey].(map[string]any)
	if policy == nil {
		policy = map[string]any{}
		pt.body[policyKey] = policy
		pt.m.Pin("/"+policyKey, pt.ptr)
	}
	policy["Version"] = "2012-10-17"
	return policy
}

// statements returns the policy's statements as a list; a single statement
// object becomes the list's first item (its origin moves with it).
func statements(pt policyTarget, policy map[string]any) []any {
	switch s := policy["Statement"].(type) {
	case nil:
		return []any{}
	case []any:
		return s
	default:
		from := "/" + policyKey + "/Statement"
		file, tpl, pinned := pt.m.ResolveFile(from)
		if pinned {
			pt.m.Pin(from+"/0", tpl)
		} else {
			pt.m.SubtreeIn(from+"/0", file, tpl)
		}
		return []any{s}
	}
}

// appendStatement adds a generated statement written by the setting key;
// dedupe skips one that is already there (the translator does so for IP and
// VPC statements, not for account ones).
func appendStatement(pt policyTarget, key string, st map[string]any, dedupe bool, subtrees map[string]string) {
	policy := policyDoc(pt)
	list := statements(pt, policy)
	if dedupe && slices.ContainsFunc(list, func(x any) bool { return sameValue(x, st) }) {
		policy["Statement"] = list
		return
	}
	p := "/" + policyKey + "/Statement/" + itoa(len(list))
	pt.m.Pin(p, pt.keyPtr(key))
	for doc, tpl := range subtrees {
		pt.m.Subtree(p+doc, tpl)
	}
	policy["Statement"] = append(list, st)
}

// accountStatement is _add_iam_resource_policy_for_method.
func (e *expander) accountStatement(pt policyTarget, key string, v any, effect string, resources []any) {
	if !truthy(v) {
		return
	}
	list, isList := v.([]any)
	if !isList {
		if _, isMap := v.(map[string]any); !isMap {
			pt.a.problem(pt.keyPtr(key), "%s must be a list or an object", key)
			pt.a.unknownPolicy(pt.keyPtr(key), key+" is neither a list nor an object", "")
			return
		}
		list = []any{v}
	}
	st := map[string]any{
		"Effect":    effect,
		"Action":    "execute-api:Invoke",
		"Resource":  resources,
		"Principal": map[string]any{"AWS": list},
	}
	subtrees := map[string]string{}
	if isList {
		subtrees["/Principal/AWS"] = pt.keyPtr(key)
	}
	appendStatement(pt, key, st, false, subtrees)
}

// ipStatements is _add_ip_resource_policy_for_method: allow everyone, deny
// the addresses outside (whitelist) or inside (blacklist) the ranges.
func (e *expander) ipStatements(pt policyTarget, key string, v any, cond string, resources []any) {
	if !truthy(v) {
		return
	}
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	allow := map[string]any{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": resources, "Principal": "*"}
	deny := map[string]any{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": resources, "Principal": "*",
		"Condition": map[string]any{cond: map[string]any{"aws:SourceIp": list}}}
	appendStatement(pt, key, allow, true, nil)
	appendStatement(pt, key, deny, true, nil)
}

// vpcStatements is _add_vpc_resource_policy_for_method for one of the two
// lists (with its two intrinsic lists).
func (e *expander) vpcStatements(pt policyTarget, rp map[string]any, listKey, vpcKey, vpceKey, cond string, resources []any) {
	condition := map[string]any{}
	add := func(k string, items ...any) {
		cur, _ := condition[k].([]any)
		condition[k] = append(cur, items...)
	}
	// The statements point at the first of the three settings written.
	where := ""
	for _, k := range []string{listKey, vpcKey, vpceKey} {
		if v, ok := rp[k]; ok && v != nil && where == "" {
			where = k
		}
	}
	if where == "" {
		return
	}
	if v, ok := rp[listKey]; ok && v != nil {
		list, isList := v.([]any)
		if !isList || slices.ContainsFunc(list, func(x any) bool { _, s := x.(string); return !s }) {
			if _, isText := v.(string); !isText {
				pt.a.problem(pt.keyPtr(listKey), "%s must be a list of strings; use %s for values that use intrinsic functions", listKey, vpcKey)
			}
			pt.a.unknownPolicy(pt.keyPtr(listKey), listKey+" is not a list of strings, which the SAM translator does not read as meant", "")
			return
		}
		var vpcs, vpces []any
		for _, x := range list {
			s := x.(string)
			if strings.HasPrefix(s, "vpce-") {
				vpces = append(vpces, s)
			}
			if strings.HasPrefix(s, "vpc-") {
				vpcs = append(vpcs, s)
			}
		}
		if len(vpcs) > 0 {
			add("aws:SourceVpc", vpcs...)
		}
		if len(vpces) > 0 {
			add("aws:SourceVpce", vpces...)
		}
	}
	for _, k := range []struct{ key, cond string }{{vpcKey, "aws:SourceVpc"}, {vpceKey, "aws:SourceVpce"}} {
		v, ok := rp[k.key]
		if !ok || v == nil {
			continue
		}
		list, isList := v.([]any)
		if !isList {
			// The translator extends its list with whatever this is (the keys
			// of an intrinsic): not what the user meant.
			pt.a.unknownPolicy(pt.keyPtr(k.key), k.key+" is "+describe(v)+", not a list, which the SAM translator does not read as meant", "")
			return
		}
		add(k.cond, list...)
	}
	vpcs, _ := condition["aws:SourceVpc"].([]any)
	vpces, _ := condition["aws:SourceVpce"].([]any)
	if len(vpcs) == 0 && len(vpces) == 0 {
		return
	}
	allow := map[string]any{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": resources, "Principal": "*"}
	deny := map[string]any{"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": resources, "Principal": "*",
		"Condition": map[string]any{cond: condition}}
	appendStatement(pt, where, allow, true, nil)
	appendStatement(pt, where, deny, true, nil)
}

// customStatements is add_custom_statements: the statements as written,
// those already present skipped.
func (e *expander) customStatements(pt policyTarget, cs any) {
	policy := policyDoc(pt)
	csPtr := pt.keyPtr("CustomStatements")
	if _, ok := policy["Statement"]; !ok {
		policy["Statement"] = cs
		pt.m.Subtree("/"+policyKey+"/Statement", csPtr)
		return
	}
	existing := statements(pt, policy)
	list, ok := cs.([]any)
	if !ok {
		list = []any{cs}
	}
	for i, s := range list {
		if !slices.ContainsFunc(existing, func(x any) bool { return sameValue(x, s) }) {
			from := csPtr + "/" + itoa(i)
			if !ok {
				from = csPtr
			}
			pt.m.Subtree("/"+policyKey+"/Statement/"+itoa(len(existing)), from)
			existing = append(existing, s)
		}
	}
	policy["Statement"] = existing
}

// unknownPolicy records that the API's resource policy cannot be known; the
// first reason is kept.
func (a *API) unknownPolicy(ptr, reason, expr string) {
	if a.PolicyUnknown == nil {
		a.PolicyUnknown = &model.Unknown{Reason: reason, Expr: expr}
		a.PolicyUnknownPtr = ptr
	}
}

// describe names the shape of a value for messages.
func describe(v any) string {
	if fn, _, ok := intrinsic.IsIntrinsic(v); ok {
		return "the intrinsic " + fn
	}
	switch v.(type) {
	case map[string]any:
		return "an object"
	case string:
		return "text"
	default:
		return "a single value"
	}
}

// apiPolicyTarget is the API's own Auth.ResourcePolicy.
func apiPolicyTarget(a *API) policyTarget {
	return policyTarget{a: a, body: a.Body, m: a.BodyOrigins, ptr: a.PropPtr("/Auth/ResourcePolicy"),
		keyPtr: func(k string) string { return a.PropPtr("/Auth/ResourcePolicy/" + yamltree.Escape(k)) }}
}

// eventStage is the stage an event's policy names (resources_to_link): the
// API's StageName when it is text, "Stage" otherwise, as the translator
// writes it.
func eventStage(a *API) any {
	if s, ok := a.Props["StageName"].(string); ok {
		return s
	}
	return "Stage"
}
