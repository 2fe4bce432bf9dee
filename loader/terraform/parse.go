package terraform

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// module is the parsed configuration of one folder.
type module struct {
	// dir is the folder as locations name it; rel is the folder relative to
	// the input's own folder (what ReadRelated takes).
	dir, rel  string
	files     []string
	bodies    []hcl.Body
	src       map[string][]byte
	variables []*variable
	locals    []*hcl.Attribute
	resources []*resourceDecl
	calls     []*moduleCall
	outputs   []*hcl.Block
	// tfvars are the variable files Terraform loads on its own (root
	// module only), in Terraform's order.
	tfvars []string
}

type variable struct {
	name  string
	block *hcl.Block
	attrs hcl.Attributes
}

type resourceDecl struct {
	data      bool
	typ, name string
	block     *hcl.Block
	meta      hcl.Attributes
}

func (r *resourceDecl) key() string {
	if r.data {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

type moduleCall struct {
	name   string
	block  *hcl.Block
	source string
	// inputs are the module's arguments; meta are count and for_each.
	inputs hcl.Attributes
	meta   hcl.Attributes
}

// problems collects the messages of one load; every message names its file
// and position, and never quotes the file.
type problems struct {
	list []string
	errs []*loader.Error
}

func (p *problems) add(format string, args ...any) {
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

// diags records HCL error diagnostics with file:line:col and HCL's summary
// (never the detail, which may quote the source).
func (p *problems) diags(ds hcl.Diagnostics, pos *positions) {
	for _, d := range ds {
		if d.Severity != hcl.DiagError {
			continue
		}
		e := &loader.Error{Reason: d.Summary}
		if d.Subject != nil {
			l := pos.loc(*d.Subject)
			e.Input, e.Line, e.Column = l.File, l.Line, l.Column
		}
		p.errs = append(p.errs, e)
	}
}

// positions turns HCL ranges into model locations. HCL counts columns in
// grapheme clusters; SARIF and the other loaders count UTF-16 code units
// from the line start, so the column is recomputed from the byte offset.
type positions struct {
	src map[string][]byte
}

func (p *positions) loc(r hcl.Range) model.Loc {
	l := model.Loc{File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
	src := p.src[r.Filename]
	if b := r.Start.Byte; src != nil && b >= 0 && b <= len(src) {
		start := b
		for start > 0 && src[start-1] != '\n' {
			start--
		}
		col := 0
		for rest := src[start:b]; len(rest) > 0; {
			c, n := utf8.DecodeRune(rest)
			if c == utf8.RuneError && n <= 1 {
				col++
			} else {
				col += len(utf16.Encode([]rune{c}))
			}
			rest = rest[n:]
		}
		l.Column = col + 1
	}
	return l
}

// maxExprText bounds the source text of an expression kept in the model.
const maxExprText = 200

// text returns the source text of a one-line expression of at most
// maxExprText bytes ("" otherwise): rules read the literal parts around
// references ("https://${aws_cognito_user_pool.p.endpoint}/").
func (p *positions) text(r hcl.Range) string {
	src := p.src[r.Filename]
	if src == nil || r.Start.Byte < 0 || r.End.Byte > len(src) || r.End.Byte <= r.Start.Byte || r.End.Byte-r.Start.Byte > maxExprText {
		return ""
	}
	t := src[r.Start.Byte:r.End.Byte]
	if !utf8.Valid(t) || bytes.ContainsAny(t, "\r\n") {
		return ""
	}
	return string(t)
}

// tooDeep reports the first position where brackets nest deeper than the
// limit: HCL's parsers recurse once per level, and a hostile file must not
// exhaust the stack. Strings and comments are skipped roughly; the check
// errs on the side of parsing.
func tooDeep(src []byte, limit int) (line int, deep bool) {
	depth, line := 0, 1
	inStr := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			line++
			inStr = false
			continue
		}
		if inStr {
			switch c {
			case '\\':
				i++
			case '"':
				inStr = false
			}
			continue
		}
		switch c {
		case '"':
			inStr = true
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
		case '(', '[', '{':
			depth++
			if depth > limit {
				return line, true
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return 0, false
}

// readModule parses the .tf and .tf.json files of a folder. rel is the
// folder relative to the input's folder; single names one file to read
// alone (a .tf file the user named).
func readModule(ctx context.Context, in *loader.Input, rel string, root bool, pr *problems) (*module, error) {
	m := &module{rel: rel, src: map[string][]byte{}}
	var names []string
	if !in.Module && rel == "." {
		m.dir = in.Dir()
		names = []string{filepath.Base(in.Path)}
		m.src[in.Path] = in.Data
	} else {
		dir, list, err := in.ListRelated(ctx, rel)
		if err != nil {
			return nil, err
		}
		m.dir = dir
		if in.Module && rel == "." {
			m.dir = in.Path
		}
		names = list
	}
	// Terraform reads override files after the others.
	sort.SliceStable(names, func(i, j int) bool {
		oi, oj := isOverride(names[i]), isOverride(names[j])
		if oi != oj {
			return oj
		}
		return names[i] < names[j]
	})
	parser := hclparse.NewParser()
	pos := &positions{src: m.src}
	var auto []string
	for _, n := range names {
		config, vars := loader.TerraformFile(n)
		if vars {
			ln := strings.ToLower(n)
			switch {
			case ln == "terraform.tfvars" || ln == "terraform.tfvars.json":
				m.tfvars = append(m.tfvars, filepath.Join(m.dir, n))
			case strings.HasSuffix(ln, ".auto.tfvars") || strings.HasSuffix(ln, ".auto.tfvars.json"):
				auto = append(auto, filepath.Join(m.dir, n))
			}
			continue
		}
		if !config {
			continue
		}
		path := filepath.Join(m.dir, n)
		data, ok := m.src[path]
		if !ok {
			_, b, err := in.ReadRelated(ctx, filepath.Join(rel, n))
			if err != nil {
				pr.errs = append(pr.errs, loader.AsError(path, err))
				continue
			}
			data = b
		}
		if line, deep := tooDeep(data, maxNesting); deep {
			pr.errs = append(pr.errs, &loader.Error{Input: path, Line: line, Reason: fmt.Sprintf("expressions nest deeper than %d levels; the file is not read", maxNesting)})
			continue
		}
		m.src[path] = data
		var (
			f     *hcl.File
			diags hcl.Diagnostics
		)
		if strings.HasSuffix(strings.ToLower(n), ".json") {
			f, diags = parser.ParseJSON(data, path)
		} else {
			f, diags = parser.ParseHCL(data, path)
		}
		pr.diags(diags, pos)
		if f == nil || diags.HasErrors() {
			continue
		}
		m.files = append(m.files, path)
		m.bodies = append(m.bodies, f.Body)
		m.collect(f.Body, pr, pos)
	}
	if root {
		m.tfvars = append(m.tfvars, auto...)
	} else {
		m.tfvars = nil
	}
	return m, nil
}

// collect sorts the top-level blocks of one file.
func (m *module) collect(body hcl.Body, pr *problems, pos *positions) {
	content, _, diags := body.PartialContent(fileSchema)
	pr.diags(diags, pos)
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			c, _, d := b.Body.PartialContent(variableSchema)
			pr.diags(d, pos)
			m.variables = append(m.variables, &variable{name: b.Labels[0], block: b, attrs: c.Attributes})
		case "locals":
			attrs, d := b.Body.JustAttributes()
			pr.diags(d, pos)
			m.locals = append(m.locals, sortedAttrs(attrs)...)
		case "resource", "data":
			c, _, d := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{
				{Name: attrCount}, {Name: attrForEach}, {Name: attrDependsOn},
			}})
			pr.diags(d, pos)
			r := &resourceDecl{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], block: b, meta: c.Attributes}
			if slices.ContainsFunc(m.resources, func(o *resourceDecl) bool { return o.key() == r.key() }) {
				// Terraform rejects a second declaration, and merges override
				// files into the first, which authlint does not: the first
				// declaration is kept.
				if !isOverride(b.DefRange.Filename) {
					l := pos.loc(b.DefRange)
					pr.errs = append(pr.errs, &loader.Error{Input: l.File, Line: l.Line, Column: l.Column, Reason: r.key() + " is declared twice; the second declaration is ignored"})
				}
				continue
			}
			m.resources = append(m.resources, r)
		case "module":
			attrs, _ := b.Body.JustAttributes()
			call := &moduleCall{name: b.Labels[0], block: b, inputs: hcl.Attributes{}, meta: hcl.Attributes{}}
			for name, a := range attrs {
				switch name {
				case "source":
					v, d := a.Expr.Value(nil)
					if !d.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type().Equals(cty.String) {
						call.source = v.AsString()
					}
				case attrCount, attrForEach:
					call.meta[name] = a
				case "version", "providers", attrDependsOn:
				default:
					call.inputs[name] = a
				}
			}
			m.calls = append(m.calls, call)
		case "output":
			m.outputs = append(m.outputs, b)
		}
	}
}

// isOverride reports a Terraform override file (override.tf,
// *_override.tf and their .tf.json forms).
func isOverride(path string) bool {
	n := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(filepath.Base(path)), ".json"), ".tf")
	return n == "override" || strings.HasSuffix(n, "_override")
}

func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Range.Filename != out[j].Range.Filename {
			return out[i].Range.Filename < out[j].Range.Filename
		}
		return out[i].Range.Start.Byte < out[j].Range.Start.Byte
	})
	return out
}
