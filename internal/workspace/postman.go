package workspace

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/authlint/authlint/internal/model"
)

// Link kinds of the Postman joins.
const (
	linkDomain = "domain"
	linkClient = "client"
	linkAPI    = "api"
)

// cognitoDomain matches a Cognito prefix domain host: PREFIX.auth.REGION.amazoncognito.com.
var cognitoDomain = regexp.MustCompile(`^([a-z0-9-]+)\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com$`)

// executeAPI matches an API Gateway default endpoint host: ID.execute-api.REGION.amazonaws.com.
var executeAPI = regexp.MustCompile(`^([a-z0-9]+)\.execute-api(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$`)

// where is an object of another input.
type where struct {
	in int
	// idx is the object's index in its list.
	idx int
}

// index finds domains, clients, pools and APIs by the names Postman
// requests use, so that each lookup costs the same however large the scan.
type index struct {
	domains       map[string][]where // by domain name (lower case)
	clientsByID   map[string][]where
	clientsByName map[string][]where
	poolsByID     map[string][]where
	apisByID      map[string][]where
}

// postmanIndex builds the index once, over the objects the inputs define
// themselves (not joined copies: their originals are in the scan).
func (l *linker) postmanIndex() *index {
	if l.idx != nil {
		return l.idx
	}
	x := &index{domains: map[string][]where{}, clientsByID: map[string][]where{}, clientsByName: map[string][]where{}, poolsByID: map[string][]where{}, apisByID: map[string][]where{}}
	add := func(m map[string][]where, s *model.String, w where) {
		if v, ok := s.Get(); ok && v != "" {
			m[v] = append(m[v], w)
		}
	}
	for j, in := range l.ins {
		inv := in.Inventory
		if inv == nil {
			continue
		}
		for k := range inv.Domains {
			if d := &inv.Domains[k]; d.Joined == nil {
				if v, ok := d.Domain.Get(); ok {
					x.domains[strings.ToLower(v)] = append(x.domains[strings.ToLower(v)], where{j, k})
				}
			}
		}
		for k := range inv.AppClients {
			if c := &inv.AppClients[k]; c.Joined == nil {
				add(x.clientsByID, c.ID, where{j, k})
				add(x.clientsByName, c.Name, where{j, k})
			}
		}
		for k := range inv.UserPools {
			if p := &inv.UserPools[k]; p.Joined == nil {
				add(x.poolsByID, p.ID, where{j, k})
			}
		}
		for k := range inv.RestAPIs {
			if a := &inv.RestAPIs[k]; a.Joined == nil {
				add(x.apisByID, a.ID, where{j, k})
			}
		}
	}
	l.idx = x
	return x
}

// others drops the objects of input i.
func others(ws []where, i int) []where {
	var out []where
	for _, w := range ws {
		if w.in != i {
			out = append(out, w)
		}
	}
	return out
}

// linkPostman joins the token and API requests of input i to the Cognito
// domains, app clients and REST APIs of the other inputs.
func (l *linker) linkPostman(i int) {
	inv := l.ins[i].Inventory
	for k := range inv.TokenRequests {
		l.linkTokenRequest(i, k)
	}
	for k := range inv.APIRequests {
		l.linkAPIRequest(i, k)
	}
}

// host returns the lower-case host (without port) of a known URL.
func host(s *model.String) (string, bool) {
	v, ok := s.Get()
	if !ok {
		return "", false
	}
	rest, found := strings.CutPrefix(strings.ToLower(v), "https://")
	if !found {
		rest, found = strings.CutPrefix(strings.ToLower(v), "http://")
	}
	if !found {
		return "", false
	}
	h, _, _ := strings.Cut(rest, "/")
	h, _, _ = strings.Cut(h, "?")
	h, _, _ = strings.Cut(h, "#")
	h, _, _ = strings.Cut(h, ":")
	return h, h != ""
}

