package intrinsic

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// maxDepth bounds nested evaluation (conditions referring to conditions,
// intrinsics inside intrinsics) so hostile templates cannot exhaust the stack.
const maxDepth = 64

// maxSteps bounds the work of one top-level evaluation: Fn::If with an
// unknown condition evaluates both branches, so nested ones could otherwise
// take exponential time.
const maxSteps = 20_000

// Param is a template parameter as the resolver sees it.
type Param struct {
	// Type is the parameter's declared type (String, CommaDelimitedList, …).
	Type string
	// Value is the value to use; Given tells it came from the user (--param or
	// a parameters file) rather than from Default.
	Value    any
	HasValue bool
	Given    bool
	// Unknown is set when the value is given but unknown (a nested stack's
	// parameter fed from an expression of the parent).
	Unknown *model.Unknown
	// Result is set when the parent passes references to its resources
	// (!GetAtt Pool.Arn, !Ref Api): the parameter stands for them.
	Result *Result
}

// Resolver evaluates intrinsics against one template.
type Resolver struct {
	// Params are the template's parameters, with the value to use.
	Params map[string]Param
	// Pseudo are values given for pseudo parameters (AWS::Region, …).
	Pseudo map[string]string
	// Mappings is the template's Mappings section.
	Mappings map[string]any
	// Conditions is the template's Conditions section.
	Conditions map[string]any
	// Resources maps logical ids to resource types.
	Resources map[string]string

	conds map[string]condResult
	depth int
	steps int
	// limited records that an evaluation met a limit or a condition that
	// refers to itself: results that depend on what was evaluated before.
	limited bool
}

// Fork returns a resolver of the same template for another goroutine: a
// Resolver keeps evaluation state (nesting depth, steps, the conditions
// evaluated so far) and is not safe for concurrent use. The template's
// sections are shared and must not change while forks are in use.
func (r *Resolver) Fork() *Resolver {
	f := *r
	f.conds = maps.Clone(r.conds)
	f.depth, f.steps, f.limited = 0, 0, false
	return &f
}

// Limited reports whether an evaluation met the depth or step limit or a
// condition that refers to itself. Otherwise every result so far is a
// function of the template and the parameters alone, whatever the
// resolver had evaluated before: a fork gave what the resolver it was
// forked from would have given.
func (r *Resolver) Limited() bool { return r.limited }

type condResult struct {
	value   bool
	known   bool
	why     *model.Unknown
	running bool
}

// IsIntrinsic reports whether v is a one-key object whose key is Ref,
// Condition, Fn::* or a tag kept as written ("!Rain::S3").
func IsIntrinsic(v any) (string, any, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", nil, false
	}
	for k, arg := range m {
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") || strings.HasPrefix(k, "!") {
			return k, arg, true
		}
	}
	return "", nil, false
}

// Resolve evaluates v. Plain lists and objects are returned as Known with
// their elements unevaluated.
func (r *Resolver) Resolve(v any) Result {
	if r.depth == 0 {
		r.steps = 0
	}
	r.steps++
	if r.steps > maxSteps {
		r.limited = true
		return unknown("the expression is too complex to evaluate", Render(v))
	}
	if r.depth > maxDepth {
		r.limited = true
		return unknown("the expression nests too deeply", Render(v))
	}
	r.depth++
	defer func() { r.depth-- }()
	fn, arg, ok := IsIntrinsic(v)
	if !ok {
		if s, isStr := v.(string); isStr {
			if u := dynamicReference(s); u != nil {
				return Result{Kind: Unknowable, Unknown: u}
			}
		}
		return known(v)
	}
	switch fn {
	case "Ref":
		return r.ref(arg)
	case "Fn::GetAtt":
		return r.getAtt(arg)
	case "Fn::Sub":
		return r.sub(arg)
	case "Fn::Join":
		return r.join(arg)
	case "Fn::Select":
		return r.selectFn(arg)
	case "Fn::Split":
		return r.split(arg)
	case "Fn::FindInMap":
		return r.findInMap(arg)
	case "Fn::If":
		return r.ifFn(arg)
	case "Fn::ImportValue":
		return r.importValue(arg)
	case "Fn::Base64":
		return r.base64(arg)
	case "Fn::GetAZs":
		return unknown("the Availability Zones of the region, known only at deployment", Render(v))
	case "Fn::Cidr":
		return unknown("CIDR blocks computed at deployment", Render(v))
	case "Fn::Transform":
		return r.transform(arg)
	case "Fn::Length":
		return r.length(arg)
	case "Fn::ToJsonString":
		return r.toJSONString(arg)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		b, ok, why := r.evalCondition(v)
		if !ok {
			return Result{Kind: Unknowable, Unknown: why}
		}
		return known(b)
	default:
		if strings.HasPrefix(fn, "!") {
			return unknown("the tag "+fn+" is processed by another tool before deployment", Render(v))
		}
		return unknown(fn+" is not evaluated statically", Render(v))
	}
}

