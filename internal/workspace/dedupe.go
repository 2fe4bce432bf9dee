package workspace

import (
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// Dedupe drops the findings about a joined copy that the input the copy came
// from reports about the original (same rule): the copy is there for the
// rules of the importing input, not to report the original twice. Findings
// about a copied user pool or app client that only the importing input
// produces (a pool rule that depends on the importer's methods) stay;
// findings about a copied REST API never do (APIs are copied only so that
// requests can be checked against them; their own input reports them).
func Dedupe(ins []Input, fs []finding.Finding) []finding.Finding {
	type key struct{ source, ref string }
	joined := map[key]model.Joined{}
	apiParts := map[key]bool{}
	add := func(source string, o *model.Object) {
		if o.Joined != nil {
			joined[key{source, o.Ref}] = *o.Joined
		}
	}
	addAPI := func(source string, o *model.Object) {
		add(source, o)
		apiParts[key{source, o.Ref}] = true
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
		for i := range inv.RestAPIs {
			api := &inv.RestAPIs[i]
			if api.Joined == nil {
				continue
			}
			addAPI(in.Source, &api.Object)
			for k := range api.Authorizers {
				addAPI(in.Source, &api.Authorizers[k].Object)
			}
			for k := range api.Methods {
				addAPI(in.Source, &api.Methods[k].Object)
			}
			for k := range api.Stages {
				addAPI(in.Source, &api.Stages[k].Object)
			}
			for k := range api.Deployments {
				addAPI(in.Source, &api.Deployments[k].Object)
			}
			for k := range api.GatewayResponses {
				addAPI(in.Source, &api.GatewayResponses[k].Object)
			}
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
		k := key{f.Source, f.Resource.Ref}
		if apiParts[k] {
			continue
		}
		if j, ok := joined[k]; ok && seen[reported{f.RuleID, j.Source, j.Ref}] {
			continue
		}
		out = append(out, f)
	}
	return out
}
