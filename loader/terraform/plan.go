package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
)

// isPlan reports a plan JSON document (terraform show -json): a
// format_version beside planned_values or resource_changes.
func isPlan(in *loader.Input) bool {
	head := in.Data[:min(len(in.Data), 1<<16)]
	if !bytes.Contains(head, []byte(`"format_version"`)) {
		return false
	}
	doc, err := in.Doc()
	if err != nil || !doc.IsMapping() {
		return false
	}
	keys := doc.TopKeys()
	return slices.Contains(keys, "format_version") && (slices.Contains(keys, "planned_values") || slices.Contains(keys, "resource_changes"))
}

// planReader turns a plan into instances: values from resource_changes
// (after), unknowns from after_unknown, references from the configuration.
// Values marked sensitive (after_sensitive) never enter the model.
type planReader struct {
	name string
	doc  *yamltree.Doc
	sch  map[string]*schema
	// configs are the configuration modules by module address ("" for the
	// root), and calls the module calls that lead to them.
	configs map[string]*tfjson.ConfigModule
	calls   map[string]*tfjson.ModuleCall
	pr      *problems
	// src holds the positions of the .tf files beside the plan, if any.
	src *sourcePositions
}

func (l *Loader) loadPlan(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	name := in.Name()
	doc, err := in.Doc()
	if err != nil {
		return nil, loader.AsError(name, err)
	}
	var plan tfjson.Plan
	if err := json.Unmarshal(in.Data, &plan); err != nil {
		// The decoder's message names types and offsets, never values.
		return nil, loader.Errorf(name, "not a Terraform plan this version of authlint reads: %s", planError(err))
	}
	pr := &problems{}
	sch, _ := l.tables()
	r := &planReader{name: name, doc: doc, sch: sch, configs: map[string]*tfjson.ConfigModule{}, calls: map[string]*tfjson.ModuleCall{}, pr: pr}
	if plan.Config != nil && plan.Config.RootModule != nil {
		r.indexConfig("", plan.Config.RootModule, 0)
	}
	src := in
	if l.opts.TFDir != "" {
		// A folder the user names is read wherever it is.
		src = &loader.Input{Path: filepath.Join(l.opts.TFDir, "plan.json"), MaxFileSize: in.MaxFileSize}
	}
	r.src = indexSources(ctx, src)
	insts := r.instances(ctx, &plan)
	inv := &model.Inventory{SchemaVersion: model.SchemaVersion}
	inv.Sources = append(inv.Sources, model.Source{Kind: model.KindTerraform, File: name, Format: "json", Version: plan.FormatVersion})
	if r.src != nil {
		// The configuration beside the plan is read through the plan, which
		// knows more: a scan of the folder does not load it again alone.
		inv.Sources = append(inv.Sources, model.Source{Kind: model.KindTerraform, File: src.Dir(), Format: "module"})
	}
	b := newBuilder(ctx, inv, pr)
	b.build(insts)
	l.norm.Normalize(inv)
	return []*model.Inventory{inv}, pr.err(name)
}

// planError keeps the shape of a decoding error without any value.
func planError(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("%s has the wrong type (%s)", te.Field, te.Value)
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	}
	msg := err.Error()
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return msg
}

func (r *planReader) indexConfig(addr string, m *tfjson.ConfigModule, depth int) {
	if depth > maxModuleDepth {
		return
	}
	r.configs[addr] = m
	for name, c := range m.ModuleCalls {
		if c == nil || c.Module == nil {
			continue
		}
		child := "module." + name
		if addr != "" {
			child = addr + "." + child
		}
		r.calls[child] = c
		r.indexConfig(child, c.Module, depth+1)
	}
}

// configFor finds the configuration of a resource change.
func (r *planReader) configFor(rc *tfjson.ResourceChange) *tfjson.ConfigResource {
	m := r.configs[stripKeys(rc.ModuleAddress)]
	if m == nil {
		return nil
	}
	want := rc.Type + "." + rc.Name
	for _, c := range m.Resources {
		if c != nil && c.Address == want && c.Mode == tfjson.ManagedResourceMode {
			return c
		}
	}
	return nil
}

