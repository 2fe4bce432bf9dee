package terraform

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// instance is one resource instance as the model builder reads it, from HCL
// or from a plan.
type instance struct {
	addr     string // full address: module.a.aws_x.y["k"]
	resource string // resource address without the instance key
	typ      string
	loc      model.Loc
	// instancesUnknown is set when count or for_each cannot be known: the
	// resource stands for any number of instances, perhaps none.
	instancesUnknown *model.Unknown
	attrs            map[string]*attr
	blocks           map[string][]*block
	// dependsOn are the resource addresses the instance depends on, written
	// (depends_on) or implied by its references.
	dependsOn []string
	// createBeforeDestroy is lifecycle.create_before_destroy (config only).
	createBeforeDestroy *model.Bool
	// replaceTriggered is set when lifecycle.replace_triggered_by is.
	replaceTriggered bool
	// scopesUnknown is set when dynamic scope blocks cannot be expanded.
	scopesUnknown *model.Unknown
}

// attr is one evaluated attribute.
type attr struct {
	val cty.Value
	// loc is the attribute's name; items are the positions of the elements
	// of a list written as a list.
	loc   model.Loc
	items []model.Loc
	// itemTexts are the source texts of those elements (see text).
	itemTexts []string
	// keys are the positions of the keys of a map written as a map.
	keys map[string]model.Loc
	// expr is the reference the attribute is written as, when it is one.
	expr string
	// text is the source text of an expression that is not a plain
	// reference (a template such as "https://${…}"), clipped.
	text  string
	hexpr hcl.Expression
	// jsonBody is the position map of a jsonencode({...}) argument.
	jsonBody *bodyMap
	// heredoc is set for a literal heredoc (<<EOF): text parsed from it maps
	// to the lines below the attribute.
	heredoc bool
}

type block struct {
	attrs  map[string]*attr
	blocks map[string][]*block
	loc    model.Loc
}

// evaluator evaluates a root module and its local child modules.
type evaluator struct {
	ctx       context.Context
	in        *loader.Input
	opts      Options
	pr        *problems
	pos       *positions
	funcs     map[string]function.Function
	schemas   map[string]*schema
	instances []*instance
	files     []string
	parsed    map[string]*module
	// unread are references passed to modules authlint does not read.
	unread []refMark
	// notes are the modules authlint did not read, for -v.
	notes []model.Source
	// declared are the managed resources of every module instance, by
	// address without instance key (some may have no instances).
	declared map[string]bool
	total    int
}

// scope is one module instance being evaluated.
type scope struct {
	ev     *evaluator
	mod    *module
	prefix string
	depth  int
	// stack are the module folders being evaluated above this one.
	stack            []string
	instancesUnknown *model.Unknown
	vals             map[string]map[string]cty.Value
	objs             map[string]cty.Value
	dirty            map[string]bool
	hctx             *hcl.EvalContext
	// plainCtx is the context of blocks without count or for_each.
	plainCtx *hcl.EvalContext
}

func newScope(ev *evaluator, mod *module, prefix string, depth int, stack []string) *scope {
	return &scope{ev: ev, mod: mod, prefix: prefix, depth: depth, stack: stack,
		vals: map[string]map[string]cty.Value{}, objs: map[string]cty.Value{}, dirty: map[string]bool{}}
}

func (s *scope) set(root, name string, v cty.Value) {
	if s.vals[root] == nil {
		s.vals[root] = map[string]cty.Value{}
	}
	s.vals[root][name] = v
	s.dirty[root] = true
}

// evalContext returns the context with every root object up to date.
func (s *scope) evalContext() *hcl.EvalContext {
	if s.hctx == nil {
		s.hctx = &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: s.ev.funcs}
		s.hctx.Variables["path"] = cty.ObjectVal(map[string]cty.Value{
			"module": cty.StringVal(filepath.ToSlash(s.mod.rel)), "root": cty.StringVal("."), "cwd": cty.StringVal("."),
		})
		s.hctx.Variables["terraform"] = cty.ObjectVal(map[string]cty.Value{
			"workspace": cty.UnknownVal(cty.String).Mark(whyMark{"the Terraform workspace is chosen when Terraform runs"}),
		})
	}
	for root := range s.dirty {
		s.hctx.Variables[root] = objectOf(s.vals[root])
		delete(s.dirty, root)
	}
	return s.hctx
}

