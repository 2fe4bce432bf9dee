package engine

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/authlint/authlint/internal/model"
)

// converter turns model values into Rego values directly, following the same
// rules as encoding/json (field names from json tags, omitempty, embedded
// structs flattened). Going through JSON text and back cost as much as
// evaluating the whole catalogue; the per-type plans are built once per engine.
type converter struct {
	plans sync.Map // reflect.Type → *structPlan
}

type structPlan struct {
	fields []fieldPlan
}

type fieldPlan struct {
	key       *ast.Term
	index     []int
	omitEmpty bool
}

// Input converts an inventory into the Rego input value. Collections the
// loader left nil become [] (as model.Normalize would make them), never null.
func Input(inv *model.Inventory) (ast.Value, error) {
	return (&converter{}).inventory(inv)
}

func (c *converter) inventory(inv *model.Inventory) (v ast.Value, err error) {
	if inv.SchemaVersion == 0 {
		inv.SchemaVersion = model.SchemaVersion
	}
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("converting the inventory for Rego: %v", r)
		}
	}()
	return c.start().value(reflect.ValueOf(inv).Elem()).Value, nil
}

// conversion is one conversion: the converter's plans, and the short strings
// met so far. A template repeats a handful of them (its file name, GET,
// COGNITO_USER_POOLS, NONE) in every method; sharing one term per text saves
// a tenth of the input's memory. Terms are never changed once built.
type conversion struct {
	*converter
	strs map[string]*ast.Term
}

// maxShared is the longest string a conversion shares; longer ones (JSON
// pointers, ARNs, messages) are mostly unique.
const maxShared = 48

func (c *converter) start() *conversion {
	return &conversion{converter: c, strs: map[string]*ast.Term{}}
}

func (c *conversion) str(s string) *ast.Term {
	if len(s) > maxShared {
		return ast.StringTerm(s)
	}
	if t, ok := c.strs[s]; ok {
		return t
	}
	t := ast.StringTerm(s)
	c.strs[s] = t
	return t
}

func (c *conversion) value(v reflect.Value) *ast.Term {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.NullTerm()
		}
		return c.value(v.Elem())
	case reflect.Struct:
		plan := c.plan(v.Type())
		// Sized to the fields present: most omitempty fields are absent, and
		// an object's hash map is its largest part.
		n := 0
		for i := range plan.fields {
			if f := &plan.fields[i]; !f.omitEmpty || !isEmpty(v.FieldByIndex(f.index)) {
				n++
			}
		}
		obj := ast.NewObjectWithCapacity(n)
		for i := range plan.fields {
			f := &plan.fields[i]
			fv := v.FieldByIndex(f.index)
			if f.omitEmpty && isEmpty(fv) {
				continue
			}
			obj.Insert(f.key, c.value(fv))
		}
		return ast.NewTerm(obj)
	case reflect.Slice, reflect.Array:
		// A nil slice that reaches here is a collection without omitempty:
		// rules see it as empty, never null.
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			terms[i] = c.value(v.Index(i))
		}
		return ast.ArrayTerm(terms...)
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			panic(fmt.Sprintf("map key type %s", v.Type().Key()))
		}
		obj := ast.NewObjectWithCapacity(v.Len())
		iter := v.MapRange()
		for iter.Next() {
			obj.Insert(c.str(iter.Key().String()), c.value(iter.Value()))
		}
		return ast.NewTerm(obj)
	case reflect.String:
		return c.str(v.String())
	case reflect.Bool:
		return ast.InternedTerm(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.InternedTerm(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return ast.InternedTerm(v.Uint())
	case reflect.Float32, reflect.Float64:
		return ast.FloatNumberTerm(v.Float())
	default:
		panic(fmt.Sprintf("cannot convert %s", v.Type()))
	}
}

func (c *converter) plan(t reflect.Type) *structPlan {
	if p, ok := c.plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{}
	c.collect(t, nil, p)
	actual, _ := c.plans.LoadOrStore(t, p)
	return actual.(*structPlan)
}

// collect lists the JSON fields of t, flattening embedded structs as
// encoding/json does (the model embeds Object only).
func (c *converter) collect(t reflect.Type, prefix []int, p *structPlan) {
	for i := range t.NumField() {
		f := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			c.collect(f.Type, index, p)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		p.fields = append(p.fields, fieldPlan{
			key:       ast.StringTerm(name),
			index:     index,
			omitEmpty: strings.Contains(","+opts+",", ",omitempty,"),
		})
	}
}

// isEmpty mirrors encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	default:
		return false
	}
}
