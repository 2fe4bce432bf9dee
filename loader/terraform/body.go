package terraform

import (
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// bodyMap says where each part of a jsonencode({...}) argument is written:
// JSON pointer → position of the value, and of its key.
type bodyMap struct {
	locs map[string]model.Loc
	keys map[string]model.Loc
	// texts are the source texts of templates ("https://${…}/"), which
	// rules read around the references.
	texts map[string]string
	// arg is the argument's value, with unknown parts (and their marks).
	arg cty.Value
}

func (ev *evaluator) mapBody(expr hclsyntax.Expression, ctx *hcl.EvalContext, s *scope) *bodyMap {
	m := &bodyMap{locs: map[string]model.Loc{}, keys: map[string]model.Loc{}, texts: map[string]string{}}
	m.arg = s.eval(expr, ctx)
	var walk func(e hclsyntax.Expression, ptr string, depth int)
	walk = func(e hclsyntax.Expression, ptr string, depth int) {
		if depth > maxNesting {
			return
		}
		m.locs[ptr] = ev.pos.loc(e.Range())
		switch t := e.(type) {
		case *hclsyntax.ObjectConsExpr:
			for _, it := range t.Items {
				k, diags := it.KeyExpr.Value(ctx)
				if diags.HasErrors() {
					continue
				}
				k, _ = k.Unmark()
				if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
					continue
				}
				p := apigw.Ptr(ptr, k.AsString())
				m.keys[p] = ev.pos.loc(it.KeyExpr.Range())
				walk(it.ValueExpr, p, depth+1)
			}
		case *hclsyntax.TupleConsExpr:
			for i, it := range t.Exprs {
				walk(it, apigw.Ptr(ptr, i), depth+1)
			}
		case *hclsyntax.ParenthesesExpr:
			walk(t.Expression, ptr, depth+1)
		case *hclsyntax.TemplateExpr:
			if txt := ev.pos.text(t.Range()); txt != "" {
				m.texts[ptr] = txt
			}
		}
	}
	walk(expr, "", 0)
	return m
}

// unknownLeaf stands for an unknown part of a document handed to the
// OpenAPI reader or the policy reader: the env turns it into an unknown
// value, or a link.
type unknownLeaf struct{ v cty.Value }

// goValue converts a cty value into the plain tree the OpenAPI and policy
// readers walk; unknown parts become unknownLeaf.
func goValue(v cty.Value, depth int) any {
	if depth > maxNesting {
		return unknownLeaf{v: cty.DynamicVal}
	}
	if !v.IsKnown() {
		return unknownLeaf{v: v}
	}
	u, _ := v.Unmark()
	if u.IsNull() {
		return nil
	}
	if !u.IsKnown() {
		return unknownLeaf{v: v}
	}
	ty := u.Type()
	switch {
	case ty == cty.String:
		return u.AsString()
	case ty == cty.Bool:
		return u.True()
	case ty == cty.Number:
		bf := u.AsBigFloat()
		if i, acc := bf.Int64(); acc == big.Exact {
			return i
		}
		f, _ := bf.Float64()
		return f
	case ty.IsObjectType() || ty.IsMapType():
		out := map[string]any{}
		for it := u.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = goValue(e, depth+1)
		}
		return out
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		out := []any{}
		for it := u.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, goValue(e, depth+1))
		}
		return out
	}
	return unknownLeaf{v: v}
}

// docEnv positions and resolves the values of a document written in a
// Terraform attribute (an OpenAPI body, a policy, a map of parameters).
type docEnv struct {
	b *builder
	// at is the attribute holding the document.
	at model.Loc
	// m maps pointers to positions when the document is written as HCL.
	m *bodyMap
	// text positions a document parsed from text: the parsed tree and where
	// its first line is written.
	text      *yamltree.Doc
	textFile  string
	textLine0 int
	textCol0  int
}

func (e *docEnv) Loc(pointer string) model.Loc {
	if e.m != nil {
		for p := pointer; ; p = parentPtr(p) {
			if l, ok := e.m.locs[p]; ok {
				return l
			}
			if p == "" {
				break
			}
		}
	}
	if e.text != nil {
		if pos, ok := e.text.Pos(pointer); ok {
			return e.textLoc(pos)
		}
	}
	return e.at
}

func (e *docEnv) KeyLoc(pointer string) model.Loc {
	if e.m != nil {
		if l, ok := e.m.keys[pointer]; ok {
			return l
		}
	}
	if e.text != nil {
		if pos, ok := e.text.KeyPos(pointer); ok {
			return e.textLoc(pos)
		}
	}
	return e.Loc(pointer)
}

func (e *docEnv) textLoc(pos yamltree.Pos) model.Loc {
	l := model.Loc{File: e.textFile, Line: pos.Line + e.textLine0, Column: pos.Column}
	if pos.Line == 1 {
		l.Column += e.textCol0
	}
	return l
}

func parentPtr(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func (e *docEnv) String(v any, pointer string) model.String {
	loc := e.Loc(pointer)
	if leaf, ok := v.(unknownLeaf); ok {
		return model.UnknownString(*unknownOf(leaf.v, ""), loc)
	}
	if s, ok := apigw.Scalar(v); ok {
		return model.Known(s, loc)
	}
	return model.UnknownString(model.Unknown{Reason: "expected a text value, found " + apigw.Describe(v)}, loc)
}

func (e *docEnv) ProviderARN(v any, pointer string) model.ProviderARN {
	s := e.String(v, pointer)
	p := model.ProviderARN{ARN: s, Loc: s.Loc}
	if leaf, ok := v.(unknownLeaf); ok {
		p.UserPool = e.b.linkTo(leaf.v, s.Loc, tUserPool)
	}
	return p
}

// Issuer resolves a JWT issuer of an HTTP API body and links the pool its
// references name. An unknown issuer keeps the text of its template, never
// the bare reference (which would read as the endpoint without a scheme).
func (e *docEnv) Issuer(v any, pointer string) (model.String, *model.Link) {
	leaf, ok := v.(unknownLeaf)
	if !ok {
		return e.String(v, pointer), nil
	}
	loc := e.Loc(pointer)
	expr := "(an expression)"
	if e.m != nil && e.m.texts[pointer] != "" {
		expr = e.m.texts[pointer]
	}
	s := model.UnknownString(*unknownOf(leaf.v, expr), loc)
	for _, r := range refsOf(leaf.v) {
		if typeOfAddr(r.Addr) == tUserPool {
			return s, e.b.linkTo(leaf.v, loc, tUserPool)
		}
	}
	return s, nil
}

// AudienceEntry resolves one audience entry of an HTTP API body and links
// the app client (or pool) it refers to.
func (e *docEnv) AudienceEntry(v any, pointer string) model.AudienceEntry {
	if leaf, ok := v.(unknownLeaf); ok {
		return e.b.audienceEntry(leaf.v, e.Loc(pointer), e.m.textAt(pointer))
	}
	s := e.String(v, pointer)
	return model.AudienceEntry{Value: s, Loc: s.Loc}
}

// textAt is the source text of the template at pointer, "" when none.
func (m *bodyMap) textAt(pointer string) string {
	if m == nil {
		return ""
	}
	return m.texts[pointer]
}
