package sam

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
	"github.com/authlint/authlint/loader/cloudformation/origin"
)

// Resource types the expansion reads.
const (
	TypeAPI          = "AWS::Serverless::Api"
	TypeFunction     = "AWS::Serverless::Function"
	TypeStateMachine = "AWS::Serverless::StateMachine"
	// ImplicitAPI is the logical id of the API SAM creates for events that
	// name no RestApiId.
	ImplicitAPI = "ServerlessRestApi"
)

// Resource is a template resource as the expansion needs it.
type Resource struct {
	ID        string
	Type      string
	Props     map[string]any
	Condition string
	// Ptr is the resource's pointer in the template (/Resources/ID).
	Ptr string
	// BodyFile names the file DefinitionBody was included from (AWS::Include
	// of a local file); empty when it is written in the template.
	BodyFile string
}

// Template is what the expansion reads from a template.
type Template struct {
	// Resources are the resources that are deployed, sorted by logical id.
	Resources []Resource
	// Globals is the template's Globals section.
	Globals map[string]any
	// Resolve evaluates intrinsics (parameter references in names).
	Resolve func(any) intrinsic.Result
	// Condition evaluates a named condition.
	Condition func(string) (value, known bool)
}

// API is one AWS::Serverless::Api after expansion.
type API struct {
	LogicalID string
	Implicit  bool
	// Ptr is the resource's pointer; for the implicit API, the first event
	// that created it.
	Ptr string
	// Props are the properties merged with Globals; PropOrigins maps their
	// pointers to the template.
	Props       map[string]any
	PropOrigins *origin.Map
	// Body is the OpenAPI document SAM deploys; nil with DefinitionUri.
	Body        map[string]any
	BodyOrigins *origin.Map
	Condition   string
	bodyFile    string
	// Problems are what the SAM translator would reject, with the pointer.
	Problems []Problem
	// Generated maps "VERB /path" of the methods SAM generated to "sam"
	// (function and state machine events) or "sam-cors" (Cors).
	Generated map[string]string
	// HTTP is true for an AWS::Serverless::HttpApi (see ExpandHTTP).
	HTTP bool
	// DefaultAuth holds the route keys ("GET /pets", "ANY /{proxy+}") of an
	// HTTP API that got Auth.DefaultAuthorizer rather than their own auth.
	DefaultAuth map[string]bool
	// corsOps are the pointers of the OPTIONS operations Cors added.
	corsOps []string
	// PolicyUnknown is set when the resource policy SAM writes from
	// Auth.ResourcePolicy cannot be reproduced (an intrinsic in its place, a
	// list the translator misreads); PolicyUnknownPtr is where.
	PolicyUnknown    *model.Unknown
	PolicyUnknownPtr string
}

// CorsOperations lists the pointers of the OPTIONS operations that Cors added.
func (a *API) CorsOperations() []string { return a.corsOps }

// Problem is an expansion error at a template pointer.
type Problem struct {
	Ptr string
	Msg string
}

// PropPtr is the template pointer of a merged property path ("/Auth/DefaultAuthorizer").
func (a *API) PropPtr(path string) string {
	p, _ := a.PropOrigins.Resolve(path)
	return p
}

// Prop returns a merged property.
func (a *API) Prop(path ...string) (any, bool) {
	var cur any = a.Props
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = m[k]
		if !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

func (a *API) generated(verb, path, by string) {
	if a.Generated == nil {
		a.Generated = map[string]string{}
	}
	v := strings.ToUpper(verb)
	if v == strings.ToUpper(anyMethod) {
		v = "ANY"
	}
	a.Generated[v+" "+path] = by
}

func (a *API) defaultAuth(key string) {
	if a.DefaultAuth == nil {
		a.DefaultAuth = map[string]bool{}
	}
	a.DefaultAuth[key] = true
}

func sortAPIs(out []*API) {
	slices.SortFunc(out, func(a, b *API) int { return strings.Compare(a.LogicalID, b.LogicalID) })
}

func (a *API) problem(ptr, format string, args ...any) {
	p := Problem{Ptr: ptr, Msg: fmt.Sprintf(format, args...)}
	// A setting read once per path would otherwise repeat its problem.
	if slices.Contains(a.Problems, p) {
		return
	}
	a.Problems = append(a.Problems, p)
}

// resolveParamRefs replaces {"Ref": P} with the value of parameter P where
// it is known (given, or its default), in a copy of v, as the translator's
// resolve_parameter_refs does; other references stay as written.
func (e *expander) resolveParamRefs(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if fn, arg, ok := intrinsic.IsIntrinsic(t); ok {
			if name, isText := arg.(string); fn == "Ref" && isText && !strings.HasPrefix(name, "AWS::") {
				if r := e.t.Resolve(t); r.Kind == intrinsic.Known {
					return r.Value
				}
			}
			return t
		}
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = e.resolveParamRefs(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = e.resolveParamRefs(x)
		}
		return out
	default:
		return v
	}
}