// stripKeys removes instance keys from a module address
// (module.a["x"].module.b[0] → module.a.module.b): configurations are per
// module, not per instance.
func stripKeys(addr string) string {
	var b strings.Builder
	depth := 0
	inStr := false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inStr:
			switch c {
			case '\\':
				i++
			case '"':
				inStr = false
			}
		case c == '"' && depth > 0:
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (r *planReader) instances(ctx context.Context, plan *tfjson.Plan) []*instance {
	var out []*instance
	for i, rc := range plan.ResourceChanges {
		if ctx.Err() != nil || rc == nil || rc.Change == nil || rc.Mode != tfjson.ManagedResourceMode {
			continue
		}
		sch := r.sch[rc.Type]
		if sch == nil {
			continue
		}
		if rc.Change.Actions.Delete() || rc.Change.After == nil {
			// Destroyed by the plan: not part of what is deployed after it.
			continue
		}
		ptr := "/resource_changes/" + strconv.Itoa(i)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		sensitive, _ := rc.Change.AfterSensitive.(map[string]any)
		base := rc.Address
		if rc.Index != nil {
			base = baseAddr(rc.Address)
		}
		in := &instance{addr: rc.Address, resource: base, typ: rc.Type, loc: r.loc(ptr)}
		cfg := r.configFor(rc)
		modAddr := rc.ModuleAddress
		in.attrs = map[string]*attr{}
		for _, name := range sch.attrs {
			vptr := ptr + "/change/after/" + yamltree.Escape(name)
			_, inAfter := after[name]
			u := unknown[name]
			if !inAfter && u == nil {
				continue
			}
			a := &attr{loc: r.keyLoc(vptr, in.loc)}
			if isSensitive(sensitive[name]) {
				a.val = cty.DynamicVal.Mark(whyMark{"the plan marks " + name + " as sensitive; authlint does not read it"})
				in.attrs[name] = a
				continue
			}
			var refs []refMark
			if cfg != nil {
				if e := cfg.Expressions[name]; e != nil {
					refs = r.resolve(modAddr, e.References, map[string]bool{})
				}
			}
			a.val = planValue(after[name], u, refs, 0)
			if b, ok := u.(bool); ok && b && name == "provider_arns" && len(refs) > 0 {
				// The list is unknown as a whole: one unknown element per
				// referenced resource keeps each link.
				items := make([]cty.Value, 0, len(refs))
				for _, r := range refs {
					items = append(items, cty.UnknownVal(cty.String).Mark(r))
				}
				a.val = cty.TupleVal(items)
			}
			if len(refs) == 1 {
				a.expr = refs[0].Addr + "." + refs[0].Attr
			}
			in.attrs[name] = a
		}
		in.blocks = map[string][]*block{}
		for bname, bsch := range sch.blocks {
			list, _ := after[bname].([]any)
			for j, raw := range list {
				m, _ := raw.(map[string]any)
				bl := &block{attrs: map[string]*attr{}, loc: r.keyLoc(fmt.Sprintf("%s/change/after/%s/%d", ptr, bname, j), in.loc)}
				bu := blockUnknown(unknown[bname], j)
				for _, an := range bsch.attrs {
					v, ok := m[an]
					if !ok && bu[an] == nil {
						continue
					}
					var refs []refMark
					if e := nestedExpr(cfg, bname, j, an); e != nil {
						refs = r.resolve(modAddr, e.References, map[string]bool{})
					}
					val := planValue(v, bu[an], refs, 0)
					if u, ok := bu[an].(bool); ok && u && an == "audience" && len(refs) > 0 {
						// Unknown as a whole (a set with computed ids): one
						// unknown entry per referenced client keeps each link.
						items := make([]cty.Value, 0, len(refs))
						for _, ref := range refs {
							items = append(items, cty.UnknownVal(cty.String).Mark(ref))
						}
						val = cty.TupleVal(items)
					}
					bl.attrs[an] = &attr{val: val, loc: bl.loc}
				}
				in.blocks[bname] = append(in.blocks[bname], bl)
			}
		}
		if cfg != nil {
			for _, d := range cfg.DependsOn {
				in.dependsOn = append(in.dependsOn, prefixed(modAddr, d))
			}
		}
		r.src.at(in, modAddr)
		out = append(out, in)
	}
	return out
}

// blockUnknown returns the after_unknown shape of the j-th nested block.
func blockUnknown(u any, j int) map[string]any {
	list, _ := u.([]any)
	if j >= len(list) {
		return nil
	}
	m, _ := list[j].(map[string]any)
	return m
}

// nestedExpr returns the configuration expression of an attribute of the
// j-th nested block (jwt_configuration[0].issuer), nil when not written.
func nestedExpr(cfg *tfjson.ConfigResource, block string, j int, name string) *tfjson.Expression {
	if cfg == nil {
		return nil
	}
	e := cfg.Expressions[block]
	if e == nil || e.ExpressionData == nil || j >= len(e.NestedBlocks) {
		return nil
	}
	return e.NestedBlocks[j][name]
}

func isSensitive(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case []any:
		return slices.ContainsFunc(t, isSensitive)
	case map[string]any:
		for _, x := range t {
			if isSensitive(x) {
				return true
			}
		}
	}
	return false
}

func prefixed(mod, addr string) string {
	if mod == "" {
		return addr
	}
	return mod + "." + addr
}

