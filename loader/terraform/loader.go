package terraform

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// Options configure the loader.
type Options struct {
	// Vars are root module variable values (--var NAME=VALUE), in order;
	// they win over VarFiles, which win over the .tfvars files Terraform
	// loads by itself.
	Vars []string
	// VarFiles are variable files (--var-file), in order.
	VarFiles []string
	// TFDir is the folder of the configuration a plan was made from
	// (--tf-dir); findings about a plan point at its .tf files. Without it,
	// the folder of the plan is tried.
	TFDir string
}

// Loader reads Terraform modules and plan JSON documents.
type Loader struct {
	opts Options
	// schemas and funcs are built once per loader and only read after:
	// every module of a scan shares them.
	schemas map[string]*schema
	funcs   map[string]function.Function
	norm    *model.Normalizer
}

// New returns the loader.
func New(opts Options) *Loader {
	return &Loader{opts: opts, schemas: schemas(), funcs: pureFunctions(), norm: model.NewNormalizer()}
}

// tables returns the loader's schemas and functions, built now for a
// Loader not made by New.
func (l *Loader) tables() (map[string]*schema, map[string]function.Function) {
	if l.schemas == nil || l.funcs == nil {
		return schemas(), pureFunctions()
	}
	return l.schemas, l.funcs
}

// Name is the source kind.
func (*Loader) Name() string { return model.KindTerraform }

// DetectRaw accepts folders of Terraform files and files named .tf,
// .tf.json or .tfvars: none of them is read as YAML.
func (*Loader) DetectRaw(in *loader.Input) bool {
	if in.Module {
		return true
	}
	config, vars := loader.TerraformFile(in.Path)
	return config || vars
}

// Detect accepts plan JSON documents (format_version with planned_values or
// resource_changes), by content.
func (l *Loader) Detect(in *loader.Input) bool {
	if l.DetectRaw(in) {
		return true
	}
	return isPlan(in)
}

// Load reads a module folder, a .tf file the user named, or a plan.
func (l *Loader) Load(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	name := in.Name()
	if !in.Module {
		config, vars := loader.TerraformFile(in.Path)
		switch {
		case vars:
			return nil, loader.Errorf(name, "a Terraform variables file is read with its module; pass it with --var-file")
		case !config:
			return l.loadPlan(ctx, in)
		}
	}
	return l.loadModule(ctx, in)
}

func (l *Loader) loadModule(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	name := in.Name()
	pr := &problems{}
	root, err := readModule(ctx, in, ".", true, pr)
	if err != nil {
		return nil, loader.AsError(name, err)
	}
	sch, funcs := l.tables()
	ev := &evaluator{ctx: ctx, in: in, opts: l.opts, pr: pr, pos: &positions{src: map[string][]byte{}},
		schemas: sch, parsed: map[string]*module{".": root}, declared: map[string]bool{}}
	maps.Copy(ev.pos.src, root.src)
	ev.funcs = ev.functions(funcs)
	ev.funcsFor(root)
	ev.files = append(ev.files, root.files...)
	inputs, err := l.rootInputs(ctx, in, root, pr, ev.pos)
	if err != nil {
		pr.add("%v", err)
	}
	if len(root.files) == 0 && len(pr.errs) == 0 {
		return nil, loader.Errorf(name, "no Terraform configuration (.tf or .tf.json) could be read")
	}
	sc := newScope(ev, root, "", 0, []string{"."})
	sc.run(inputs)

	inv := &model.Inventory{SchemaVersion: model.SchemaVersion}
	for _, f := range ev.files {
		format := "hcl"
		if strings.HasSuffix(strings.ToLower(f), ".json") {
			format = "json"
		}
		inv.Sources = append(inv.Sources, model.Source{Kind: model.KindTerraform, File: f, Format: format})
	}
	rels := make([]string, 0, len(ev.parsed))
	for rel := range ev.parsed {
		if rel != "." {
			rels = append(rels, rel)
		}
	}
	sort.Strings(rels)
	for _, rel := range rels {
		// A child module is read as part of this module: the walk does not
		// scan its folder again on its own.
		inv.Sources = append(inv.Sources, model.Source{Kind: model.KindTerraform, File: ev.parsed[rel].dir, Format: "module"})
	}
	inv.Sources = append(inv.Sources, ev.notes...)
	b := newBuilder(ctx, inv, pr)
	b.unread, b.declared, b.partial = ev.unread, ev.declared, !in.Module
	b.build(ev.instances)
	l.norm.Normalize(inv)
	return []*model.Inventory{inv}, pr.err(name)
}