type expander struct {
	t      Template
	apis   map[string]*API
	order  []string
	manage map[string]bool
}

// Expand returns the APIs of a SAM template, sorted by logical id.
func Expand(t Template) []*API {
	e := &expander{t: t, apis: map[string]*API{}, manage: map[string]bool{}}
	globals, _ := t.Globals["Api"].(map[string]any)
	for _, r := range t.Resources {
		if r.Type != TypeAPI {
			continue
		}
		_, hasBody := r.Props["DefinitionBody"]
		_, hasURI := r.Props["DefinitionUri"]
		props, po := mergeGlobals(globals, "/Globals/Api", r.Props, r.Ptr+"/Properties")
		a := &API{LogicalID: r.ID, Ptr: r.Ptr, Props: props, PropOrigins: po, Condition: r.Condition, bodyFile: r.BodyFile}
		if !hasBody && !hasURI {
			e.manage[r.ID] = true
			a.Body = skeleton()
			a.BodyOrigins = origin.New(r.Ptr)
			a.BodyOrigins.Pin("", r.Ptr)
		}
		e.add(a)
	}
	e.events()
	for _, id := range e.order {
		e.finish(e.apis[id])
	}
	out := make([]*API, 0, len(e.order))
	for _, id := range e.order {
		out = append(out, e.apis[id])
	}
	slices.SortFunc(out, func(a, b *API) int { return strings.Compare(a.LogicalID, b.LogicalID) })
	return out
}

func (e *expander) add(a *API) {
	if _, ok := e.apis[a.LogicalID]; !ok {
		e.order = append(e.order, a.LogicalID)
	}
	e.apis[a.LogicalID] = a
}

func skeleton() map[string]any {
	return map[string]any{
		"swagger": "2.0",
		"info":    map[string]any{"version": "1.0", "title": map[string]any{"Ref": "AWS::StackName"}},
		"paths":   map[string]any{},
	}
}

// event is one Api event of a function or state machine.
type event struct {
	res   Resource
	id    string
	ptr   string
	props map[string]any
	api   string
	path  string
	verb  string
}

func (e *expander) events() {
	var evs []event
	for _, kind := range []string{TypeFunction, TypeStateMachine} {
		for _, r := range e.t.Resources {
			if r.Type != kind {
				continue
			}
			events, _ := r.Props["Events"].(map[string]any)
			for _, id := range sortedKeys(events) {
				ev, _ := events[id].(map[string]any)
				if typ, _ := ev["Type"].(string); typ != "Api" {
					continue
				}
				props, _ := ev["Properties"].(map[string]any)
				if len(props) == 0 {
					continue
				}
				evs = append(evs, event{res: r, id: id, ptr: r.Ptr + "/Properties/Events/" + yamltree.Escape(id), props: props})
			}
		}
	}
	globals, _ := e.t.Globals["Api"].(map[string]any)
	for i := range evs {
		ev := &evs[i]
		if _, ok := ev.props["RestApiId"]; ok {
			continue
		}
		if _, ok := e.apis[ImplicitAPI]; !ok || !e.manage[ImplicitAPI] {
			local := map[string]any{"StageName": "Prod"}
			props, po := mergeGlobals(globals, "/Globals/Api", local, ev.ptr)
			po.Pin("/StageName", ev.ptr)
			a := &API{LogicalID: ImplicitAPI, Implicit: true, Ptr: ev.ptr, Props: props, PropOrigins: po, Body: skeleton()}
			a.BodyOrigins = origin.New(ev.ptr)
			a.BodyOrigins.Pin("", ev.ptr)
			e.manage[ImplicitAPI] = true
			e.add(a)
		}
	}
	for i := range evs {
		e.event(&evs[i])
	}
}