// resolve turns configuration references (relative to a module) into
// resource references, following variables to the module call that sets
// them and module outputs to their expressions.
func (r *planReader) resolve(mod string, refs []string, visited map[string]bool) []refMark {
	// Variables and outputs can lead back to where they started, and each
	// step can fan out: every (module, reference) is followed once.
	if len(visited) > 1000 {
		return nil
	}
	var out []refMark
	seen := map[string]bool{}
	for _, ref := range refs {
		if visited[mod+"|"+ref] {
			continue
		}
		visited[mod+"|"+ref] = true
		parts := splitRef(ref)
		switch {
		case len(parts) < 2:
		case parts[0] == "var":
			call := r.calls[stripKeys(mod)]
			if call == nil {
				continue
			}
			if e := call.Expressions[parts[1]]; e != nil {
				out = append(out, r.resolve(parentModule(mod), e.References, visited)...)
			}
		case parts[0] == "module":
			child := prefixed(stripKeys(mod), "module."+parts[1])
			cfg := r.configs[child]
			if cfg == nil || len(parts) < 3 {
				continue
			}
			if o := cfg.Outputs[parts[2]]; o != nil && o.Expression != nil {
				out = append(out, r.resolve(prefixed(mod, "module."+parts[1]), o.Expression.References, visited)...)
			}
		case parts[0] == "data", parts[0] == "local", parts[0] == "each", parts[0] == "count", parts[0] == "path", parts[0] == "self", parts[0] == "terraform":
		default:
			res := prefixed(mod, parts[0]+"."+parts[1])
			attr := ""
			if len(parts) > 2 {
				attr = parts[2]
			}
			key := res + "|" + attr
			if seen[res+"|"] || seen[key] {
				continue
			}
			if attr == "" {
				// "aws_x.y" comes with "aws_x.y.attr": keep the precise one.
				if slices.ContainsFunc(refs, func(o string) bool { return strings.HasPrefix(o, ref+".") }) {
					continue
				}
			}
			seen[key] = true
			out = append(out, refMark{Addr: res, Attr: attr})
		}
	}
	return out
}

// splitRef splits a reference into its dotted parts, keeping an instance
// key with the name it follows (aws_x.y[0].arn → aws_x, y[0], arn).
func splitRef(ref string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(ref); i++ {
		switch ref[i] {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				parts = append(parts, ref[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, ref[start:])
}

func parentModule(mod string) string {
	i := strings.LastIndex(stripKeys(mod), ".module.")
	if i < 0 {
		return ""
	}
	// Keep the instance keys of the parent: count the parts up to it.
	return mod[:len(mod)-(len(stripKeys(mod))-i)]
}

// planValue builds a cty value from a plan's after value and its
// after_unknown shape; refs mark every part.
func planValue(v any, unknown any, refs []refMark, depth int) cty.Value {
	mark := func(x cty.Value) cty.Value {
		for _, r := range refs {
			x = x.Mark(r)
		}
		return x
	}
	if depth > maxNesting {
		return cty.DynamicVal
	}
	if u, ok := unknown.(bool); ok && u {
		return mark(cty.DynamicVal)
	}
	switch t := v.(type) {
	case nil:
		if unknown == nil {
			return cty.NullVal(cty.DynamicPseudoType)
		}
	case string:
		return mark(cty.StringVal(t))
	case bool:
		return mark(cty.BoolVal(t))
	case float64:
		return mark(cty.NumberFloatVal(t))
	case json.Number:
		if n, err := cty.ParseNumberVal(t.String()); err == nil {
			return mark(n)
		}
	case []any:
		us, _ := unknown.([]any)
		items := make([]cty.Value, 0, len(t))
		for i, e := range t {
			var ue any
			if i < len(us) {
				ue = us[i]
			}
			var er []refMark
			if len(refs) == len(t) {
				er = refs[i : i+1]
			} else {
				er = refs
			}
			items = append(items, planValue(e, ue, er, depth+1))
		}
		if len(items) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(items)
	case map[string]any:
		um, _ := unknown.(map[string]any)
		m := map[string]cty.Value{}
		for k, e := range t {
			m[k] = planValue(e, um[k], refs, depth+1)
		}
		for k, ue := range um {
			if _, ok := t[k]; !ok {
				m[k] = planValue(nil, ue, refs, depth+1)
			}
		}
		return objectOf(m)
	}
	return mark(cty.DynamicVal)
}

func (r *planReader) loc(ptr string) model.Loc {
	l := model.Loc{File: r.name, Pointer: ptr}
	if p, ok := r.doc.Pos(ptr); ok {
		l.Line, l.Column = p.Line, p.Column
	}
	return l
}

func (r *planReader) keyLoc(ptr string, fallback model.Loc) model.Loc {
	if p, ok := r.doc.KeyPos(ptr); ok {
		return model.Loc{File: r.name, Line: p.Line, Column: p.Column, Pointer: ptr}
	}
	return fallback
}
