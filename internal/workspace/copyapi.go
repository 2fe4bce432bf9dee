package workspace

import (
	"encoding/json"

	"github.com/authlint/authlint/internal/model"
)

// apiKey names a REST API of an input copied into another.
type apiKey struct {
	to, from, idx int
}

// copyAPI copies REST API idx of input from into input to (once), with every
// ref of it renamed, and the user pools its authorizers trust copied too. It
// returns the copy's ref.
func (l *linker) copyAPI(to, from, idx int) string {
	key := apiKey{to, from, idx}
	if ref, ok := l.apiCopies[key]; ok {
		return ref
	}
	src := l.ins[from]
	orig := &src.Inventory.RestAPIs[idx]
	ref := model.JoinedRef(src.Source, orig.Ref)
	l.apiCopies[key] = ref
	var c model.RestAPI
	// A deep copy: the lists and pointers of the original stay the
	// original's.
	b, err := json.Marshal(orig)
	if err != nil || json.Unmarshal(b, &c) != nil {
		return ref
	}
	rename := func(o *model.Object) { *o = joinedObject(*o, src.Source) }
	renameLink := func(link *model.Link) {
		if link != nil && link.Target != "" {
			link.Target = model.JoinedRef(src.Source, link.Target)
		}
	}
	rename(&c.Object)
	for a := range c.Authorizers {
		rename(&c.Authorizers[a].Object)
		items := c.Authorizers[a].ProviderARNs.Items
		for n := range items {
			link := items[n].UserPool
			if link == nil || link.Target == "" {
				continue
			}
			if p := poolOf(src.Inventory, *link); p != nil {
				link.Target = l.copyPool(to, from, p)
			} else {
				link.Target = model.JoinedRef(src.Source, link.Target)
			}
		}
	}
	for m := range c.Methods {
		rename(&c.Methods[m].Object)
		renameLink(c.Methods[m].Authorizer)
	}
	for s := range c.Stages {
		rename(&c.Stages[s].Object)
		renameLink(c.Stages[s].Deployment)
	}
	for d := range c.Deployments {
		rename(&c.Deployments[d].Object)
	}
	for g := range c.GatewayResponses {
		rename(&c.GatewayResponses[g].Object)
	}
	dst := l.ins[to].Inventory
	dst.RestAPIs = append(dst.RestAPIs, c)
	return ref
}