func objectOf(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

// eval evaluates an expression; errors make the value unknown (keeping the
// references the expression makes) and are not load errors: Terraform
// would report them, authlint only needs to know the value is not known.
func (s *scope) eval(expr hcl.Expression, ctx *hcl.EvalContext) cty.Value {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if forDepth(expr) > maxForDepth {
		// Each nested for multiplies the work; a hostile file must not make
		// the load run for hours.
		l := s.ev.pos.loc(expr.Range())
		s.ev.pr.add("%s:%d:%d: for expressions nest deeper than %d levels; the value is unknown", l.File, l.Line, l.Column, maxForDepth)
		return cty.DynamicVal.Mark(whyMark{"the expression nests for expressions too deep to evaluate"})
	}
	v, diags := s.safeValue(expr, ctx)
	if !diags.HasErrors() {
		if tooLarge(v) {
			l := s.ev.pos.loc(expr.Range())
			s.ev.pr.add("%s:%d:%d: the value has more than %d elements, more than authlint evaluates; it is unknown", l.File, l.Line, l.Column, maxValueSize)
			return cty.DynamicVal.Mark(whyMark{fmt.Sprintf("the value has more than %d elements, more than authlint evaluates", maxValueSize)})
		}
		return v
	}
	if t, ok := expr.(*hclsyntax.TupleConsExpr); ok {
		// One bad element must not hide the others.
		items := make([]cty.Value, 0, len(t.Exprs))
		for _, e := range t.Exprs {
			items = append(items, s.eval(e, ctx))
		}
		return cty.TupleVal(items)
	}
	out := cty.DynamicVal
	refs := s.traversalRefs(expr)
	if len(refs) == 0 {
		return out.Mark(whyMark{"the expression cannot be evaluated statically (" + diags[0].Summary + ")"})
	}
	for _, r := range refs {
		out = out.Mark(r)
	}
	return out
}

// forDepth is how deeply for expressions nest in an expression.
func forDepth(expr hcl.Expression) int {
	node, ok := expr.(hclsyntax.Node)
	if !ok {
		return 0
	}
	deepest := 0
	var walk func(n hclsyntax.Node, depth int)
	walk = func(n hclsyntax.Node, depth int) {
		if _, isFor := n.(*hclsyntax.ForExpr); isFor {
			depth++
			deepest = max(deepest, depth)
		}
		if depth > maxForDepth {
			return
		}
		_ = hclsyntax.VisitAll(n, func(c hclsyntax.Node) hcl.Diagnostics {
			if c != n {
				if _, isFor := c.(*hclsyntax.ForExpr); isFor {
					walk(c, depth)
					return hcl.Diagnostics{{Severity: hcl.DiagWarning}}
				}
			}
			return nil
		})
	}
	walk(node, 0)
	return deepest
}

// tooLarge reports a value with more than maxValueSize elements in all.
func tooLarge(v cty.Value) bool {
	n := 0
	var count func(v cty.Value) bool
	count = func(v cty.Value) bool {
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return false
		}
		n += v.LengthInt()
		if n > maxValueSize {
			return true
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if count(e) {
				return true
			}
		}
		return false
	}
	return count(v)
}

// safeValue guards against panics inside cty on odd values: the value
// becomes unknown instead of the load failing.
func (s *scope) safeValue(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			v = cty.DynamicVal
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "internal evaluation error"}}
		}
	}()
	return expr.Value(ctx)
}

// traversalRefs turns the resource references of an expression into marks.
func (s *scope) traversalRefs(expr hcl.Expression) []refMark {
	var out []refMark
	for _, t := range expr.Variables() {
		if key, addr, _ := s.nodeOf(t); strings.HasPrefix(key, "R:") {
			out = append(out, refMark{Addr: addr, Attr: attrAfter(t)})
		}
	}
	return out
}

