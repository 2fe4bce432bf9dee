package cloudformation

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

// Fn::ForEach (the AWS::LanguageExtensions transform) is expanded as
// CloudFormation does: 'Fn::ForEach::Name': [Identifier, Collection,
// OutputTemplate] in Resources, Conditions or Outputs repeats the output
// template once per item of the collection, with ${Identifier} (the item)
// and &{Identifier} (the item without its non-alphanumeric characters)
// replaced in keys and strings, and {Ref: Identifier} replaced by the item.
// The collection is a list of literals or a Ref to a list parameter; it is
// expanded after the parameter values are known (builder.template). A loop
// whose collection is unknown generates unknown resources: the APIs and
// pools they could extend are marked (foreachUnknown), never left looking
// complete.

const foreachPrefix = "Fn::ForEach::"

// maxGenerated bounds what the loops of one template generate (CloudFormation
// allows 500 resources per template; nested loops multiply), and maxWork the
// items visited and values copied, so that loops cannot make the cost grow
// faster than the input.
const (
	maxGenerated = 10_000
	maxWork      = 1_000_000
)

// expansion counts the work of the loops of one template.
type expansion struct {
	generated int
	work      int
}

func (e *expansion) exhausted() bool { return e.generated > maxGenerated || e.work > maxWork }

// loop is one Fn::ForEach entry of a section, kept until parameter values
// are known.
type loop struct {
	section string
	name    string
	ptr     string
	raw     any
}

// unknownLoop is a loop whose collection could not be read.
type unknownLoop struct {
	section string
	name    string
	ptr     string
	why     string
	// types are the resource types the loop's output template names ("" for
	// one that is not a literal); keys its output keys, through nested loops.
	types []string
	keys  []string
	// raw is the loop's output template.
	raw map[string]any
}

// isLoopKey reports a section key that is an Fn::ForEach loop.
func isLoopKey(k string) bool { return strings.HasPrefix(k, foreachPrefix) }

// collectLoops records the loops of the Conditions and Outputs sections
// (those of Resources are recorded by parseTemplate).
func (t *template) collectLoops() {
	for _, section := range []string{"Conditions", "Outputs"} {
		m, _ := t.root[section].(map[string]any)
		for _, k := range sortedKeys(m) {
			if isLoopKey(k) {
				t.loops = append(t.loops, loop{section: section, name: strings.TrimPrefix(k, foreachPrefix), ptr: "/" + section + "/" + yamltree.Escape(k), raw: m[k]})
				delete(m, k)
			}
		}
	}
}

// expandLoops adds what the loops generate to the template. It runs once
// the resolver knows the parameter values.
func (t *template) expandLoops() {
	if len(t.loops) == 0 {
		t.expandPropertyLoops(&expansion{})
		return
	}
	slices.SortFunc(t.loops, func(a, b loop) int { return strings.Compare(a.ptr, b.ptr) })
	if !slices.Contains(t.transforms, "AWS::LanguageExtensions") {
		// Expanded all the same: the rest of the template is read as meant.
		t.issue(t.loops[0].ptr, "the template uses Fn::ForEach without the AWS::LanguageExtensions transform, so CloudFormation rejects it; add Transform: AWS::LanguageExtensions")
	}
	st := &expansion{}
	for _, l := range t.loops {
		t.expand(l.section, l.name, l.ptr, l.raw, map[string]string{}, 0, st)
	}
	slices.Sort(t.order)
	t.expandPropertyLoops(st)
}