func (e *expander) str(v any) (string, bool) {
	if fn, arg, ok := intrinsic.IsIntrinsic(v); ok && fn == "Ref" {
		if s, ok := arg.(string); ok {
			if r := e.t.Resolve(v); r.Kind == intrinsic.Known {
				return r.String()
			}
			return s, true
		}
	}
	return e.t.Resolve(v).String()
}

func (e *expander) event(ev *event) {
	apiID := ImplicitAPI
	if v, ok := ev.props["RestApiId"]; ok {
		s, ok := e.str(v)
		if !ok {
			return
		}
		apiID = s
	}
	a := e.apis[apiID]
	if a == nil {
		return
	}
	path, okP := e.str(ev.props["Path"])
	verb, okM := e.str(ev.props["Method"])
	if !okP || !okM {
		a.problem(ev.ptr, "event %s of %s has no literal Path and Method; its method is not known", ev.id, ev.res.ID)
		return
	}
	ev.api, ev.path, ev.verb = apiID, path, strings.ToLower(verb)
	if ev.res.Condition != "" {
		if v, known := e.t.Condition(ev.res.Condition); known && !v {
			return
		}
	}
	merge, _ := a.Props["MergeDefinitions"].(bool)
	switch {
	case e.manage[apiID]:
		e.addIntegration(a, ev, a.Body, a.BodyOrigins)
	case merge && a.Body == nil:
		if body, ok := a.Props["DefinitionBody"].(map[string]any); ok {
			a.Body = deepCopy(body).(map[string]any)
			a.BodyOrigins = a.userBodyOrigins()
		}
		fallthrough
	case merge:
		if a.Body != nil {
			e.mergeIntegration(a, ev)
		}
	default:
		auth, _ := ev.props["Auth"].(map[string]any)
		if override, _ := auth["OverrideApiAuth"].(bool); override {
			e.ensureBody(a)
			if a.Body != nil {
				e.addAuthToSwagger(a, ev, auth, a.Body, a.BodyOrigins)
			}
		}
	}
}

// userBodyOrigins maps the user's DefinitionBody: in the template, or the
// file it was included from.
func (a *API) userBodyOrigins() *origin.Map {
	if a.bodyFile != "" {
		m := origin.New("")
		m.SubtreeIn("", a.bodyFile, "")
		return m
	}
	return origin.New(a.PropPtr("/DefinitionBody"))
}

// ensureBody copies the user's DefinitionBody so auth can be added to it.
func (e *expander) ensureBody(a *API) {
	if a.Body != nil {
		return
	}
	if body, ok := a.Props["DefinitionBody"].(map[string]any); ok && isValidSwagger(body) {
		a.Body = deepCopy(body).(map[string]any)
		a.BodyOrigins = a.userBodyOrigins()
	}
}

func isValidSwagger(doc map[string]any) bool {
	if _, ok := doc["paths"].(map[string]any); !ok {
		return false
	}
	if v, ok := doc["swagger"]; ok && v != nil && v != "" {
		return true
	}
	if v, ok := doc["openapi"].(string); ok {
		return isOpenAPI3(v)
	}
	return false
}

func isOpenAPI3(v string) bool {
	if !strings.HasPrefix(v, "3.") {
		return false
	}
	rest := strings.Split(v[2:], ".")
	if len(rest) > 2 {
		return false
	}
	for _, r := range rest {
		if len(r) != 1 || r[0] < '0' || r[0] > '9' {
			return false
		}
	}
	return true
}

func normalizeMethod(m string) string {
	m = strings.ToLower(m)
	if m == "any" {
		return anyMethod
	}
	return m
}

const anyMethod = "x-amazon-apigateway-any-method"

func opPtr(path, verb string) string {
	return "/paths/" + yamltree.Escape(path) + "/" + yamltree.Escape(verb)
}

