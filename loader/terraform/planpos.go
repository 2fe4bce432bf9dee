package terraform

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// sourcePositions indexes the resource blocks of the .tf files beside a
// plan (and of their local child modules) by address, so findings about a
// plan point at the lines the user wrote rather than into the plan.
type sourcePositions struct {
	blocks map[string]model.Loc
	attrs  map[string]map[string]model.Loc
}

func indexSources(ctx context.Context, in *loader.Input) *sourcePositions {
	sp := &sourcePositions{blocks: map[string]model.Loc{}, attrs: map[string]map[string]model.Loc{}}
	_, names, err := in.ListRelated(ctx, ".")
	if err != nil || !hasConfig(names) {
		return nil
	}
	sp.add(ctx, in, ".", "", 0)
	if len(sp.blocks) == 0 {
		return nil
	}
	return sp
}

func hasConfig(names []string) bool {
	for _, n := range names {
		if c, _ := loader.TerraformFile(n); c {
			return true
		}
	}
	return false
}

func (sp *sourcePositions) add(ctx context.Context, in *loader.Input, rel, prefix string, depth int) {
	if depth > maxModuleDepth {
		return
	}
	dirIn := &loader.Input{Path: in.Dir(), Module: true, MaxFileSize: in.MaxFileSize, Root: in.Root}
	m, err := readModule(ctx, dirIn, rel, false, &problems{})
	if err != nil {
		return
	}
	pos := &positions{src: m.src}
	for _, r := range m.resources {
		if r.data {
			continue
		}
		addr := prefix + r.typ + "." + r.name
		sp.blocks[addr] = pos.loc(r.block.DefRange)
		// JustAttributes reports nested blocks as errors but still returns
		// the attributes, which is all this needs.
		attrs, _ := r.block.Body.JustAttributes()
		am := map[string]model.Loc{}
		for name, a := range attrs {
			am[name] = pos.loc(a.NameRange)
		}
		sp.attrs[addr] = am
	}
	for _, c := range m.calls {
		if strings.HasPrefix(c.source, "./") || strings.HasPrefix(c.source, "../") {
			sp.add(ctx, in, filepath.Join(rel, filepath.FromSlash(c.source)), prefix+"module."+c.name+".", depth+1)
		}
	}
}

// at moves an instance's positions to the .tf files, when they say where.
func (sp *sourcePositions) at(in *instance, module string) {
	if sp == nil {
		return
	}
	addr := stripKeys(prefixed(module, baseAddr(strings.TrimPrefix(in.resource, module+"."))))
	if module == "" {
		addr = stripKeys(in.resource)
	}
	loc, ok := sp.blocks[addr]
	if !ok {
		return
	}
	in.loc = loc
	for name, a := range in.attrs {
		if l, ok := sp.attrs[addr][name]; ok {
			a.loc = l
			a.items = nil
		} else {
			a.loc = loc
		}
	}
	for _, bs := range in.blocks {
		for _, b := range bs {
			b.loc = loc
			for _, a := range b.attrs {
				a.loc = loc
			}
		}
	}
}