func attrAfter(t hcl.Traversal) string {
	for _, step := range t[min(2, len(t)):] {
		if a, ok := step.(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

// nodeOf maps a traversal to the node it depends on ("var.x", "local.x",
// "module.x", "D:type.name", "R:type.name") and the address it names.
func (s *scope) nodeOf(t hcl.Traversal) (key, addr string, ok bool) {
	if len(t) < 2 {
		return "", "", false
	}
	root := t.RootName()
	second, isAttr := t[1].(hcl.TraverseAttr)
	if !isAttr {
		return "", "", false
	}
	switch root {
	case "var", "local", "module":
		return root + "." + second.Name, s.prefix + root + "." + second.Name, true
	case "data":
		if len(t) < 3 {
			return "", "", false
		}
		third, ok := t[2].(hcl.TraverseAttr)
		if !ok {
			return "", "", false
		}
		return "D:" + second.Name + "." + third.Name, s.prefix + "data." + second.Name + "." + third.Name, true
	case "count", "each", "self", "path", "terraform":
		return "", "", false
	}
	addr = s.prefix + root + "." + second.Name
	if len(t) > 2 {
		if ix, ok := t[2].(hcl.TraverseIndex); ok {
			addr += keySuffix(ix.Key)
		}
	}
	return "R:" + root + "." + second.Name, addr, true
}

// keySuffix renders an instance key as Terraform writes it: [0], ["a"].
func keySuffix(k cty.Value) string {
	if !k.IsKnown() || k.IsNull() {
		return ""
	}
	k, _ = k.Unmark()
	switch {
	case k.Type() == cty.Number:
		bf := k.AsBigFloat()
		return "[" + bf.Text('f', -1) + "]"
	case k.Type() == cty.String:
		return fmt.Sprintf("[%q]", k.AsString())
	}
	return ""
}

// run evaluates the scope: variables, then every local, resource, data
// source and module call in dependency order, then the outputs.
func (s *scope) run(inputs map[string]cty.Value) cty.Value {
	s.variables(inputs)
	nodes := map[string]func(){}
	deps := map[string][]string{}
	var order []string
	add := func(key string, fn func(), ds []string) {
		if _, dup := nodes[key]; dup {
			return
		}
		nodes[key] = fn
		deps[key] = ds
		order = append(order, key)
	}
	for _, l := range s.mod.locals {
		s.set("local", l.Name, cty.DynamicVal.Mark(whyMark{"local." + l.Name + " refers to itself through other values (a cycle)"}))
		add("local."+l.Name, func() { s.set("local", l.Name, s.eval(l.Expr, s.evalContext())) }, s.depsOf(l.Expr.Variables()))
	}
	for _, r := range s.mod.resources {
		if r.data {
			addr := s.prefix + r.key()
			s.setData(r.typ, r.name, cty.DynamicVal.Mark(dataMark{addr}))
			var ts []hcl.Traversal
			for _, a := range r.meta {
				ts = append(ts, a.Expr.Variables()...)
			}
			add("D:"+r.typ+"."+r.name, func() {}, s.depsOf(ts))
			continue
		}
		s.set(r.typ, r.name, cty.DynamicVal.Mark(refMark{Addr: s.prefix + r.key()}))
		add("R:"+r.typ+"."+r.name, func() { s.resource(r) }, s.depsOf(bodyTraversals(r.block.Body, s.ev.schemas[r.typ])))
	}
	for _, c := range s.mod.calls {
		s.set("module", c.name, cty.DynamicVal.Mark(whyMark{"module." + c.name + " is not evaluated"}))
		var ts []hcl.Traversal
		for _, a := range c.inputs {
			ts = append(ts, a.Expr.Variables()...)
		}
		for _, a := range c.meta {
			ts = append(ts, a.Expr.Variables()...)
		}
		add("module."+c.name, func() { s.call(c) }, s.depsOf(ts))
	}
	state := map[string]int{}
	var visit func(k string)
	visit = func(k string) {
		if s.ev.ctx.Err() != nil {
			return
		}
		switch state[k] {
		case 1:
			s.ev.pr.add("%s%s: refers to itself through other values (a cycle); its value is unknown", s.prefix, strings.TrimPrefix(strings.TrimPrefix(k, "R:"), "D:"))
			return
		case 2:
			return
		}
		state[k] = 1
		for _, d := range deps[k] {
			if _, ok := nodes[d]; ok && d != k {
				visit(d)
			}
		}
		state[k] = 2
		nodes[k]()
	}
	for _, k := range order {
		visit(k)
	}
	outs := map[string]cty.Value{}
	for _, o := range s.mod.outputs {
		c, _, _ := o.Body.PartialContent(outputSchema)
		if a := c.Attributes["value"]; a != nil {
			outs[o.Labels[0]] = s.eval(a.Expr, s.evalContext())
		}
	}
	return objectOf(outs)
}

func (s *scope) setData(typ, name string, v cty.Value) {
	if s.vals["data"] == nil {
		s.vals["data"] = map[string]cty.Value{}
	}
	byName := map[string]cty.Value{}
	if cur, ok := s.vals["data"][typ]; ok && cur.Type().IsObjectType() {
		maps.Copy(byName, cur.AsValueMap())
	}
	byName[name] = v
	s.vals["data"][typ] = cty.ObjectVal(byName)
	s.dirty["data"] = true
}

func (s *scope) depsOf(ts []hcl.Traversal) []string {
	var out []string
	for _, t := range ts {
		if k, _, ok := s.nodeOf(t); ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// bodyTraversals lists the references of a resource body: every attribute
// of native syntax; for JSON, the attributes of the schema.
func bodyTraversals(body hcl.Body, sch *schema) []hcl.Traversal {
	var out []hcl.Traversal
	if sb, ok := body.(*hclsyntax.Body); ok {
		for _, a := range sb.Attributes {
			out = append(out, a.Expr.Variables()...)
		}
		for _, b := range sb.Blocks {
			if b.Type == "dynamic" {
				for _, a := range b.Body.Attributes {
					out = append(out, a.Expr.Variables()...)
				}
			}
			out = append(out, bodyTraversals(b.Body, nil)...)
		}
		return out
	}
	c, _, _ := body.PartialContent(sch.bodySchema(true))
	for _, a := range c.Attributes {
		out = append(out, a.Expr.Variables()...)
	}
	for _, b := range c.Blocks {
		var sub *schema
		if sch != nil {
			sub = sch.blocks[b.Type]
		}
		out = append(out, bodyTraversals(b.Body, sub)...)
	}
	return out
}

// variables sets var.* from the inputs (module arguments, or for the root
// module the tfvars files and flags), defaults, or unknown.
func (s *scope) variables(inputs map[string]cty.Value) {
	for _, v := range s.mod.variables {
		val, given := inputs[v.name]
		if !given {
			if d := v.attrs["default"]; d != nil {
				val = s.eval(d.Expr, nil)
			} else {
				val = cty.DynamicVal.Mark(whyMark{"variable " + v.name + " has no value (set it with --var, --var-file or a .tfvars file)"})
			}
		}
		if t := v.attrs["type"]; t != nil && val.IsWhollyKnown() && !val.ContainsMarked() {
			if ty, diags := typeexpr.TypeConstraint(t.Expr); !diags.HasErrors() {
				if cv, err := convert.Convert(val, ty); err == nil {
					val = cv
				}
			}
		}
		if sv := v.attrs["sensitive"]; sv != nil {
			if b := s.eval(sv.Expr, nil); b.IsKnown() && !b.IsNull() && b.Type() == cty.Bool && b.True() {
				// A sensitive value never enters the model.
				val = cty.DynamicVal.Mark(whyMark{"variable " + v.name + " is sensitive; authlint does not read its value"})
			}
		}
		s.set("var", v.name, val)
	}
	if _, ok := s.vals["var"]; !ok {
		s.vals["var"] = map[string]cty.Value{}
		s.dirty["var"] = true
	}
}

// key is one instance of a resource or module call.
type key struct {
	suffix string
	count  cty.Value
	each   cty.Value
	value  cty.Value
	// plain is the one instance of a block without count or for_each.
	plain bool
}

// expand decides the instances of a block from count and for_each.
func (s *scope) expand(meta hcl.Attributes, addr string) ([]key, *model.Unknown) {
	ctx := s.evalContext()
	if a := meta[attrForEach]; a != nil {
		v := s.eval(a.Expr, ctx)
		v, _ = v.UnmarkDeep()
		if !v.IsWhollyKnown() || v.IsNull() {
			return []key{{count: cty.UnknownVal(cty.Number), each: cty.UnknownVal(cty.String), value: cty.DynamicVal}}, &model.Unknown{Reason: "for_each is not known before apply", Expr: refText(a.Expr)}
		}
		ty := v.Type()
		if !ty.IsMapType() && !ty.IsObjectType() && !ty.IsSetType() && !ty.IsListType() && !ty.IsTupleType() {
			return []key{{count: cty.UnknownVal(cty.Number), each: cty.UnknownVal(cty.String), value: cty.DynamicVal}}, &model.Unknown{Reason: "for_each is not a map or a set", Expr: refText(a.Expr)}
		}
		if n := v.LengthInt(); n > maxInstances || s.ev.total+n > maxInstances*10 {
			s.ev.pr.add("%s: for_each has %d keys, more than authlint expands (%d); the resource is read once with unknown instances", addr, n, maxInstances)
			return []key{{count: cty.UnknownVal(cty.Number), each: cty.UnknownVal(cty.String), value: cty.DynamicVal}}, &model.Unknown{Reason: "for_each has too many keys to expand"}
		}
		var out []key
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if ty.IsSetType() || ty.IsListType() || ty.IsTupleType() {
				k = ev
			}
			if k.Type() != cty.String {
				if c, err := convert.Convert(k, cty.String); err == nil {
					k = c
				} else {
					continue
				}
			}
			out = append(out, key{suffix: keySuffix(k), each: k, value: ev, count: cty.NullVal(cty.Number)})
		}
		s.ev.total += len(out)
		return out, nil
	}
	if a := meta[attrCount]; a != nil {
		v := s.eval(a.Expr, ctx)
		v, _ = v.UnmarkDeep()
		if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
			return []key{{count: cty.UnknownVal(cty.Number), each: cty.NullVal(cty.String), value: cty.NullVal(cty.DynamicPseudoType)}}, &model.Unknown{Reason: "count is not known before apply", Expr: refText(a.Expr)}
		}
		bf := v.AsBigFloat()
		n, _ := bf.Int64()
		if n < 0 {
			n = 0
		}
		if n > maxInstances || s.ev.total+int(n) > maxInstances*10 {
			s.ev.pr.add("%s: count is %d, more than authlint expands (%d); the resource is read once with unknown instances", addr, n, maxInstances)
			return []key{{count: cty.UnknownVal(cty.Number), each: cty.NullVal(cty.String), value: cty.NullVal(cty.DynamicPseudoType)}}, &model.Unknown{Reason: "count is too large to expand"}
		}
		out := make([]key, 0, n)
		for i := range n {
			out = append(out, key{suffix: fmt.Sprintf("[%d]", i), count: cty.NumberIntVal(i), each: cty.NullVal(cty.String), value: cty.NullVal(cty.DynamicPseudoType)})
		}
		s.ev.total += int(n)
		return out, nil
	}
	s.ev.total++
	return []key{{count: cty.NullVal(cty.Number), each: cty.NullVal(cty.String), value: cty.NullVal(cty.DynamicPseudoType), plain: true}}, nil
}

func (s *scope) childContext(k key) *hcl.EvalContext {
	parent := s.evalContext()
	if k.plain {
		// Most blocks have neither count nor for_each: they share one
		// context, whose parent evalContext keeps up to date in place.
		if s.plainCtx == nil {
			s.plainCtx = s.newChildContext(parent, k)
		}
		return s.plainCtx
	}
	return s.newChildContext(parent, k)
}

func (s *scope) newChildContext(parent *hcl.EvalContext, k key) *hcl.EvalContext {
	ctx := parent.NewChild()
	ctx.Variables = map[string]cty.Value{
		"count": cty.ObjectVal(map[string]cty.Value{"index": k.count}),
		"each":  cty.ObjectVal(map[string]cty.Value{"key": k.each, "value": k.value}),
	}
	return ctx
}

// resource evaluates every instance of a managed resource and sets the
// value references to it see.
func (s *scope) resource(r *resourceDecl) {
	base := s.prefix + r.key()
	s.ev.declared[base] = true
	keys, unknown := s.expand(r.meta, base)
	if unknown == nil && s.instancesUnknown != nil {
		unknown = s.instancesUnknown
	}
	sch := s.ev.schemas[r.typ]
	_, countSet := r.meta[attrCount]
	var (
		list  []cty.Value
		byKey = map[string]cty.Value{}
		one   cty.Value
	)
	for _, k := range keys {
		addr := base + k.suffix
		if unknown != nil {
			addr = base
		}
		ctx := s.childContext(k)
		inst := &instance{addr: addr, resource: base, typ: r.typ, loc: s.ev.pos.loc(r.block.DefRange), instancesUnknown: unknown}
		var obj cty.Value
		if sch != nil {
			obj = s.instance(inst, r, sch, ctx)
			s.ev.instances = append(s.ev.instances, inst)
		} else {
			obj = cty.DynamicVal.Mark(refMark{Addr: addr})
		}
		switch {
		case unknown != nil:
			one = cty.DynamicVal.WithMarks(allMarks(obj))
		case countSet:
			list = append(list, obj)
		case r.meta[attrForEach] != nil:
			byKey[k.each.AsString()] = obj
		default:
			one = obj
		}
	}
	switch {
	case unknown != nil || (r.meta[attrCount] == nil && r.meta[attrForEach] == nil):
		if one == cty.NilVal {
			one = cty.DynamicVal
		}
		s.set(r.typ, r.name, one)
	case countSet:
		if len(list) == 0 {
			s.set(r.typ, r.name, cty.EmptyTupleVal)
		} else {
			s.set(r.typ, r.name, cty.TupleVal(list))
		}
	default:
		s.set(r.typ, r.name, objectOf(byKey))
	}
}

// instance evaluates one instance's attributes and returns the object
// references see: configured values and computed attributes, each marked
// with the instance and attribute it comes from.
func (s *scope) instance(inst *instance, r *resourceDecl, sch *schema, ctx *hcl.EvalContext) cty.Value {
	body := dynblock.Expand(r.block.Body, ctx)
	if sb, ok := r.block.Body.(*hclsyntax.Body); ok {
		for _, d := range sb.Blocks {
			if d.Type != "dynamic" || len(d.Labels) != 1 || d.Body.Attributes["for_each"] == nil {
				continue
			}
			if v := s.eval(d.Body.Attributes["for_each"].Expr, ctx); !v.IsWhollyKnown() {
				inst.scopesUnknown = &model.Unknown{Reason: "dynamic \"" + d.Labels[0] + "\" blocks iterate over a value not known statically"}
			}
		}
	}
	content, _, _ := body.PartialContent(sch.bodySchema(true))
	inst.attrs, inst.blocks = s.content(content, sch, ctx)
	if a := content.Attributes[attrDependsOn]; a != nil {
		for _, t := range dependsOnTraversals(a.Expr) {
			if k, _, ok := s.nodeOf(t); ok && strings.HasPrefix(k, "R:") {
				inst.dependsOn = append(inst.dependsOn, s.prefix+strings.TrimPrefix(k, "R:"))
			}
		}
	}
	for _, b := range content.Blocks {
		if b.Type != metaLifecycle {
			continue
		}
		lc, _, _ := b.Body.PartialContent(lifecycle.bodySchema(false))
		if lc.Attributes["replace_triggered_by"] != nil {
			inst.replaceTriggered = true
		}
		if a := lc.Attributes["create_before_destroy"]; a != nil {
			v := s.eval(a.Expr, ctx)
			loc := s.ev.pos.loc(a.NameRange)
			if v, _ = v.Unmark(); v.IsKnown() && !v.IsNull() && v.Type() == cty.Bool {
				bv := model.KnownBool(v.True(), loc)
				inst.createBeforeDestroy = &bv
			} else {
				inst.createBeforeDestroy = &model.Bool{Unknown: unknownOf(v, refText(a.Expr)), Loc: loc}
			}
		}
	}
	obj := map[string]cty.Value{}
	for _, name := range sch.attrs {
		v := cty.NullVal(cty.DynamicPseudoType)
		if a := inst.attrs[name]; a != nil {
			v = a.val
		}
		obj[name] = v.Mark(refMark{Addr: inst.addr, Attr: name})
	}
	for _, name := range sch.computed {
		obj[name] = cty.UnknownVal(cty.String).Mark(refMark{Addr: inst.addr, Attr: name})
	}
	if inst.typ == tResourceServer {
		obj["scope_identifiers"] = scopeIdentifiers(inst).Mark(refMark{Addr: inst.addr, Attr: "scope_identifiers"})
	}
	for name, bs := range inst.blocks {
		vals := make([]cty.Value, 0, len(bs))
		for _, b := range bs {
			vals = append(vals, blockObject(b))
		}
		if len(vals) == 0 {
			continue
		}
		obj[name] = cty.TupleVal(vals).Mark(refMark{Addr: inst.addr, Attr: name})
	}
	return cty.ObjectVal(obj)
}

// dependsOnTraversals reads depends_on: references, or (Terraform 0.11)
// strings holding them.
func dependsOnTraversals(expr hcl.Expression) []hcl.Traversal {
	out := expr.Variables()
	t, ok := expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		return out
	}
	for _, e := range t.Exprs {
		v, diags := e.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			continue
		}
		if tr, diags := hclsyntax.ParseTraversalAbs([]byte(v.AsString()), "", hcl.InitialPos); !diags.HasErrors() {
			out = append(out, tr)
		}
	}
	return out
}

func blockObject(b *block) cty.Value {
	m := map[string]cty.Value{}
	for k, a := range b.attrs {
		m[k] = a.val
	}
	return objectOf(m)
}

// scopeIdentifiers recomputes a resource server's scope_identifiers
// (identifier/scope_name), which Terraform computes at apply from values
// the configuration already has.
func scopeIdentifiers(inst *instance) cty.Value {
	id := inst.attrs["identifier"]
	if id == nil {
		return cty.UnknownVal(cty.List(cty.String))
	}
	idv, _ := id.val.Unmark()
	if !idv.IsKnown() || idv.IsNull() || idv.Type() != cty.String {
		return cty.UnknownVal(cty.List(cty.String))
	}
	var out []cty.Value
	for _, b := range inst.blocks["scope"] {
		n := b.attrs["scope_name"]
		if n == nil {
			continue
		}
		nv, _ := n.val.Unmark()
		if !nv.IsKnown() || nv.IsNull() || nv.Type() != cty.String {
			return cty.UnknownVal(cty.List(cty.String))
		}
		out = append(out, cty.StringVal(idv.AsString()+"/"+nv.AsString()))
	}
	if len(out) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	return cty.ListVal(out)
}

// content evaluates the attributes and nested blocks a schema names.
func (s *scope) content(c *hcl.BodyContent, sch *schema, ctx *hcl.EvalContext) (map[string]*attr, map[string][]*block) {
	attrs := map[string]*attr{}
	for _, name := range sch.attrs {
		a := c.Attributes[name]
		if a == nil {
			continue
		}
		attrs[name] = s.attribute(a, ctx)
	}
	blocks := map[string][]*block{}
	for _, b := range c.Blocks {
		sub := sch.blocks[b.Type]
		if sub == nil {
			continue
		}
		bc, _, _ := b.Body.PartialContent(sub.bodySchema(false))
		nb := &block{loc: s.ev.pos.loc(b.DefRange)}
		nb.attrs, nb.blocks = s.content(bc, sub, ctx)
		blocks[b.Type] = append(blocks[b.Type], nb)
	}
	return attrs, blocks
}

func (s *scope) attribute(a *hcl.Attribute, ctx *hcl.EvalContext) *attr {
	out := &attr{val: s.eval(a.Expr, ctx), loc: s.ev.pos.loc(a.NameRange), expr: refText(a.Expr), hexpr: a.Expr}
	switch e := a.Expr.(type) {
	case *hclsyntax.TupleConsExpr:
		for _, it := range e.Exprs {
			out.items = append(out.items, s.ev.pos.loc(it.Range()))
			out.itemTexts = append(out.itemTexts, s.ev.pos.text(it.Range()))
		}
	case *hclsyntax.ObjectConsExpr:
		out.keys = map[string]model.Loc{}
		for _, it := range e.Items {
			k, diags := it.KeyExpr.Value(nil)
			if diags.HasErrors() || !k.IsKnown() || k.Type() != cty.String {
				if t := hcl.ExprAsKeyword(it.KeyExpr); t != "" {
					out.keys[t] = s.ev.pos.loc(it.KeyExpr.Range())
				}
				continue
			}
			out.keys[k.AsString()] = s.ev.pos.loc(it.KeyExpr.Range())
		}
	case *hclsyntax.FunctionCallExpr:
		if e.Name == "jsonencode" && len(e.Args) == 1 {
			out.jsonBody = s.ev.mapBody(e.Args[0], ctx, s)
		}
	case *hclsyntax.TemplateExpr:
		r := e.Range()
		src := s.ev.pos.src[r.Filename]
		out.heredoc = e.IsStringLiteral() && r.Start.Byte+2 <= len(src) && string(src[r.Start.Byte:r.Start.Byte+2]) == "<<"
	}
	if out.expr == "" {
		out.text = s.ev.pos.text(a.Expr.Range())
	}
	return out
}

// refText renders an expression that is a plain reference
// (aws_cognito_user_pool.pool.arn); other expressions render as "".
func refText(expr hcl.Expression) string {
	var t hcl.Traversal
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		t = e.Traversal
	case *hclsyntax.TemplateWrapExpr:
		return refText(e.Wrapped)
	default:
		return ""
	}
	var b strings.Builder
	for i, step := range t {
		switch st := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(st.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + st.Name)
		case hcl.TraverseIndex:
			b.WriteString(keySuffix(st.Key))
		default:
			_ = i
		}
	}
	return b.String()
}