// expand expands one loop with the identifiers of the loops around it.
func (t *template) expand(section, name, ptr string, raw any, env map[string]string, depth int, st *expansion) {
	if depth > maxDepthLoops {
		t.issue(ptr, "the Fn::ForEach loop %s nests more than %d loops deep; it is ignored", name, maxDepthLoops)
		return
	}
	args, ok := raw.([]any)
	if !ok || len(args) != 3 {
		t.issue(ptr, "the Fn::ForEach loop %s is %s, not a list of [Identifier, Collection, OutputTemplate]; CloudFormation rejects it and it is ignored", name, describe(raw))
		return
	}
	ident, _ := args[0].(string)
	if ident == "" {
		t.issue(ptr+"/0", "the identifier of the Fn::ForEach loop %s is %s, not a name; the loop is ignored", name, describe(args[0]))
		return
	}
	out, ok := args[2].(map[string]any)
	if !ok {
		t.issue(ptr+"/2", "the output template of the Fn::ForEach loop %s is %s, not an object; the loop is ignored", name, describe(args[2]))
		return
	}
	items, why := t.collection(substitute(args[1], env, &st.work))
	if why != "" {
		t.unknownLoops = append(t.unknownLoops, unknownLoop{section: section, name: name, ptr: ptr, why: why, types: loopTypes(out, 0), keys: loopKeys(out, 0), raw: out})
		return
	}
	keys := sortedKeys(out)
	for _, item := range items {
		st.work += len(keys) + 1
		if st.exhausted() {
			t.cutShort(section, name, ptr, out)
			return
		}
		inner := make(map[string]string, len(env)+1)
		maps.Copy(inner, env)
		inner[ident] = item
		for _, k := range keys {
			kptr := ptr + "/2/" + yamltree.Escape(k)
			if isLoopKey(k) {
				t.expand(section, strings.TrimPrefix(k, foreachPrefix), kptr, out[k], inner, depth+1, st)
				if st.exhausted() {
					// The inner loop said so already.
					t.unknownLoops = append(t.unknownLoops, unknownLoop{section: section, name: name, ptr: ptr, why: "the loops generate too much to read", types: loopTypes(out, 0), keys: loopKeys(out, 0), raw: out})
					return
				}
				continue
			}
			if st.generated >= maxGenerated {
				t.cutShort(section, name, ptr, out)
				return
			}
			st.generated++
			t.generated(section, replaceIdents(k, inner), kptr, substitute(out[k], inner, &st.work))
		}
	}
}

// cutShort records a loop whose expansion stopped at the bounds: what it
// would generate past them is unknown.
func (t *template) cutShort(section, name, ptr string, out map[string]any) {
	t.issue(ptr, "the Fn::ForEach loop %s generates more than %d entries (or too much text) to read; the rest are unknown", name, maxGenerated)
	t.unknownLoops = append(t.unknownLoops, unknownLoop{section: section, name: name, ptr: ptr, why: "the loops generate too much to read", types: loopTypes(out, 0), keys: loopKeys(out, 0), raw: out})
}

// maxDepthLoops bounds nested loops (yamltree bounds nesting too; this keeps
// the recursion and its environments small).
const maxDepthLoops = 16

// collection reads a loop's collection as strings, or says why it cannot.
func (t *template) collection(v any) ([]string, string) {
	if _, _, isFn := intrinsic.IsIntrinsic(v); isFn {
		res := t.res.Resolve(v)
		if res.Kind != intrinsic.Known {
			if u := res.AsUnknown(intrinsic.Render(v)); u != nil {
				return nil, u.Reason
			}
			return nil, "the collection " + intrinsic.Render(v) + " is not known before deployment"
		}
		v = res.Value
	}
	list, ok := v.([]any)
	if !ok {
		return nil, "the collection is " + describe(v) + ", not a list"
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		if _, _, isFn := intrinsic.IsIntrinsic(e); isFn {
			s, known := t.res.Resolve(e).String()
			if !known {
				return nil, "an item of the collection, " + intrinsic.Render(e) + ", is not known before deployment"
			}
			out = append(out, s)
			continue
		}
		switch x := e.(type) {
		case string:
			out = append(out, x)
		case bool, int, int64, uint64, float64:
			out = append(out, fmt.Sprint(x))
		default:
			return nil, "an item of the collection is " + describe(e) + ", not a string"
		}
	}
	return out, ""
}

// generated adds one entry a loop generates to its section.
func (t *template) generated(section, key, ptr string, v any) {
	switch section {
	case "Resources":
		if _, dup := t.resources[key]; dup {
			t.issue(ptr, "the Fn::ForEach loop generates the logical id %s, which the template already has; CloudFormation rejects the template and the generated resource is ignored", key)
			return
		}
		if r := t.resource(key, ptr, v); r != nil {
			t.resources[key] = r
			t.order = append(t.order, key)
			if t.res != nil {
				t.res.Resources[key] = r.typ
			}
		}
	case "Conditions":
		if t.conditions == nil {
			t.conditions = map[string]any{}
			if t.res != nil {
				t.res.Conditions = t.conditions
			}
		}
		if _, dup := t.conditions[key]; !dup {
			t.conditions[key] = v
		}
	case "Outputs":
		outs, _ := t.root["Outputs"].(map[string]any)
		if outs == nil {
			outs = map[string]any{}
			t.root["Outputs"] = outs
		}
		if _, dup := outs[key]; !dup {
			outs[key] = v
		}
	}
}

