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
	eachMark(v, func(m any) {
		if r, ok := m.(refMark); ok {
			out = append(out, r)
		}
	})
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
	eachMark(v, func(m any) { out[m] = struct{}{} })
	return out
}

// eachMark calls yield with every mark of v and of the values inside it (a
// mark may come more than once). It reads the value in place: UnmarkDeep
// would rebuild every marked value only for the copy to be dropped, and
// cty.DeepValues builds a path for each value and re-marks a placeholder for
// every marked unknown.
func eachMark(v cty.Value, yield func(any)) {
	raw := v
	if v.IsMarked() {
		for m := range cty.ValueMarksOfType[any](v) {
			yield(m)
		}
		raw, _ = v.Unmark()
	}
	switch {
	case raw.IsNull():
	case !raw.IsKnown():
		// An unknown collection may carry the marks of what it will hold,
		// which only cty's own walk reads; an unknown primitive cannot.
		if !raw.Type().IsPrimitiveType() {
			for _, x := range cty.DeepValues(raw) {
				for m := range cty.ValueMarksOfType[any](x) {
					yield(m)
				}
			}
		}
	case raw.CanIterateElements():
		for it := raw.ElementIterator(); it.Next(); {
			_, e := it.Element()
			eachMark(e, yield)
		}
	}
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