// findDomain looks for the user pool domain a host names: a prefix domain
// (prefix, and region when both sides know it) or a custom domain.
func (l *linker) findDomain(i int, h string) []where {
	var out []where
	for _, w := range others(l.postmanIndex().domains[h], i) {
		if d := &l.ins[w.in].Inventory.Domains[w.idx]; d.Custom {
			out = append(out, w)
		}
	}
	m := cognitoDomain.FindStringSubmatch(h)
	if m == nil {
		return out
	}
	prefix, region := m[1], m[2]
	for _, w := range others(l.postmanIndex().domains[prefix], i) {
		inv := l.ins[w.in].Inventory
		d := &inv.Domains[w.idx]
		if d.Custom {
			continue
		}
		if p := poolOf(inv, d.UserPool); p != nil && p.Region != "" && p.Region != region {
			continue
		}
		out = append(out, w)
	}
	return out
}

// poolOf returns the pool a link targets in inv.
func poolOf(inv *model.Inventory, link model.Link) *model.UserPool {
	if link.Target == "" {
		return nil
	}
	for k := range inv.UserPools {
		if inv.UserPools[k].Ref == link.Target {
			return &inv.UserPools[k]
		}
	}
	return nil
}

// linkTokenRequest joins one auth setting: its auth or token URL to a
// domain (and so a pool), its client id to an app client.
func (l *linker) linkTokenRequest(i, k int) {
	inv := l.ins[i].Inventory
	t := &inv.TokenRequests[k]
	if t.AppClient != nil || t.Domain != nil || t.UserPool != nil {
		return // linked already (an export scanned back)
	}
	var pool *model.UserPool
	poolIn := -1
	for _, u := range []*model.String{t.TokenURL, t.AuthURL} {
		h, ok := host(u)
		if !ok {
			continue
		}
		found := l.findDomain(i, h)
		if len(found) == 0 {
			continue
		}
		rec := model.WorkspaceLink{Kind: linkDomain, Key: h, From: u.Loc}
		if len(found) > 1 {
			why := &model.Unknown{Reason: fmt.Sprintf("the domain %s is defined by %s: authlint does not guess which one the request reaches", h, l.sources(found))}
			t.Domain = &model.Link{Unknown: why, Loc: u.Loc}
			rec.Unknown = why
			l.record(i, rec)
			break
		}
		w := found[0]
		src := l.ins[w.in]
		d := src.Inventory.Domains[w.idx]
		rec.Source, rec.Target, rec.To = src.Source, d.Ref, d.Loc
		p := poolOf(src.Inventory, d.UserPool)
		if p == nil {
			why := &model.Unknown{Reason: fmt.Sprintf("the user pool of the domain %s (%s) is not known", h, src.Source)}
			t.Domain = &model.Link{Unknown: why, Loc: u.Loc}
			rec.Unknown = why
			l.record(i, rec)
			break
		}
		poolRef := l.copyPool(i, w.in, p)
		rec.Ref = model.JoinedRef(src.Source, d.Ref)
		t.Domain = &model.Link{Target: rec.Ref, Loc: u.Loc}
		t.UserPool = &model.Link{Target: poolRef, Loc: u.Loc}
		pool, poolIn = p, w.in
		l.record(i, rec)
		break
	}
	l.linkClientID(i, t, pool, poolIn)
}

// sources names the inputs of found.
func (l *linker) sources(found []where) string {
	var names []string
	for _, w := range found {
		names = append(names, l.ins[w.in].Source)
	}
	return joinAnd(names)
}