// err joins the problems of a load into one error naming the input; a
// single positioned error keeps its file, line and column.
func (p *problems) err(name string) error {
	if len(p.errs) == 0 && len(p.list) == 0 {
		return nil
	}
	if len(p.errs) > 0 {
		// The first positioned error names the file, line and column; the
		// others follow in the reason.
		first := *p.errs[0]
		if first.Input == "" {
			first.Input = name
		}
		msgs := []string{first.Reason}
		for _, e := range p.errs[1:] {
			msgs = append(msgs, e.Error())
		}
		msgs = append(msgs, p.list...)
		first.Reason = strings.Join(msgs, "; ")
		return &first
	}
	return &loader.Error{Input: name, Reason: strings.Join(p.list, "; ")}
}

// rootInputs gathers the root module's variable values: terraform.tfvars,
// *.auto.tfvars, --var-file, then --var (later wins).
func (l *Loader) rootInputs(ctx context.Context, in *loader.Input, root *module, pr *problems, pos *positions) (map[string]cty.Value, error) {
	out := map[string]cty.Value{}
	parser := hclparse.NewParser()
	read := func(path string, data []byte) {
		var (
			f     *hcl.File
			diags hcl.Diagnostics
		)
		if strings.HasSuffix(strings.ToLower(path), ".json") {
			f, diags = parser.ParseJSON(data, path)
		} else {
			f, diags = parser.ParseHCL(data, path)
		}
		pos.src[path] = data
		if diags.HasErrors() || f == nil {
			pr.diags(diags, pos)
			return
		}
		attrs, diags := f.Body.JustAttributes()
		pr.diags(diags, pos)
		for name, a := range attrs {
			v, d := a.Expr.Value(&hcl.EvalContext{Functions: map[string]function.Function{}})
			if d.HasErrors() {
				pr.diags(d, pos)
				continue
			}
			out[name] = v
		}
	}
	for _, p := range root.tfvars {
		rel, err := filepath.Rel(in.Dir(), p)
		if err != nil {
			rel = filepath.Base(p)
		}
		_, data, err := in.ReadRelated(ctx, rel)
		if err != nil {
			pr.errs = append(pr.errs, loader.AsError(p, err))
			continue
		}
		read(p, data)
	}
	for _, p := range l.opts.VarFiles {
		data, err := loader.ReadFile(ctx, p, in.MaxFileSize)
		if err != nil {
			return out, fmt.Errorf("variables file %s: %w", p, err)
		}
		read(p, data)
	}
	types := map[string]hcl.Expression{}
	for _, v := range root.variables {
		if t := v.attrs["type"]; t != nil {
			types[v.name] = t.Expr
		}
	}
	for _, kv := range l.opts.Vars {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = varFlagValue(v, types[k])
	}
	return out, nil
}

// varFlagValue reads a --var value as Terraform does: text for string
// variables (and untyped ones), an HCL expression otherwise.
func varFlagValue(v string, typ hcl.Expression) cty.Value {
	if typ != nil {
		if kw := hcl.ExprAsKeyword(typ); kw != "" && kw != "string" && kw != "any" || kw == "" {
			if e, diags := hclsyntax.ParseExpression([]byte(v), "--var", hcl.InitialPos); !diags.HasErrors() {
				if val, diags := e.Value(nil); !diags.HasErrors() {
					return val
				}
			}
		}
	}
	return cty.StringVal(v)
}
