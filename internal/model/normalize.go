package model

import (
	"reflect"
	"strings"
)

// Normalize replaces nil slices and maps that the JSON form always carries
// (fields without omitempty) by empty ones, so the Rego input has [] where a
// collection is empty, never null. Loaders and the snapshot reader call it.
func Normalize(inv *Inventory) {
	if inv.SchemaVersion == 0 {
		inv.SchemaVersion = SchemaVersion
	}
	n := normalizer{plans: map[reflect.Type][]fieldPlan{}}
	n.normalize(reflect.ValueOf(inv).Elem())
}

// Normalizer normalizes as Normalize does with the plans of every struct
// type an Inventory holds built once, by NewNormalizer: a loader that makes
// one serves every file of a scan with it. It is read-only after, so loads
// running at once may share it.
type Normalizer struct{ plans map[reflect.Type][]fieldPlan }

// NewNormalizer builds the plans of Inventory and of the types it holds.
func NewNormalizer() *Normalizer {
	n := &normalizer{plans: map[reflect.Type][]fieldPlan{}}
	n.planAll(reflect.TypeFor[Inventory]())
	return &Normalizer{plans: n.plans}
}

// Normalize is Normalize with the plans built once; a nil Normalizer
// builds them for this call.
func (z *Normalizer) Normalize(inv *Inventory) {
	if z == nil {
		Normalize(inv)
		return
	}
	if inv.SchemaVersion == 0 {
		inv.SchemaVersion = SchemaVersion
	}
	n := normalizer{plans: z.plans, shared: true}
	n.normalize(reflect.ValueOf(inv).Elem())
}

// planAll builds the plans of t and of every struct type normalize can
// reach from it.
func (n *normalizer) planAll(t reflect.Type) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	if _, ok := n.plans[t]; ok {
		return
	}
	for _, fp := range n.plan(t) {
		if fp.visit {
			n.planAll(t.Field(fp.index).Type)
		}
	}
}

// fieldPlan is what Normalize does with one struct field. Plans are built
// once per type and call: reading struct tags for every value was a fifth of
// a small template's load time.
type fieldPlan struct {
	index int
	fill  bool // a nil slice or map becomes empty
	visit bool // the field can hold a struct with such fields
}

type normalizer struct {
	plans map[reflect.Type][]fieldPlan
	// shared plans belong to a Normalizer: one missing is built and not
	// stored (planAll leaves none missing).
	shared bool
}

func (n *normalizer) plan(t reflect.Type) []fieldPlan {
	if p, ok := n.plans[t]; ok {
		return p
	}
	var p []fieldPlan
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fp := fieldPlan{index: i, visit: mayHoldStruct(f.Type)}
		if k := f.Type.Kind(); k == reflect.Slice || k == reflect.Map {
			fp.fill = !strings.Contains(f.Tag.Get("json"), "omitempty")
		}
		if fp.fill || fp.visit {
			p = append(p, fp)
		}
	}
	if !n.shared {
		n.plans[t] = p
	}
	return p
}

// mayHoldStruct reports whether a value of type t can reach a struct through
// pointers and slices, the only paths normalize follows.
func mayHoldStruct(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct
}

func (n *normalizer) normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			n.normalize(v.Elem())
		}
	case reflect.Slice:
		if !mayHoldStruct(v.Type().Elem()) {
			return
		}
		for i := range v.Len() {
			n.normalize(v.Index(i))
		}
	case reflect.Struct:
		for _, fp := range n.plan(v.Type()) {
			fv := v.Field(fp.index)
			if fp.fill && fv.IsNil() {
				if fv.Kind() == reflect.Slice {
					fv.Set(reflect.MakeSlice(fv.Type(), 0, 0))
				} else {
					fv.Set(reflect.MakeMap(fv.Type()))
				}
			}
			if fp.visit {
				n.normalize(fv)
			}
		}
	default:
		// Scalars and maps: map values are not normalized (they never were).
	}
}