// Param values: a list parameter yields a list of strings.
func paramValue(p Param) any {
	switch {
	case p.Type == "CommaDelimitedList" || strings.HasPrefix(p.Type, "List<"):
		switch v := p.Value.(type) {
		case []any:
			return v
		case string:
			out := []any{}
			for s := range strings.SplitSeq(v, ",") {
				out = append(out, strings.TrimSpace(s))
			}
			return out
		default:
			return v
		}
	default:
		if s, ok := apigw.Scalar(p.Value); ok {
			return s
		}
		return p.Value
	}
}

func (r *Resolver) ref(arg any) Result {
	name, ok := arg.(string)
	if !ok {
		sub := r.Resolve(arg)
		s, known := sub.String()
		if !known {
			return unknown("Ref to a name that is not a literal", Render(map[string]any{"Ref": arg}))
		}
		name = s
	}
	expr := "!Ref " + name
	if strings.HasPrefix(name, "AWS::") {
		return r.pseudo(name, expr)
	}
	if p, ok := r.Params[name]; ok {
		if p.Unknown != nil {
			u := *p.Unknown
			return Result{Kind: Unknowable, Unknown: &u}
		}
		if p.Result != nil {
			return *p.Result
		}
		if strings.HasPrefix(p.Type, "AWS::SSM::Parameter::Value") && !p.Given {
			return unknown(fmt.Sprintf("parameter %s is read from SSM Parameter Store at deployment", name), expr)
		}
		if !p.HasValue {
			return unknown(fmt.Sprintf("parameter %s has no default (pass --param %s=VALUE)", name, name), expr+" (parameter without default)")
		}
		return known(paramValue(p))
	}
	t := r.Resources[name]
	return Result{Kind: Parts, Parts: []Part{{Ref: &Ref{LogicalID: name, Type: t}}}}
}

func (r *Resolver) pseudo(name, expr string) Result {
	if name == "AWS::NoValue" {
		return Result{Kind: NoValue}
	}
	if v, ok := r.Pseudo[name]; ok {
		if name == "AWS::NotificationARNs" {
			return known([]any{v})
		}
		return known(v)
	}
	switch name {
	case "AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::URLSuffix", "AWS::StackName", "AWS::StackId", "AWS::NotificationARNs":
		return unknown(fmt.Sprintf("pseudo parameter %s is known only at deployment (pass --param %s=VALUE)", name, name), expr)
	default:
		return unknown("unknown pseudo parameter "+name, expr)
	}
}

func (r *Resolver) getAtt(arg any) Result {
	// The expression is written out only for an unknown result.
	expr := func() string { return Render(map[string]any{"Fn::GetAtt": arg}) }
	var res, attr string
	switch t := arg.(type) {
	case []any:
		if len(t) != 2 {
			return unknown("Fn::GetAtt needs a resource and an attribute", expr())
		}
		res, _ = t[0].(string)
		a := r.Resolve(t[1])
		s, ok := a.String()
		if !ok {
			return unknown("the attribute name is not a literal", expr())
		}
		attr = s
	case string:
		res, attr, _ = strings.Cut(t, ".")
	default:
		return unknown("Fn::GetAtt needs a resource and an attribute", expr())
	}
	if res == "" || attr == "" {
		return unknown("Fn::GetAtt needs a resource and an attribute", expr())
	}
	return Result{Kind: Parts, Parts: []Part{{Ref: &Ref{LogicalID: res, Attr: attr, Type: r.Resources[res]}}}}
}

func (r *Resolver) importValue(arg any) Result {
	name := r.Resolve(arg)
	if s, ok := name.String(); ok {
		res := unknown(fmt.Sprintf("imported from another stack's export %q", s), "!ImportValue "+s)
		// The name lets the workspace step find the exporting stack when it
		// is part of the same scan.
		res.Unknown.Import = s
		return res
	}
	return unknown("imported from another stack's export", Render(map[string]any{"Fn::ImportValue": arg}))
}

