package terraform

import (
	"slices"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/authlint/authlint/internal/model"
)

// Marks record where a value came from. They ride on cty values through
// every expression, so a link follows the reference that produced a value,
// never the value itself.

// refMark says a value is (derived from) an attribute of a resource
// instance: Addr is the instance address, Attr the attribute name.
type refMark struct {
	Addr string
	Attr string
}

// dataMark says a value is read from a data source at plan time.
type dataMark struct{ Addr string }

// whyMark says why a value cannot be known (a variable without a value, a
// module authlint does not read, a function it does not evaluate).
type whyMark struct{ Reason string }

// refsOf returns the resource references carried by v (and its elements),
// sorted and without duplicates.
func refsOf(v cty.Value) []refMark {
	var out []refMark
	for m := range allMarks(v) {
		if r, ok := m.(refMark); ok {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Addr != out[j].Addr {
			return out[i].Addr < out[j].Addr
		}
		return out[i].Attr < out[j].Attr
	})
	return slices.Compact(out)
}

// allMarks collects the marks of v and of everything inside it.
func allMarks(v cty.Value) cty.ValueMarks {
	out := cty.ValueMarks{}
	_, pvm := v.UnmarkDeepWithPaths()
	for _, p := range pvm {
		for m := range p.Marks {
			out[m] = struct{}{}
		}
	}
	return out
}

// unknownOf explains an unknown value from its marks; expr is the source
// reference, when the expression is one.
func unknownOf(v cty.Value, expr string) *model.Unknown {
	marks := allMarks(v)
	var whys, datas, refs []string
	for m := range marks {
		switch t := m.(type) {
		case whyMark:
			whys = append(whys, t.Reason)
		case dataMark:
			datas = append(datas, t.Addr)
		case refMark:
			refs = append(refs, t.Addr+"."+t.Attr)
		}
	}
	sort.Strings(whys)
	sort.Strings(datas)
	sort.Strings(refs)
	u := &model.Unknown{Expr: expr}
	switch {
	case len(whys) > 0:
		u.Reason = whys[0]
	case len(datas) > 0:
		u.Reason = "read from the data source " + datas[0] + " when Terraform plans"
	case len(refs) > 0:
		u.Reason = "computed by Terraform when " + strings.TrimSuffix(refs[0], ".") + " is created"
	default:
		u.Reason = "known only when Terraform applies the configuration"
	}
	if u.Expr == "" && len(refs) == 1 {
		u.Expr = refs[0]
	}
	return u
}

// withMarksOf returns v carrying every mark found in vals (functions authlint
// does not evaluate keep the references of their arguments).
func withMarksOf(v cty.Value, vals ...cty.Value) cty.Value {
	ms := cty.ValueMarks{}
	for _, a := range vals {
		for m := range allMarks(a) {
			ms[m] = struct{}{}
		}
	}
	if len(ms) == 0 {
		return v
	}
	return v.WithMarks(ms)
}
