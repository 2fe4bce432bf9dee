package cloudformation

import (
	"runtime"
	"slices"
	"sync"

	"github.com/authlint/authlint/internal/model"
)

// minParallelMethods is the number of AWS::ApiGateway::Method resources from
// which a template's methods are built on every core: each takes some 25 µs,
// so below this the goroutines would cost more than they save.
const minParallelMethods = 2000

// fork returns a builder for another goroutine: it reads the same state,
// through its own views of the templates (each with its own intrinsic
// resolver, which keeps evaluation state). It must only read.
func (b *builder) fork(t *template) *builder {
	f := *b
	f.forks = map[*template]*template{t: t.fork()}
	return &f
}

// own is the view of a template this builder reads it through.
func (b *builder) own(t *template) *template {
	if b.forks == nil {
		return t
	}
	f, ok := b.forks[t]
	if !ok {
		f = t.fork()
		b.forks[t] = f
	}
	return f
}

// fork is a view of the template with its own resolver.
func (t *template) fork() *template {
	f := *t
	f.res = t.res.Fork()
	return &f
}

// placeMethods builds the AWS::ApiGateway::Method resources among live on
// every core when there are many (the bulk of large templates), straight into
// their APIs' method lists, at the place the resource loop would have
// appended each; apis are the methods' APIs in the loop's order
// (reserveMethods). It reports whether it did; the loop then skips them.
//
// Building a method only reads the template, its resolver (forked per
// goroutine) and the resources and APIs registered before the loop. Its
// results are those of the serial build unless an evaluation met a limit or
// a condition that refers to itself (intrinsic.Resolver.Limited): a fork
// has evaluated less before, and then the loop builds the methods. A
// template with nested stacks is left to the loop: a child stack's methods
// may join the same API in between, and its APIs are registered in the loop.
func (b *builder) placeMethods(t *template, live []*resource, apis []*model.RestAPI) bool {
	least, workers := minParallelMethods, runtime.GOMAXPROCS(0)
	if b.ld.parallelMin > 0 {
		// Tests: reach this path with small templates, on one core too.
		least, workers = b.ld.parallelMin, max(workers, 2)
	}
	if len(apis) < least || workers < 2 {
		return false
	}
	rs := make([]*resource, 0, len(apis))
	for _, r := range live {
		switch r.typ {
		case typeMethod:
			rs = append(rs, r)
		case typeStack, typeServerlessApplication:
			return false
		}
	}
	// Each method's index in its API's list, then the lists at their length.
	slot := make([]int, len(rs))
	size, had := map[*model.RestAPI]int{}, map[*model.RestAPI]int{}
	for i, api := range apis {
		n, ok := size[api]
		if !ok {
			n = len(api.Methods)
			had[api] = n
		}
		slot[i], size[api] = n, n+1
	}
	for api, n := range size {
		api.Methods = slices.Grow(api.Methods, n-len(api.Methods))[:n]
	}
	var (
		wg     sync.WaitGroup
		panics = make([]any, workers)
	)
	forks := make([]*builder, workers)
	for w := range forks {
		forks[w] = b.fork(t) // before any goroutine starts: forking reads the resolver
	}
	for w, f := range forks {
		lo, hi := w*len(rs)/workers, (w+1)*len(rs)/workers
		wg.Go(func() {
			// A panic is raised again on the loader's goroutine, whose guard
			// turns it into a load error: on this one it would end the run.
			defer func() { panics[w] = recover() }()
			ft := f.own(t)
			for i := lo; i < hi; i++ {
				apis[i].Methods[slot[i]] = f.buildMethod(ft, rs[i])
			}
		})
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
	// A result that depends on what the resolver evaluated before (a
	// condition that refers to itself, a limit met) may differ from the
	// serial build's: the loop builds the methods again.
	for _, f := range forks {
		for _, ft := range f.forks {
			if ft.res.Limited() {
				for api, n := range had {
					clear(api.Methods[n:])
					api.Methods = api.Methods[:n]
				}
				return false
			}
		}
	}
	b.ld.parallel.Add(1)
	return true
}
