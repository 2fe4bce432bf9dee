package workspace

import (
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// Dedupe drops the findings about a joined copy that the input the copy came
// from reports about the original (same rule): the copy is there for the
// rules of the importing input, not to report the original twice. Findings
// about a copy that only the importing input produces (a pool rule that
// depends on the importer's methods) stay.
func Dedupe(ins []Input, fs []finding.Finding) []finding.Finding {
	type key struct{ source, ref string }
	joined := map[key]model.Joined{}
	add := func(source string, o *model.Object) {
		if o.Joined != nil {
			joined[key{source, o.Ref}] = *o.Joined
		}
	}
	for _, in := range ins {
		inv := in.Inventory
		if inv == nil {
			continue
		}
		for i := range inv.UserPools {
			add(in.Source, &inv.UserPools[i].Object)
		}
		for i := range inv.AppClients {
			add(in.Source, &inv.AppClients[i].Object)
		}
		for i := range inv.ResourceServers {
			add(in.Source, &inv.ResourceServers[i].Object)
		}
		for i := range inv.Domains {
			add(in.Source, &inv.Domains[i].Object)
		}
	}
	if len(joined) == 0 {
		return fs
	}
	type reported struct{ rule, source, ref string }
	seen := make(map[reported]bool, len(fs))
	for _, f := range fs {
		seen[reported{f.RuleID, f.Source, f.Resource.Ref}] = true
	}
	out := fs[:0]
	for _, f := range fs {
		if j, ok := joined[key{f.Source, f.Resource.Ref}]; ok && seen[reported{f.RuleID, j.Source, j.Ref}] {
			continue
		}
		out = append(out, f)
	}
	return out
}