func (r *Resolver) transform(arg any) Result {
	name := ""
	if m, ok := arg.(map[string]any); ok {
		name, _ = m["Name"].(string)
	}
	return unknown(fmt.Sprintf("produced by the %s macro at deployment", cmpOr(name, "transform")), Render(map[string]any{"Fn::Transform": arg}))
}

func (r *Resolver) length(arg any) Result {
	v := r.Resolve(arg)
	if v.Kind == Known {
		if l, ok := v.Value.([]any); ok {
			return known(int64(len(l)))
		}
	}
	return unknown("the length of a list known only at deployment", Render(map[string]any{"Fn::Length": arg}))
}

func (r *Resolver) toJSONString(arg any) Result {
	v, ok := r.deepKnown(arg)
	if !ok {
		return unknown("the object holds values known only at deployment", Render(map[string]any{"Fn::ToJsonString": arg}))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return unknown("the object cannot be encoded as JSON", Render(map[string]any{"Fn::ToJsonString": arg}))
	}
	return known(string(b))
}

// deepKnown resolves a whole structure; ok is false if any part is unknown.
func (r *Resolver) deepKnown(v any) (any, bool) {
	if r.depth > maxDepth {
		r.limited = true
		return nil, false
	}
	r.depth++
	defer func() { r.depth-- }()
	if _, _, ok := IsIntrinsic(v); ok {
		res := r.Resolve(v)
		if res.Kind != Known {
			return nil, false
		}
		v = res.Value
		if _, _, again := IsIntrinsic(v); again {
			return nil, false
		}
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			ev, ok := r.deepKnown(e)
			if !ok {
				return nil, false
			}
			out[k] = ev
		}
		return out, true
	case []any:
		out := make([]any, 0, len(t))
		for _, e := range t {
			ev, ok := r.deepKnown(e)
			if !ok {
				return nil, false
			}
			out = append(out, ev)
		}
		return out, true
	default:
		return v, true
	}
}

// dynamicReference recognizes {{resolve:ssm:…}} and {{resolve:secretsmanager:…}}.
func dynamicReference(s string) *model.Unknown {
	i := strings.Index(s, "{{resolve:")
	if i < 0 {
		return nil
	}
	rest := s[i+len("{{resolve:"):]
	service, _, _ := strings.Cut(rest, ":")
	expr := s
	if j := strings.Index(s[i:], "}}"); j >= 0 {
		expr = s[i : i+j+2]
	}
	return &model.Unknown{Reason: fmt.Sprintf("dynamic reference to %s, resolved at deployment", service), Expr: expr}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Render writes an expression in short form for messages, at most 160
// characters: !Ref X, !GetAtt X.Y, !Sub "…", !ImportValue X, !Join [...].
func Render(v any) string {
	s := render(v, 0)
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

func render(v any, depth int) string {
	if depth > 8 {
		return "…"
	}
	fn, arg, ok := IsIntrinsic(v)
	if !ok {
		switch t := v.(type) {
		case string:
			return strconv.Quote(t)
		case []any:
			parts := make([]string, 0, len(t))
			for _, e := range t {
				parts = append(parts, render(e, depth+1))
			}
			return "[" + strings.Join(parts, ", ") + "]"
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			parts := make([]string, 0, len(keys))
			for _, k := range keys {
				parts = append(parts, k+": "+render(t[k], depth+1))
			}
			return "{" + strings.Join(parts, ", ") + "}"
		default:
			if s, ok := apigw.Scalar(v); ok {
				return s
			}
			return "null"
		}
	}
	short := strings.TrimPrefix(fn, "Fn::")
	if strings.HasPrefix(fn, "!") {
		return fn + " " + render(arg, depth+1)
	}
	switch fn {
	case "Ref":
		if s, ok := arg.(string); ok {
			return "!Ref " + s
		}
	case "Fn::GetAtt":
		if l, ok := arg.([]any); ok && len(l) == 2 {
			a, _ := l[0].(string)
			if b, ok := l[1].(string); ok {
				return "!GetAtt " + a + "." + b
			}
		}
		if s, ok := arg.(string); ok {
			return "!GetAtt " + s
		}
	case "Fn::ImportValue", "Fn::Sub", "Condition":
		if s, ok := arg.(string); ok {
			if fn == "Fn::Sub" {
				return "!Sub " + strconv.Quote(s)
			}
			if fn == "Condition" {
				return "!Condition " + s
			}
			return "!ImportValue " + s
		}
	}
	return "!" + short + " " + render(arg, depth+1)
}