// substitute replaces a loop's identifiers in v: {Ref: Identifier} becomes
// the item, ${Identifier} and &{Identifier} in strings and keys the item (the
// latter without non-alphanumerics). v is copied, never changed.
func substitute(v any, env map[string]string, work *int) any {
	if len(env) == 0 {
		return v
	}
	*work++
	switch x := v.(type) {
	case map[string]any:
		if name, ok := x["Ref"].(string); ok && len(x) == 1 {
			if item, ok := env[name]; ok {
				return item
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[replaceIdents(k, env)] = substitute(e, env, work)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = substitute(e, env, work)
		}
		return out
	case string:
		// Long strings count by their length (a unit per 64 bytes).
		*work += len(x) / 64
		return replaceIdents(x, env)
	}
	return v
}

// replaceIdents replaces ${Identifier} and &{Identifier} in s.
func replaceIdents(s string, env map[string]string) string {
	if !strings.ContainsAny(s, "$&") {
		return s
	}
	for id, item := range env {
		s = strings.ReplaceAll(s, "${"+id+"}", item)
		s = strings.ReplaceAll(s, "&{"+id+"}", alnum(item))
	}
	return s
}

// alnum keeps the ASCII letters and digits of s (&{} in a logical id).
func alnum(s string) string {
	var b strings.Builder
	for _, c := range s {
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// loopTypes lists the Type of each entry of an output template, through
// nested loops; "" stands for a Type that is not a literal.
func loopTypes(out map[string]any, depth int) []string {
	var types []string
	if depth > maxDepthLoops {
		return []string{""}
	}
	for _, k := range sortedKeys(out) {
		if isLoopKey(k) {
			args, _ := out[k].([]any)
			if len(args) == 3 {
				if m, ok := args[2].(map[string]any); ok {
					types = append(types, loopTypes(m, depth+1)...)
					continue
				}
			}
			types = append(types, "")
			continue
		}
		m, _ := out[k].(map[string]any)
		typ, _ := m["Type"].(string)
		types = append(types, typ)
	}
	return types
}

// foreachUnknown marks what the loops with an unknown collection could have
// generated: methods, authorizers, stages, deployments and gateway responses
// of the template's APIs, and app clients, resource servers or domains of
// any pool (the generated resources may name any of them).
func (b *builder) foreachUnknown(t *template, live []*resource) {
	for _, l := range t.unknownLoops {
		why := fmt.Sprintf("%s: the Fn::ForEach loop %s in %s generates entries from a collection authlint cannot read (%s)", t.file, l.name, l.section, l.why)
		if p, ok := t.doc.KeyPos(l.ptr); ok && p.Line > 0 {
			why = fmt.Sprintf("%s:%d: the Fn::ForEach loop %s in %s generates entries from a collection authlint cannot read (%s)", t.file, p.Line, l.name, l.section, l.why)
		}
		var parts apiParts
		pools := false
		switch l.section {
		case "Conditions":
			// Resources whose condition the loop would define evaluate it
			// as unknown (the template defines no such condition).
			continue
		case "Outputs":
			// Only an exported output can hand a pool to another stack.
			pools = exports(l.raw, 0)
		default:
			for _, typ := range l.types {
				switch {
				case typ == "" || isCustomResource(typ) || typ == "AWS::CloudFormation::Stack" || strings.HasPrefix(typ, "AWS::Serverless::"):
					parts, pools = allAPIParts, true
				case strings.HasPrefix(typ, "AWS::ApiGateway::"), strings.HasPrefix(typ, "AWS::ApiGatewayV2::"):
					parts |= apiPartsOf[typ]
				case strings.HasPrefix(typ, "AWS::Cognito::"):
					pools = true
				}
			}
		}
		if pools {
			b.openAllPools(why)
		}
		if parts != 0 {
			b.unknownAPIParts(t, live, why, parts)
		}
	}
}

// apiParts says which lists of an API a resource type adds to.
type apiParts uint8

const (
	apiMethods apiParts = 1 << iota
	apiAuthorizers
	apiStages
	apiDeployments
	apiGatewayResponses
	allAPIParts = apiMethods | apiAuthorizers | apiStages | apiDeployments | apiGatewayResponses
)

var apiPartsOf = map[string]apiParts{
	typeMethod: apiMethods, "AWS::ApiGateway::Resource": apiMethods,
	typeAuthorizer: apiAuthorizers, typeStage: apiStages, typeDeployment: apiDeployments,
	typeGatewayResponse: apiGatewayResponses,
	// HTTP APIs: routes are their methods.
	typeV2Route: apiMethods, typeV2Authorizer: apiAuthorizers, typeV2Stage: apiStages, typeV2Deployment: apiDeployments,
}

// unknownAPIParts marks the given lists of the template's APIs unknown.
func (b *builder) unknownAPIParts(t *template, live []*resource, why string, parts apiParts) {
	ids := []string{}
	for _, r := range live {
		if r.typ == typeRestAPI || r.typ == typeServerlessAPI {
			ids = append(ids, r.id)
		}
	}
	if t.sam || hasServerless(live) {
		ids = append(ids, "ServerlessRestApi")
	}
	b.unknownHTTPAPIParts(t, live, why, parts)
	for _, id := range ids {
		api := b.apis[t.ref(id)]
		if api == nil {
			continue
		}
		u := &model.Unknown{Reason: why}
		for _, f := range []struct {
			part apiParts
			dst  **model.Unknown
		}{
			{apiMethods, &api.MethodsUnknown}, {apiAuthorizers, &api.AuthorizersUnknown}, {apiStages, &api.StagesUnknown},
			{apiDeployments, &api.DeploymentsUnknown}, {apiGatewayResponses, &api.GatewayResponsesUnknown},
		} {
			if parts&f.part != 0 {
				*f.dst = orUnknown(*f.dst, u)
			}
		}
	}
}

// unknownHTTPAPIParts is unknownAPIParts for the template's HTTP APIs.
func (b *builder) unknownHTTPAPIParts(t *template, live []*resource, why string, parts apiParts) {
	ids := []string{}
	for _, r := range live {
		if r.typ == typeV2API || r.typ == typeServerlessHTTPAPI {
			ids = append(ids, r.id)
		}
	}
	if t.sam || hasServerless(live) {
		ids = append(ids, "ServerlessHttpApi")
	}
	for _, id := range ids {
		api := b.httpAPIs[t.ref(id)]
		if api == nil {
			continue
		}
		u := &model.Unknown{Reason: why}
		for _, f := range []struct {
			part apiParts
			dst  **model.Unknown
		}{
			{apiMethods, &api.RoutesUnknown}, {apiAuthorizers, &api.AuthorizersUnknown},
			{apiStages, &api.StagesUnknown}, {apiDeployments, &api.DeploymentsUnknown},
		} {
			if parts&f.part != 0 {
				*f.dst = orUnknown(*f.dst, u)
			}
		}
	}
}

// loopKeys lists the output keys of an output template, through nested
// loops.
func loopKeys(out map[string]any, depth int) []string {
	var keys []string
	for _, k := range sortedKeys(out) {
		if !isLoopKey(k) {
			keys = append(keys, k)
			continue
		}
		args, _ := out[k].([]any)
		if m, ok := lastObject(args); ok && depth < maxDepthLoops {
			keys = append(keys, loopKeys(m, depth+1)...)
		} else {
			keys = append(keys, "${?}")
		}
	}
	return keys
}

func lastObject(args []any) (map[string]any, bool) {
	if len(args) != 3 {
		return nil, false
	}
	m, ok := args[2].(map[string]any)
	return m, ok
}

// placeholder is ${Identifier} or &{Identifier} in an output key.
var placeholder = regexp.MustCompile(`[$&]\{[^}]*\}`)

// keyMatches reports whether an output key with placeholders may produce id
// (each placeholder stands for any text).
func keyMatches(key, id string) bool {
	lits := placeholder.Split(key, -1)
	for i := range lits {
		lits[i] = regexp.QuoteMeta(lits[i])
	}
	re, err := regexp.Compile("^" + strings.Join(lits, ".*") + "$")
	return err == nil && re.MatchString(id)
}

// missing is the link for a reference to a logical id the template does not
// define: unknown when a loop over an unknown collection may generate it.
func (t *template) missing(id string, loc model.Loc) *model.Link {
	for _, l := range t.unknownLoops {
		if l.section != "Resources" {
			continue
		}
		for _, k := range l.keys {
			if keyMatches(k, id) {
				return &model.Link{Unknown: &model.Unknown{Reason: "the Fn::ForEach loop " + l.name + " may generate " + id + ", but its collection is unknown (" + l.why + ")", Expr: id}, Loc: loc}
			}
		}
	}
	return &model.Link{Missing: &model.Missing{Name: id, Reason: "the template defines no resource " + id}, Loc: loc}
}

// exports reports whether an output template (through nested loops) has an
// exported output.
func exports(out map[string]any, depth int) bool {
	if depth > maxDepthLoops {
		return true
	}
	for k, v := range out {
		if isLoopKey(k) {
			args, _ := v.([]any)
			if m, ok := lastObject(args); !ok || exports(m, depth+1) {
				return true
			}
			continue
		}
		if m, ok := v.(map[string]any); ok {
			if _, ok := m["Export"]; ok {
				return true
			}
		}
	}
	return false
}
