package engine

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
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
	// memo says which of the conversion's memos the type's terms go in
	// (memoNone for most types).
	memo memoKind
}

type fieldPlan struct {
	key       *ast.Term
	index     []int
	omitEmpty bool
	// shared is set for a loc's file: the same text in every loc of a
	// file, shared whatever its length.
	shared bool
}

type memoKind uint8

const (
	memoNone memoKind = iota
	memoLoc
	memoUnknown
)

var (
	locType     = reflect.TypeFor[model.Loc]()
	unknownType = reflect.TypeFor[model.Unknown]()
)

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
	return c.start(runtime.GOMAXPROCS(0)).value(reflect.ValueOf(inv).Elem()).Value, nil
}

// conversion is one conversion (or one goroutine's share of it): the
// converter's plans and the terms met so far. Most of the input is small
// objects, and an OPA object costs some 300 bytes besides its fields, so
// terms that repeat are built once and shared:
//   - short strings: a template repeats a handful of them (GET,
//     COGNITO_USER_POOLS, NONE) in every method; a file name, however long,
//     is in every loc;
//   - locs: a method's loc is also its apiKeyRequired's, a list's items
//     share the list's loc, and so on;
//   - unknowns: a template gives the same reason for every method it cannot
//     know the same way.
//
// Identical locs sit close together (within one method), so the conversion
// looks only among the last recentLocs: a map of every loc would cost more
// than the locs it saves.
//
// OPA never changes a term once built (evaluation copies before it
// changes), so a shared term reads the same as a copy. The memos are bounded:
// a full one starts again empty.
type conversion struct {
	*converter
	strs     map[string]*ast.Term
	locs     [recentLocs]recentLoc
	nextLoc  int
	unknowns map[model.Unknown]*ast.Term
	// slab hands out terms from one allocation instead of one each; slabs
	// grow to slabSize, so a small input does not pay for a large one.
	slab     []ast.Term
	slabNext int
	// workers bounds the goroutines a large list is converted on; 1 in a
	// goroutine that already converts part of a list.
	workers int
}

const (
	// maxShared is the longest string a conversion shares (the file of a
	// loc is shared whatever its length); longer ones (JSON pointers, ARNs,
	// messages) are mostly unique.
	maxShared = 48
	// maxMemo bounds each memo; a full memo starts again empty.
	maxMemo = 1 << 12
	// recentLocs is how many of the last locs are compared with a new one.
	recentLocs = 16
	// slabSize is the most terms one allocation holds.
	slabSize = 256
	// parallelMin is the shortest list converted on several goroutines:
	// the tens of thousands of methods of a generated template, not the
	// few of a hand-written one.
	parallelMin = 4096
)

func (c *converter) start(workers int) *conversion {
	return &conversion{converter: c, workers: workers, slabNext: 16}
}

// remember stores t under k, starting the memo again when it is full (and
// making it on first use: a small input needs few).
func remember[K comparable](m *map[K]*ast.Term, k K, t *ast.Term) {
	if *m == nil {
		*m = make(map[K]*ast.Term)
	} else if len(*m) >= maxMemo {
		clear(*m)
	}
	(*m)[k] = t
}

func (c *conversion) term(v ast.Value) *ast.Term {
	if len(c.slab) == 0 {
		c.slab = make([]ast.Term, c.slabNext)
		c.slabNext = min(2*c.slabNext, slabSize)
	}
	t := &c.slab[0]
	c.slab = c.slab[1:]
	t.Value = v
	return t
}

func (c *conversion) str(s string) *ast.Term {
	if len(s) > maxShared {
		return c.term(ast.String(s))
	}
	return c.sharedStr(s)
}

func (c *conversion) sharedStr(s string) *ast.Term {
	if t, ok := c.strs[s]; ok {
		return t
	}
	t := c.term(ast.String(s))
	remember(&c.strs, s, t)
	return t
}