// linkClientID joins the client id of t to the app client that has it (a
// live or snapshot inventory knows client ids), or says what the id is
// instead (a pool's id, a client's name) when that is certain.
func (l *linker) linkClientID(i int, t *model.TokenRequest, pool *model.UserPool, poolIn int) {
	id, ok := t.ClientID.Get()
	if !ok || id == "" {
		return
	}
	loc := t.ClientID.Loc
	rec := model.WorkspaceLink{Kind: linkClient, Key: id, From: loc}
	x := l.postmanIndex()
	byID, byName := others(x.clientsByID[id], i), others(x.clientsByName[id], i)
	switch {
	case len(byID) == 1:
		w := byID[0]
		src := l.ins[w.in]
		c := src.Inventory.AppClients[w.idx]
		p := poolOf(src.Inventory, c.UserPool)
		rec.Source, rec.Target, rec.To = src.Source, c.Ref, c.Loc
		if p == nil {
			why := &model.Unknown{Reason: fmt.Sprintf("the user pool of app client %s (%s) is not known", id, src.Source)}
			t.AppClient = &model.Link{Unknown: why, Loc: loc}
			rec.Unknown = why
			break
		}
		poolRef := l.copyPool(i, w.in, p)
		if t.UserPool != nil && t.UserPool.Target != "" && t.UserPool.Target != poolRef {
			why := &model.Unknown{Reason: fmt.Sprintf("app client %s belongs to user pool %s (%s), not to the pool of the request's domain", id, poolName(p), src.Source)}
			t.AppClient = &model.Link{Missing: &model.Missing{Name: id, Reason: why.Reason}, Loc: loc}
			rec.Unknown = why
			break
		}
		rec.Ref = model.JoinedRef(src.Source, c.Ref)
		t.AppClient = &model.Link{Target: rec.Ref, Loc: loc}
		t.UserPool = &model.Link{Target: poolRef, Loc: loc}
	case len(byID) > 1:
		why := &model.Unknown{Reason: fmt.Sprintf("app clients of %s all have the id %s", l.sources(byID), id)}
		t.AppClient = &model.Link{Unknown: why, Loc: loc}
		rec.Unknown = why
	default:
		reason := l.notAClient(id, byName, pool, poolIn)
		if reason == "" {
			return
		}
		t.AppClient = &model.Link{Missing: &model.Missing{Name: id, Reason: reason}, Loc: loc}
		rec.Unknown = &model.Unknown{Reason: reason}
	}
	l.record(i, rec)
}

// notAClient says why id, which no app client of the scan has, is not a
// client id: it is a pool's id, or a client's name, or the pool of the
// request's domain lists every client id and none is id. Empty when it
// cannot tell.
func (l *linker) notAClient(id string, byName []where, pool *model.UserPool, poolIn int) string {
	for _, w := range l.postmanIndex().poolsByID[id] {
		in := l.ins[w.in]
		return fmt.Sprintf("it is the id of user pool %s (%s), not of an app client", poolName(&in.Inventory.UserPools[w.idx]), in.Source)
	}
	if len(byName) == 1 {
		src := l.ins[byName[0].in]
		return fmt.Sprintf("it is the name of an app client of %s, not its id (Cognito expects the generated client id)", src.Source)
	}
	if pool == nil || !pool.Complete {
		return ""
	}
	src := l.ins[poolIn]
	for _, c := range src.Inventory.AppClients {
		if c.UserPool.Target != pool.Ref {
			continue
		}
		if _, ok := c.ID.Get(); !ok {
			return ""
		}
	}
	return fmt.Sprintf("no app client of user pool %s (%s) has this id", poolName(pool), src.Source)
}

func poolName(p *model.UserPool) string {
	for _, s := range []*model.String{p.Name, p.ID} {
		if v, ok := s.Get(); ok && v != "" {
			return v
		}
	}
	if p.LogicalID != "" {
		return p.LogicalID
	}
	return p.Ref
}