// addIntegration adds the event's method with its integration and auth.
func (e *expander) addIntegration(a *API, ev *event, body map[string]any, m *origin.Map) {
	verb := normalizeMethod(ev.verb)
	paths, _ := body["paths"].(map[string]any)
	if paths == nil {
		paths = map[string]any{}
		body["paths"] = paths
	}
	item, _ := paths[ev.path].(map[string]any)
	if item == nil {
		item = map[string]any{}
		paths[ev.path] = item
	}
	if op, ok := item[verb].(map[string]any); ok && op[integrationKey] != nil {
		a.problem(ev.ptr, "API method %q defined multiple times for path %q", ev.verb, ev.path)
		return
	}
	op, _ := item[verb].(map[string]any)
	if op == nil {
		op = map[string]any{}
		item[verb] = op
	}
	integ := map[string]any{"type": "aws_proxy", "httpMethod": "POST",
		"uri": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${" + ev.res.ID + ".Arn}/invocations"}}
	if ev.res.Type == TypeStateMachine {
		integ = map[string]any{"type": "aws", "httpMethod": "POST",
			"uri": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution"}}
	}
	op[integrationKey] = integ
	if _, ok := op["responses"]; !ok {
		op["responses"] = map[string]any{}
	}
	p := opPtr(ev.path, verb)
	m.Pin(p, ev.ptr)
	a.generated(ev.verb, ev.path, "sam")
	if auth, ok := ev.props["Auth"].(map[string]any); ok && len(auth) > 0 {
		e.addAuthToSwagger(a, ev, auth, body, m)
	}
}

// mergeIntegration is MergeDefinitions: the generated method is merged over
// the user's method of the same path and verb.
func (e *expander) mergeIntegration(a *API, ev *event) {
	gen := skeleton()
	gm := origin.New(ev.ptr)
	e.addIntegration(a, ev, gen, gm)
	verb := normalizeMethod(ev.verb)
	genOp := gen["paths"].(map[string]any)[ev.path].(map[string]any)[verb].(map[string]any)
	paths, _ := a.Body["paths"].(map[string]any)
	if paths == nil {
		paths = map[string]any{}
		a.Body["paths"] = paths
	}
	item, _ := paths[ev.path].(map[string]any)
	if item == nil {
		item = map[string]any{}
		paths[ev.path] = item
	}
	op, _ := item[ev.verb].(map[string]any)
	merged := maps.Clone(op)
	if merged == nil {
		merged = map[string]any{}
	}
	p := opPtr(ev.path, ev.verb)
	for k, v := range genOp {
		merged[k] = v
		tpl, pinned := gm.Resolve(opPtr(ev.path, verb) + "/" + yamltree.Escape(k))
		if pinned {
			a.BodyOrigins.Pin(p+"/"+yamltree.Escape(k), tpl)
		}
	}
	if op == nil {
		a.BodyOrigins.Pin(p, ev.ptr)
	}
	item[ev.verb] = merged
}

const integrationKey = "x-amazon-apigateway-integration"

// methodDef is one definition of an operation: the operation itself, or a
// branch of an operation written as Fn::If, with its pointer in the document.
type methodDef struct {
	verb string
	op   map[string]any
	ptr  string
}

// methodDefs yields the operations of a path item that have an integration
// (the translator skips the others), each branch of an Fn::If operation as
// one of its own (get_conditional_contents on the method; AWS::NoValue
// branches have no integration and are skipped).
func methodDefs(pi pathItem) []methodDef {
	var out []methodDef
	for _, k := range sortedKeys(pi.item) {
		if k == "summary" || k == "description" || k == "parameters" {
			continue
		}
		op, ok := pi.item[k].(map[string]any)
		if !ok {
			continue
		}
		defs := []methodDef{{verb: k, op: op, ptr: pi.opPtr(k)}}
		if fn, arg, isFn := intrinsic.IsIntrinsic(op); isFn {
			defs = nil
			if l, _ := arg.([]any); fn == "Fn::If" && len(l) == 3 {
				for i, c := range l[1:] {
					if m, ok := c.(map[string]any); ok {
						defs = append(defs, methodDef{verb: k, op: m, ptr: pi.opPtr(k) + "/Fn::If/" + itoa(i+1)})
					}
				}
			}
		}
		for _, d := range defs {
			if d.op[integrationKey] != nil {
				out = append(out, d)
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