func (c *conversion) int(i int64) *ast.Term {
	if ast.HasInternedIntNumberTerm(int(i)) {
		return ast.InternedTerm(int(i))
	}
	return c.term(ast.Number(strconv.FormatInt(i, 10)))
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
		switch plan.memo {
		case memoLoc:
			return c.loc(plan, v)
		case memoUnknown:
			return c.unknown(plan, v)
		default:
			return c.object(plan, v)
		}
	case reflect.Slice, reflect.Array:
		return c.slice(v)
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			panic(fmt.Sprintf("map key type %s", v.Type().Key()))
		}
		kvs := make([][2]*ast.Term, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			kvs = append(kvs, [2]*ast.Term{c.str(iter.Key().String()), c.value(iter.Value())})
		}
		return c.term(ast.NewObject(kvs...))
	case reflect.String:
		return c.str(v.String())
	case reflect.Bool:
		return ast.InternedTerm(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return c.int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return c.term(ast.Number(strconv.FormatUint(v.Uint(), 10)))
	case reflect.Float32, reflect.Float64:
		return ast.FloatNumberTerm(v.Float())
	default:
		panic(fmt.Sprintf("cannot convert %s", v.Type()))
	}
}

// maxFields is the most fields a model struct has, with room to spare; an
// object with more is built on the heap.
const maxFields = 32

func (c *conversion) object(plan *structPlan, v reflect.Value) *ast.Term {
	// Objects are built whole (ast.NewObject): sized exactly, with their
	// entries in one allocation.
	var buf [maxFields][2]*ast.Term
	kvs := buf[:0]
	for i := range plan.fields {
		f := &plan.fields[i]
		fv := fieldOf(v, f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		var val *ast.Term
		if f.shared {
			val = c.sharedStr(fv.String())
		} else {
			val = c.value(fv)
		}
		kvs = append(kvs, [2]*ast.Term{f.key, val})
	}
	return c.term(ast.NewObject(kvs...))
}

func fieldOf(v reflect.Value, index []int) reflect.Value {
	if len(index) == 1 {
		return v.Field(index[0])
	}
	return v.FieldByIndex(index)
}

type recentLoc struct {
	loc  model.Loc
	term *ast.Term
}

func (c *conversion) loc(plan *structPlan, v reflect.Value) *ast.Term {
	l := structOf[model.Loc](v)
	for i := range c.locs {
		if r := &c.locs[i]; r.term != nil && r.loc == l {
			return r.term
		}
	}
	t := c.object(plan, v)
	c.locs[c.nextLoc] = recentLoc{loc: l, term: t}
	c.nextLoc = (c.nextLoc + 1) % recentLocs
	return t
}

func (c *conversion) unknown(plan *structPlan, v reflect.Value) *ast.Term {
	u := structOf[model.Unknown](v)
	if t, ok := c.unknowns[u]; ok {
		return t
	}
	t := c.object(plan, v)
	remember(&c.unknowns, u, t)
	return t
}

// structOf reads a struct without the copy Interface makes of a value in
// place.
func structOf[T any](v reflect.Value) T {
	if v.CanAddr() {
		return *v.Addr().Interface().(*T)
	}
	return v.Interface().(T)
}

func (c *conversion) slice(v reflect.Value) *ast.Term {
	// A nil slice that reaches here is a collection without omitempty:
	// rules see it as empty, never null.
	terms := make([]*ast.Term, v.Len())
	if len(terms) >= parallelMin && c.workers > 1 {
		c.parallel(v, terms)
	} else {
		for i := range terms {
			terms[i] = c.value(v.Index(i))
		}
	}
	return c.term(ast.NewArray(terms...))
}

// parallel converts the items of a large list on several goroutines, each
// with its own memos (a loc is shared within a method, rarely across
// methods far apart). A panic is raised again on the calling goroutine,
// where inventory recovers it.
func (c *conversion) parallel(v reflect.Value, terms []*ast.Term) {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		panicked any
	)
	chunk := (len(terms) + c.workers - 1) / c.workers
	for lo := 0; lo < len(terms); lo += chunk {
		hi := min(lo+chunk, len(terms))
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					panicked = r
					mu.Unlock()
				}
			}()
			part := c.start(1)
			for i := lo; i < hi; i++ {
				terms[i] = part.value(v.Index(i))
			}
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

func (c *converter) plan(t reflect.Type) *structPlan {
	if p, ok := c.plans.Load(t); ok {
		return p.(*structPlan)
	}
	p := &structPlan{}
	switch t {
	case locType:
		p.memo = memoLoc
	case unknownType:
		p.memo = memoUnknown
	}
	c.collect(t, nil, p)
	for i := range p.fields {
		p.fields[i].shared = t == locType && t.FieldByIndex(p.fields[i].index).Name == "File"
	}
	if len(p.fields) > maxFields {
		panic(fmt.Sprintf("%s has %d fields, more than %d", t, len(p.fields), maxFields))
	}
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