// linkAPIRequest joins a request to an API Gateway default endpoint
// (ID.execute-api.REGION.amazonaws.com/STAGE/PATH) to the REST API with that
// id (live and snapshot inventories know API ids), and to its stage and
// method when the API's lists are complete.
func (l *linker) linkAPIRequest(i, k int) {
	inv := l.ins[i].Inventory
	r := &inv.APIRequests[k]
	if r.API != nil || r.Method != nil {
		return
	}
	h, ok := r.Host.Get()
	if !ok {
		return
	}
	h, _, _ = strings.Cut(h, ":")
	m := executeAPI.FindStringSubmatch(h)
	if m == nil {
		return
	}
	apiID, region := m[1], m[2]
	var found []where
	for _, w := range others(l.postmanIndex().apisByID[apiID], i) {
		if api := &l.ins[w.in].Inventory.RestAPIs[w.idx]; api.Region == "" || api.Region == region {
			found = append(found, w)
		}
	}
	rec := model.WorkspaceLink{Kind: linkAPI, Key: apiID, From: r.URL.Loc}
	switch len(found) {
	case 0:
		return
	case 1:
	default:
		why := &model.Unknown{Reason: fmt.Sprintf("the API id %s is in %s: authlint does not guess which one the request reaches", apiID, l.sources(found))}
		r.API = &model.Link{Unknown: why, Loc: r.URL.Loc}
		rec.Unknown = why
		l.record(i, rec)
		return
	}
	w := found[0]
	src := l.ins[w.in]
	orig := &src.Inventory.RestAPIs[w.idx]
	rec.Source, rec.Target, rec.To = src.Source, orig.Ref, orig.Loc
	copyRef := l.copyAPI(i, w.in, w.idx)
	rec.Ref = copyRef
	r.API = &model.Link{Target: copyRef, Loc: r.URL.Loc}
	l.record(i, rec)
	if path, ok := r.Path.Get(); ok {
		r.Method = methodLink(orig, src.Source, r.HTTPMethod, path, r.URL.Loc)
	}
}

// methodLink finds the method of api a request to path (/STAGE/resource…)
// calls; Missing when the API's stages or methods are complete and none
// matches, nil when it cannot tell.
func methodLink(api *model.RestAPI, source string, verb model.String, path string, loc model.Loc) *model.Link {
	stage, rest, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	rest = "/" + rest
	name := apiName(api)
	if api.StagesUnknown == nil && stage != "" {
		var names []string
		has := false
		for _, s := range api.Stages {
			v, ok := s.Name.Get()
			if !ok {
				return nil
			}
			names = append(names, v)
			has = has || v == stage
		}
		if !has {
			list := "it has none"
			if len(names) > 0 {
				list = "its stages are " + strings.Join(names, ", ")
			}
			return &model.Link{Missing: &model.Missing{Name: stage, Reason: fmt.Sprintf("API %s (%s) has no stage %s (%s)", name, source, stage, list)}, Loc: loc}
		}
	}
	v, ok := verb.Get()
	if !ok || api.MethodsUnknown != nil {
		return nil
	}
	v = strings.ToUpper(v)
	for _, m := range api.Methods {
		p, ok1 := m.Path.Get()
		mv, ok2 := m.HTTPMethod.Get()
		if !ok1 || !ok2 {
			return nil
		}
		if (mv == v || mv == "ANY") && pathMatches(p, rest) {
			return &model.Link{Target: model.JoinedRef(source, m.Ref), Loc: loc}
		}
	}
	return &model.Link{Missing: &model.Missing{Name: v + " " + rest, Reason: fmt.Sprintf("API %s (%s) has no method %s %s", name, source, v, rest)}, Loc: loc}
}

func apiName(api *model.RestAPI) string {
	for _, s := range []*model.String{api.Name, api.ID} {
		if v, ok := s.Get(); ok && v != "" {
			return v
		}
	}
	return api.Ref
}

// pathMatches reports whether a request path matches a resource path
// template: {param} takes one segment, {proxy+} the rest (at least one).
func pathMatches(tmpl, path string) bool {
	ts := strings.Split(strings.Trim(tmpl, "/"), "/")
	ps := strings.Split(strings.Trim(path, "/"), "/")
	if tmpl == "/" || tmpl == "" {
		return strings.Trim(path, "/") == ""
	}
	for n, t := range ts {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "+}") {
			return n < len(ps) && ps[n] != ""
		}
		if n >= len(ps) {
			return false
		}
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if ps[n] == "" {
				return false
			}
			continue
		}
		if t != ps[n] {
			return false
		}
	}
	return len(ts) == len(ps)
}