// call evaluates a module call: a local module is read and evaluated per
// instance; other sources are unknown.
func (s *scope) call(c *moduleCall) {
	addr := s.prefix + "module." + c.name
	if !strings.HasPrefix(c.source, "./") && !strings.HasPrefix(c.source, "../") {
		why := "module." + c.name + " comes from " + describeSource(c.source) + ", which authlint does not download"
		ctx := s.evalContext()
		for _, a := range sortedAttrs(c.inputs) {
			s.ev.unread = append(s.ev.unread, refsOf(s.eval(a.Expr, ctx))...)
		}
		l := s.ev.pos.loc(c.block.DefRange)
		s.ev.notes = append(s.ev.notes, model.Source{Kind: model.KindTerraform, File: fmt.Sprintf("%s:%d", l.File, l.Line), Format: "module", Version: c.source, Unread: why})
		s.set("module", c.name, cty.DynamicVal.Mark(whyMark{why}))
		return
	}
	rel := filepath.Join(s.mod.rel, filepath.FromSlash(c.source))
	if slices.Contains(s.stack, rel) {
		{
			s.ev.pr.add("%s: module %s includes %s, which is already being evaluated (a cycle); it is not followed again", s.mod.dir, c.name, c.source)
			s.set("module", c.name, cty.DynamicVal.Mark(whyMark{"module." + c.name + " is part of a module cycle"}))
			return
		}
	}
	if s.depth+1 > maxModuleDepth {
		s.ev.pr.add("%s: module %s nests deeper than %d modules; it is not read", s.mod.dir, c.name, maxModuleDepth)
		s.set("module", c.name, cty.DynamicVal.Mark(whyMark{"module." + c.name + " nests too deep"}))
		return
	}
	child, err := s.ev.module(rel)
	if err != nil {
		s.ev.pr.add("%s: module %s: %v", s.mod.dir, c.name, err)
		s.set("module", c.name, cty.DynamicVal.Mark(whyMark{"module." + c.name + " cannot be read"}))
		return
	}
	keys, unknown := s.expand(c.meta, addr)
	if unknown == nil {
		unknown = s.instancesUnknown
	}
	var (
		list  []cty.Value
		byKey = map[string]cty.Value{}
		one   cty.Value
	)
	for _, k := range keys {
		ctx := s.childContext(k)
		inputs := map[string]cty.Value{}
		for name, a := range c.inputs {
			inputs[name] = s.eval(a.Expr, ctx)
		}
		suffix := k.suffix
		if unknown != nil {
			suffix = ""
		}
		sub := newScope(s.ev, child, addr+suffix+".", s.depth+1, append(append([]string{}, s.stack...), rel))
		sub.instancesUnknown = unknown
		out := sub.run(inputs)
		switch {
		case unknown != nil:
			one = cty.DynamicVal.WithMarks(allMarks(out))
		case c.meta[attrCount] != nil:
			list = append(list, out)
		case c.meta[attrForEach] != nil:
			byKey[k.each.AsString()] = out
		default:
			one = out
		}
	}
	switch {
	case unknown != nil || (c.meta[attrCount] == nil && c.meta[attrForEach] == nil):
		if one == cty.NilVal {
			one = cty.DynamicVal
		}
		s.set("module", c.name, one)
	case c.meta[attrCount] != nil:
		if len(list) == 0 {
			s.set("module", c.name, cty.EmptyTupleVal)
		} else {
			s.set("module", c.name, cty.TupleVal(list))
		}
	default:
		s.set("module", c.name, objectOf(byKey))
	}
}

func describeSource(src string) string {
	switch {
	case src == "":
		return "a source it cannot read"
	case strings.Contains(src, "::") || strings.HasPrefix(src, "git@") || strings.Contains(src, "github.com") || strings.HasPrefix(src, "s3::") || strings.Contains(src, "://"):
		return "a remote source"
	default:
		return "the Terraform registry"
	}
}

// module parses a child module once, however many instances it has.
func (ev *evaluator) module(rel string) (*module, error) {
	if m, ok := ev.parsed[rel]; ok {
		return m, nil
	}
	m, err := readModule(ev.ctx, ev.in, rel, false, ev.pr)
	if err != nil {
		return nil, err
	}
	maps.Copy(ev.pos.src, m.src)
	ev.files = append(ev.files, m.files...)
	ev.parsed[rel] = m
	ev.funcsFor(m)
	return m, nil
}
