package engine

import (
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// index maps model refs to the resource descriptions findings carry. It is
// built on the first lookup: most inventories of a scan have no finding.
type index struct {
	inv   *model.Inventory
	built bool
	res   map[string]finding.Resource
	loc   map[string]model.Loc
}

func (x *index) lookup(ref string) (finding.Resource, model.Loc) {
	if !x.built {
		x.built = true
		x.res, x.loc = map[string]finding.Resource{}, map[string]model.Loc{}
		eachResource(x.inv, func(r finding.Resource, l model.Loc) {
			x.res[r.Ref] = r
			x.loc[r.Ref] = l
		})
	}
	if r, ok := x.res[ref]; ok {
		return r, x.loc[ref]
	}
	return finding.Resource{Kind: "unknown", Ref: ref}, model.Loc{}
}

func str(s *model.String) string {
	v, _ := s.Get()
	return v
}

func newIndex(inv *model.Inventory) *index {
	return &index{inv: inv}
}

// eachResource calls f with the resource description and the loc of every
// object of the inventory a finding can name, in the inventory's order (a
// ref met twice: the last one counts).
func eachResource(inv *model.Inventory, f func(finding.Resource, model.Loc)) {
	add := func(o model.Object, r finding.Resource) {
		r.Ref = o.Ref
		r.LogicalID = o.LogicalID
		r.CDKPath = o.CDKPath
		if r.ARN == "" {
			r.ARN = o.Loc.Resource
		}
		f(r, o.Loc)
	}
	for i := range inv.RestAPIs {
		api := &inv.RestAPIs[i]
		base := apiBase(api.Object, api.Name, api.ID, api.Account, api.Region)
		r := base
		r.Kind, r.Name = "restApi", base.API
		add(api.Object, r)
		for j := range api.Authorizers {
			a := &api.Authorizers[j]
			r := base
			r.Kind, r.Name = "authorizer", firstNonEmpty(str(a.Name), str(a.ID), a.LogicalID, a.Ref)
			add(a.Object, r)
		}
		for j := range api.Methods {
			m := &api.Methods[j]
			r := base
			r.Kind = "method"
			r.Method = methodName(m)
			r.Name = r.Method
			add(m.Object, r)
		}
		for j := range api.Stages {
			s := &api.Stages[j]
			r := base
			r.Kind, r.Stage = "stage", str(s.Name)
			r.Name = firstNonEmpty(r.Stage, s.LogicalID, s.Ref)
			add(s.Object, r)
			if s.Deployed != nil {
				for k := range s.Deployed.Methods {
					m := &s.Deployed.Methods[k]
					r := base
					r.Kind, r.Stage, r.Method = "method", str(s.Name), methodName(m)
					r.Name = r.Method
					add(m.Object, r)
				}
			}
		}
		for j := range api.Deployments {
			d := &api.Deployments[j]
			r := base
			r.Kind, r.Name = "deployment", firstNonEmpty(str(d.ID), d.LogicalID, d.Ref)
			add(d.Object, r)
		}
		for j := range api.GatewayResponses {
			g := &api.GatewayResponses[j]
			r := base
			r.Kind, r.Name = "gatewayResponse", firstNonEmpty(str(&g.Type), g.LogicalID, g.Ref)
			add(g.Object, r)
		}
	}
	for i := range inv.HTTPAPIs {
		indexHTTPAPI(&inv.HTTPAPIs[i], add)
	}
	for i := range inv.UserPools {
		p := &inv.UserPools[i]
		add(p.Object, finding.Resource{Kind: "userPool", Name: firstNonEmpty(str(p.Name), str(p.ID), p.LogicalID, p.Ref), Account: p.Account, Region: p.Region, ARN: str(p.ARN)})
	}
	for i := range inv.AppClients {
		c := &inv.AppClients[i]
		add(c.Object, finding.Resource{Kind: "appClient", Name: firstNonEmpty(str(c.Name), str(c.ID), c.LogicalID, c.Ref)})
	}
	for i := range inv.ResourceServers {
		s := &inv.ResourceServers[i]
		add(s.Object, finding.Resource{Kind: "resourceServer", Name: firstNonEmpty(str(&s.Identifier), s.LogicalID, s.Ref)})
	}
	for i := range inv.Domains {
		d := &inv.Domains[i]
		add(d.Object, finding.Resource{Kind: "domain", Name: firstNonEmpty(str(&d.Domain), d.LogicalID, d.Ref)})
	}
	for i := range inv.TokenRequests {
		t := &inv.TokenRequests[i]
		add(t.Object, finding.Resource{Kind: "tokenRequest", Name: postmanName(t.Collection, t.Item, t.Environment)})
	}
	for i := range inv.APIRequests {
		r := &inv.APIRequests[i]
		add(r.Object, finding.Resource{Kind: "apiRequest", Name: postmanName(r.Collection, r.Item, r.Environment)})
	}
	for i := range inv.CommittedTokens {
		c := &inv.CommittedTokens[i]
		add(c.Object, finding.Resource{Kind: "committedToken", Name: c.Where})
	}
}

// apiBase is what every finding about a REST or HTTP API, or a part of it,
// says of the API.
func apiBase(o model.Object, name, id *model.String, account, region string) finding.Resource {
	return finding.Resource{
		API:     firstNonEmpty(str(name), str(id), o.LogicalID, o.Ref),
		APIID:   str(id),
		Account: account,
		Region:  region,
	}
}

// indexHTTPAPI describes an HTTP API and its parts; a route is named by its
// route key, which findings carry as their method.
func indexHTTPAPI(api *model.HTTPAPI, add func(model.Object, finding.Resource)) {
	base := apiBase(api.Object, api.Name, api.ID, api.Account, api.Region)
	r := base
	r.Kind, r.Name = "httpApi", base.API
	add(api.Object, r)
	for j := range api.Authorizers {
		a := &api.Authorizers[j]
		r := base
		r.Kind, r.Name = "authorizer", firstNonEmpty(str(a.Name), str(a.ID), a.LogicalID, a.Ref)
		add(a.Object, r)
	}
	for j := range api.Routes {
		rt := &api.Routes[j]
		r := base
		r.Kind, r.Method = "route", str(&rt.RouteKey)
		r.Name = firstNonEmpty(r.Method, rt.LogicalID, rt.Ref)
		add(rt.Object, r)
	}
	for j := range api.Stages {
		s := &api.Stages[j]
		r := base
		r.Kind, r.Stage = "stage", str(s.Name)
		r.Name = firstNonEmpty(r.Stage, s.LogicalID, s.Ref)
		add(s.Object, r)
	}
	for j := range api.Deployments {
		d := &api.Deployments[j]
		r := base
		r.Kind, r.Name = "deployment", firstNonEmpty(str(d.ID), d.LogicalID, d.Ref)
		add(d.Object, r)
	}
}

// postmanName names a Postman object: collection, item path, and the
// environment it was resolved with.
func postmanName(collection, item, env string) string {
	n := collection
	if item != "" {
		n += " / " + item
	}
	if env != "" {
		n += " [" + env + "]"
	}
	return n
}

func methodName(m *model.Method) string {
	verb, path := str(&m.HTTPMethod), str(&m.Path)
	if verb == "" {
		verb = "?"
	}
	if path == "" {
		path = "?"
	}
	return verb + " " + path
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// Resources lists the objects of an inventory as findings describe them,
// sorted by ref (reporters that list passing checks use them).
func Resources(inv *model.Inventory) []finding.Resource {
	// A list sorted stably, then one entry per ref (the last, as the index
	// keeps): no map for what every input of a scan lists once.
	var out []finding.Resource
	eachResource(inv, func(r finding.Resource, _ model.Loc) { out = append(out, r) })
	slices.SortStableFunc(out, func(a, b finding.Resource) int { return strings.Compare(a.Ref, b.Ref) })
	keep := out[:0]
	for i := range out {
		if i+1 < len(out) && out[i+1].Ref == out[i].Ref {
			continue
		}
		keep = append(keep, out[i])
	}
	return slices.Clip(keep)
}
