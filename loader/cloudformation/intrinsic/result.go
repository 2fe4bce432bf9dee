package intrinsic

import (
	"reflect"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// Kind says what a Result holds.
type Kind int

// Result kinds.
const (
	// Known is a literal value.
	Known Kind = iota
	// Parts is a string that contains references to resources.
	Parts
	// Unknowable is a value that cannot be computed statically.
	Unknowable
	// NoValue is AWS::NoValue: the property is removed.
	NoValue
)

// Ref is a reference to a resource of the template: Ref (Attr empty) or
// Fn::GetAtt (Attr set). Type is the resource type, empty when the template
// defines no resource with that logical id.
type Ref struct {
	LogicalID string
	Attr      string
	Type      string
	// Abs is true when LogicalID is already the full ref of a resource of an
	// enclosing stack (a nested stack parameter fed with !Ref or !GetAtt).
	Abs bool
}

// Missing reports whether the reference names no resource of the template.
func (r *Ref) Missing() bool { return r.Type == "" }

// Render is the reference in short form (!Ref X, !GetAtt X.Attr).
func (r *Ref) Render() string {
	if r.Attr == "" {
		return "!Ref " + r.LogicalID
	}
	return "!GetAtt " + r.LogicalID + "." + r.Attr
}

// Part is one piece of a string built by Fn::Sub or Fn::Join: known text, a
// reference to a resource, or an unknown value.
type Part struct {
	Text    string
	Ref     *Ref
	Unknown *model.Unknown
}

// Result is the static value of an expression.
type Result struct {
	Kind Kind
	// Value is the literal for Known (string, int64, float64, bool, nil,
	// []any, map[string]any; lists and maps may still hold intrinsics in
	// their elements, which callers resolve one by one).
	Value any
	// Parts is set for Parts.
	Parts []Part
	// Unknown is set for Unknowable.
	Unknown *model.Unknown
}

func known(v any) Result { return Result{Kind: Known, Value: v} }

func unknown(reason, expr string) Result {
	return Result{Kind: Unknowable, Unknown: &model.Unknown{Reason: reason, Expr: expr}}
}

// String returns the known scalar value as text.
func (r Result) String() (string, bool) {
	if r.Kind != Known {
		return "", false
	}
	return apigw.Scalar(r.Value)
}

// SingleRef returns the reference when the result is exactly one reference.
func (r Result) SingleRef() *Ref {
	if r.Kind == Parts && len(r.Parts) == 1 && r.Parts[0].Ref != nil {
		return r.Parts[0].Ref
	}
	return nil
}

// AsUnknown explains why the result is not a known literal; expr is the
// rendering of the source expression.
func (r Result) AsUnknown(expr string) *model.Unknown {
	switch r.Kind {
	case Unknowable:
		u := *r.Unknown
		if u.Expr == "" {
			u.Expr = expr
		}
		return &u
	case Parts:
		return &model.Unknown{Reason: partsReason(r.Parts), Expr: expr, NonEmpty: partsNonEmpty(r.Parts)}
	case NoValue:
		return &model.Unknown{Reason: "the value is AWS::NoValue", Expr: expr}
	default:
		return nil
	}
}

// partsNonEmpty reports whether text made of the parts cannot be empty: some
// part is literal text, or refers to a resource the template defines (ids
// and attributes of resources are never empty).
func partsNonEmpty(parts []Part) bool {
	for _, p := range parts {
		if p.Text != "" || (p.Ref != nil && !p.Ref.Missing()) {
			return true
		}
	}
	return false
}

func partsReason(parts []Part) string {
	for _, p := range parts {
		if p.Unknown != nil {
			return p.Unknown.Reason
		}
	}
	for _, p := range parts {
		if p.Ref != nil {
			if p.Ref.Missing() {
				return "it refers to " + p.Ref.LogicalID + ", which the template does not define"
			}
			if p.Ref.Attr == "" {
				return p.Ref.Render() + " (the " + p.Ref.Type + " " + p.Ref.LogicalID + ") is known only after deployment"
			}
			return p.Ref.Render() + " (an attribute of the " + p.Ref.Type + " " + p.Ref.LogicalID + ") is known only after deployment"
		}
	}
	return "the value is known only after deployment"
}

// Text concatenates parts into a readable template ("arn:${AWS::Partition}:…").
func Text(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		switch {
		case p.Ref != nil && p.Ref.Attr == "":
			b.WriteString("${" + p.Ref.LogicalID + "}")
		case p.Ref != nil:
			b.WriteString("${" + p.Ref.LogicalID + "." + p.Ref.Attr + "}")
		case p.Unknown != nil:
			if p.Unknown.Expr != "" {
				b.WriteString("${" + p.Unknown.Expr + "}")
			} else {
				b.WriteString("${?}")
			}
		default:
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

// Equal compares two results (for Fn::If whose branches agree).
func Equal(a, b Result) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Known:
		return reflect.DeepEqual(a.Value, b.Value)
	case Parts:
		return reflect.DeepEqual(a.Parts, b.Parts)
	case NoValue:
		return true
	default:
		return false
	}
}

// asParts turns a result into string parts (for concatenation).
func asParts(r Result, expr string) []Part {
	switch r.Kind {
	case Known:
		if s, ok := apigw.Scalar(r.Value); ok {
			return []Part{{Text: s}}
		}
		return []Part{{Unknown: &model.Unknown{Reason: "a list or object where text is expected", Expr: expr}}}
	case Parts:
		return r.Parts
	case NoValue:
		return []Part{{Unknown: &model.Unknown{Reason: "AWS::NoValue where text is expected", Expr: expr}}}
	default:
		return []Part{{Unknown: r.Unknown}}
	}
}

// concat joins parts, merging adjacent text; all-text results become Known.
func concat(parts []Part) Result {
	out := make([]Part, 0, len(parts))
	for _, p := range parts {
		if p.Ref == nil && p.Unknown == nil {
			if n := len(out); n > 0 && out[n-1].Ref == nil && out[n-1].Unknown == nil {
				out[n-1].Text += p.Text
				continue
			}
			if p.Text == "" {
				continue
			}
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return known("")
	}
	if len(out) == 1 && out[0].Ref == nil && out[0].Unknown == nil {
		return known(out[0].Text)
	}
	for _, p := range out {
		if p.Unknown != nil && p.Ref == nil {
			// Any unknown piece makes the whole string unknown, but keep the
			// pieces: a link may still be read off the references.
			return Result{Kind: Parts, Parts: out, Unknown: p.Unknown}
		}
	}
	return Result{Kind: Parts, Parts: out}
}
