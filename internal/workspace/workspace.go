package workspace

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
)

// Input is one inventory of the scan with the name findings use for it.
type Input struct {
	Source    string
	Inventory *model.Inventory
}

// exporter is one export of one input.
type exporter struct {
	in  int
	exp *model.StackExport
}

// linker holds the indexes of one Link call.
type linker struct {
	ins []Input
	// exports maps an export name to the exports of that name, in input order.
	exports map[string][]exporter
	// copies maps importer input, source input and pool ref to the ref of
	// the copy in the importer.
	copies map[copyKey]string
	// importers lists, per exporting input and pool ref, the parts (clients,
	// resource servers, domains) of other inputs that import the pool's id.
	importers map[poolKey][]importedPart
	// apiCopies maps importer, source input and API index to the copy's ref.
	apiCopies map[apiKey]string
	// idx is built on the first Postman join.
	idx *index
}

type poolKey struct {
	in  int
	ref string
}

type copyKey struct {
	to int
	poolKey
}

// importedPart is a client, resource server or domain of input in that
// names its pool through an import.
type importedPart struct {
	in   int
	kind partKind
	idx  int
}

type partKind int

const (
	partClient partKind = iota
	partResourceServer
	partDomain
)

// Link joins the inventories of one scan, in place. The order of ins is the
// scan's order, so the result is deterministic.
func Link(ins []Input) {
	l := &linker{ins: ins, exports: map[string][]exporter{}, copies: map[copyKey]string{}, importers: map[poolKey][]importedPart{}, apiCopies: map[apiKey]string{}}
	for i, in := range ins {
		if in.Inventory == nil {
			continue
		}
		for j := range in.Inventory.Exports {
			e := &in.Inventory.Exports[j]
			if name, ok := e.Name.Get(); ok {
				l.exports[name] = append(l.exports[name], exporter{in: i, exp: e})
			}
		}
	}
	if len(l.exports) > 0 {
		l.indexImportedParts()
		for i, in := range ins {
			if in.Inventory != nil {
				l.linkInventory(i)
			}
		}
	}
	// Postman requests join after the exports, so that a pool another
	// stack imports is found once, in the stack that defines it.
	for i, in := range ins {
		if in.Inventory != nil && (len(in.Inventory.TokenRequests) > 0 || len(in.Inventory.APIRequests) > 0) {
			l.linkPostman(i)
		}
	}
}

// lookup finds the one export of name in another input. ok is false when
// no other input exports it; u is set when more than one does.
func (l *linker) lookup(name string, importer int) (ex exporter, u *model.Unknown, ok bool) {
	var found []exporter
	for _, e := range l.exports[name] {
		// A stack cannot import its own export.
		if e.in != importer {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return exporter{}, nil, false
	case 1:
		return found[0], nil, true
	}
	var where []string
	for _, e := range found {
		if src := l.ins[e.in].Source; !slices.Contains(where, src) {
			where = append(where, src)
		}
	}
	return exporter{}, &model.Unknown{
		Reason: fmt.Sprintf("imported from the export %q, which %s export: authlint does not guess which one the account and region hold", name, joinAnd(where)),
		Expr:   "!ImportValue " + name,
	}, true
}

// poolExport returns the pool an export hands out as its id (want "") or
// ARN (want "Arn"), or why it does not.
func (l *linker) poolExport(ex exporter, name, want string) (pool *model.UserPool, missing *model.Missing, u *model.Unknown) {
	src := l.ins[ex.in]
	e := ex.exp
	what := want
	switch want {
	case "":
		what = "id"
	case "Arn":
		what = "ARN"
	}
	unknown := func(reason string) *model.Unknown {
		return &model.Unknown{Reason: fmt.Sprintf("imported from the export %q of %s, which %s", name, src.Source, reason), Expr: "!ImportValue " + name}
	}
	if e.Target == nil {
		if e.Value.Unknown != nil {
			return nil, nil, unknown("is not known statically: " + e.Value.Unknown.Reason)
		}
		return nil, nil, unknown("is a literal value, not a reference to a user pool of that template")
	}
	switch {
	case e.Target.Missing != nil:
		return nil, &model.Missing{
			Name:   e.Target.Missing.Name,
			Reason: fmt.Sprintf("%s exports it as %q (output %s) and %s", src.Source, name, e.Output, e.Target.Missing.Reason),
		}, nil
	case e.Target.Unknown != nil:
		return nil, nil, unknown("is not known statically: " + e.Target.Unknown.Reason)
	}
	for k := range src.Inventory.UserPools {
		p := &src.Inventory.UserPools[k]
		if p.Ref != e.Target.Target {
			continue
		}
		if e.Attr != want {
			return nil, nil, unknown(fmt.Sprintf("exports the user pool's %s, not its %s", attrName(e.Attr), what))
		}
		return p, nil, nil
	}
	return nil, nil, unknown("does not export a user pool")
}

func attrName(attr string) string {
	if attr == "" {
		return "id (!Ref)"
	}
	return attr
}

// indexImportedParts finds the clients, resource servers and domains that
// name their pool by importing its id from another input.
func (l *linker) indexImportedParts() {
	for i, in := range l.ins {
		if in.Inventory == nil {
			continue
		}
		inv := in.Inventory
		add := func(kind partKind, idx int, link *model.Link) {
			name := importName(link)
			if name == "" {
				return
			}
			ex, amb, ok := l.lookup(name, i)
			if !ok || amb != nil {
				return
			}
			if p, _, _ := l.poolExport(ex, name, ""); p != nil {
				k := poolKey{ex.in, p.Ref}
				l.importers[k] = append(l.importers[k], importedPart{in: i, kind: kind, idx: idx})
			}
		}
		for j := range inv.AppClients {
			add(partClient, j, &inv.AppClients[j].UserPool)
		}
		for j := range inv.ResourceServers {
			add(partResourceServer, j, &inv.ResourceServers[j].UserPool)
		}
		for j := range inv.Domains {
			add(partDomain, j, &inv.Domains[j].UserPool)
		}
	}
}

// importName is the export name a link imports, or "".
func importName(link *model.Link) string {
	if link == nil || link.Unknown == nil {
		return ""
	}
	return link.Unknown.Import
}

// linkInventory joins the imports of input i.
func (l *linker) linkInventory(i int) {
	inv := l.ins[i].Inventory
	for a := range inv.RestAPIs {
		api := &inv.RestAPIs[a]
		for b := range api.Authorizers {
			items := api.Authorizers[b].ProviderARNs.Items
			for c := range items {
				l.linkProviderARN(i, &items[c])
			}
		}
	}
	// An HTTP API's JWT issuer names its pool by id (…amazonaws.com/${PoolId})
	// or is the pool's ProviderURL itself. Copies go to the pool lists, never
	// to HTTPAPIs, so the pointer stays valid.
	for a := range inv.HTTPAPIs {
		for b := range inv.HTTPAPIs[a].Authorizers {
			az := &inv.HTTPAPIs[a].Authorizers[b]
			if az.IssuerUserPool == nil {
				continue
			}
			want := ""
			if name := importName(az.IssuerUserPool); az.Issuer != nil && az.Issuer.Unknown != nil && name != "" && az.Issuer.Unknown.Import == name {
				want = "ProviderURL"
			}
			link := l.linkPool(i, *az.IssuerUserPool, want)
			az.IssuerUserPool = &link
		}
	}
	// linkPoolID may append copies to these lists: the links are assigned by
	// index afterwards, never through a pointer taken before.
	for j := range inv.AppClients {
		link := l.linkPoolID(i, inv.AppClients[j].UserPool)
		inv.AppClients[j].UserPool = link
	}
	for j := range inv.ResourceServers {
		link := l.linkPoolID(i, inv.ResourceServers[j].UserPool)
		inv.ResourceServers[j].UserPool = link
	}
	for j := range inv.Domains {
		link := l.linkPoolID(i, inv.Domains[j].UserPool)
		inv.Domains[j].UserPool = link
	}
}

// linkProviderARN joins a provider ARN that imports a pool's ARN.
func (l *linker) linkProviderARN(i int, item *model.ProviderARN) {
	name := importName(item.UserPool)
	if name == "" {
		return
	}
	ex, amb, ok := l.lookup(name, i)
	if !ok {
		return
	}
	rec := model.WorkspaceLink{Kind: model.LinkExport, Key: name, From: item.Loc}
	if amb != nil {
		item.UserPool.Unknown = amb
		item.ARN.Unknown = amb
		rec.Unknown = amb
		l.record(i, rec)
		return
	}
	rec.Source, rec.To = l.ins[ex.in].Source, ex.exp.Loc
	if ex.exp.Target != nil {
		rec.Target = ex.exp.Target.Target
	}
	if v, known := ex.exp.Value.Get(); known && ex.exp.Target == nil && item.ARN.Unknown != nil && item.ARN.Unknown.Import == name {
		// A literal ARN: known now, and checked like one written in place.
		item.ARN = model.Known(v, ex.exp.Value.Loc)
		item.UserPool = nil
		l.record(i, rec)
		return
	}
	// The entry is the import itself (the export is the pool's ARN), or an
	// ARN built around an imported pool id.
	want := "Arn"
	if item.ARN.Unknown == nil || item.ARN.Unknown.Import != name {
		want = ""
	}
	pool, missing, u := l.poolExport(ex, name, want)
	switch {
	case missing != nil:
		item.UserPool = &model.Link{Missing: missing, Loc: item.UserPool.Loc}
		rec.Unknown = &model.Unknown{Reason: missing.Reason}
	case u != nil:
		item.UserPool.Unknown = u
		item.ARN.Unknown = u
		rec.Unknown = u
	default:
		ref := l.copyPool(i, ex.in, pool)
		item.UserPool = &model.Link{Target: ref, Loc: item.UserPool.Loc}
		rec.Ref = ref
	}
	l.record(i, rec)
}

// linkPoolID joins a client's, resource server's or domain's UserPoolId that
// imports a pool's id, and returns the link to keep.
func (l *linker) linkPoolID(i int, link model.Link) model.Link {
	return l.linkPool(i, link, "")
}

// linkPool joins a link that imports the export of a pool's id (want "") or
// of another attribute of it (want "ProviderURL", …).
func (l *linker) linkPool(i int, link model.Link, want string) model.Link {
	name := importName(&link)
	if name == "" {
		return link
	}
	ex, amb, ok := l.lookup(name, i)
	if !ok {
		return link
	}
	rec := model.WorkspaceLink{Kind: model.LinkExport, Key: name, From: link.Loc}
	if amb != nil {
		link.Unknown = amb
		rec.Unknown = amb
		l.record(i, rec)
		return link
	}
	rec.Source, rec.To = l.ins[ex.in].Source, ex.exp.Loc
	if ex.exp.Target != nil {
		rec.Target = ex.exp.Target.Target
	}
	pool, missing, u := l.poolExport(ex, name, want)
	switch {
	case missing != nil:
		link = model.Link{Missing: missing, Loc: link.Loc}
		rec.Unknown = &model.Unknown{Reason: missing.Reason}
	case u != nil:
		link.Unknown = u
		rec.Unknown = u
	default:
		ref := l.copyPool(i, ex.in, pool)
		link = model.Link{Target: ref, Loc: link.Loc}
		rec.Ref = ref
	}
	l.record(i, rec)
	return link
}

func (l *linker) record(i int, rec model.WorkspaceLink) {
	inv := l.ins[i].Inventory
	inv.Links = append(inv.Links, rec)
}

// copyPool copies pool p of input from into input to (once), with the app
// clients, resource servers and domains of from that belong to it and those
// other inputs add by importing its id. It returns the copy's ref.
func (l *linker) copyPool(to, from int, p *model.UserPool) string {
	key := copyKey{to, poolKey{from, p.Ref}}
	if ref, ok := l.copies[key]; ok {
		return ref
	}
	src := l.ins[from]
	dst := l.ins[to].Inventory
	ref := model.JoinedRef(src.Source, p.Ref)
	l.copies[key] = ref
	c := *p
	c.Object = joinedObject(p.Object, src.Source)
	if p.OpenOnlyToExports {
		c.Complete, c.Incomplete, c.OpenOnlyToExports = true, nil, false
	}
	dst.UserPools = append(dst.UserPools, c)
	own := func(link model.Link) bool { return link.Target == p.Ref }
	for _, x := range src.Inventory.AppClients {
		if own(x.UserPool) {
			dst.AppClients = append(dst.AppClients, copyClient(x, src.Source, ref))
		}
	}
	for _, x := range src.Inventory.ResourceServers {
		if own(x.UserPool) {
			dst.ResourceServers = append(dst.ResourceServers, copyServer(x, src.Source, ref))
		}
	}
	for _, x := range src.Inventory.Domains {
		if own(x.UserPool) {
			dst.Domains = append(dst.Domains, copyDomain(x, src.Source, ref))
		}
	}
	// Parts that third inputs add to the pool through its exported id; the
	// importer's own are linked in place by linkPoolID.
	for _, part := range l.importers[key.poolKey] {
		if part.in == to {
			continue
		}
		in := l.ins[part.in]
		switch part.kind {
		case partClient:
			dst.AppClients = append(dst.AppClients, copyClient(in.Inventory.AppClients[part.idx], in.Source, ref))
		case partResourceServer:
			dst.ResourceServers = append(dst.ResourceServers, copyServer(in.Inventory.ResourceServers[part.idx], in.Source, ref))
		case partDomain:
			dst.Domains = append(dst.Domains, copyDomain(in.Inventory.Domains[part.idx], in.Source, ref))
		}
	}
	return ref
}

func joinedObject(o model.Object, source string) model.Object {
	j := o.Joined
	if j == nil {
		j = &model.Joined{Source: source, Ref: o.Ref}
	}
	o.Joined = j
	o.Ref = model.JoinedRef(source, o.Ref)
	return o
}

func copyClient(x model.AppClient, source, pool string) model.AppClient {
	x.Object = joinedObject(x.Object, source)
	x.UserPool = model.Link{Target: pool, Loc: x.UserPool.Loc}
	return x
}

func copyServer(x model.ResourceServer, source, pool string) model.ResourceServer {
	x.Object = joinedObject(x.Object, source)
	x.UserPool = model.Link{Target: pool, Loc: x.UserPool.Loc}
	return x
}

func copyDomain(x model.UserPoolDomain, source, pool string) model.UserPoolDomain {
	x.Object = joinedObject(x.Object, source)
	x.UserPool = model.Link{Target: pool, Loc: x.UserPool.Loc}
	return x
}

// joinAnd lists names as "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Independent reports whether Link can neither change inv nor take anything
// from it: it imports no export and holds no Postman request, and it exports
// nothing and defines no user pool, app client, domain or REST API that a
// name could find (every such object with a known id or name counts). Such an
// inventory can be evaluated before the other inputs are loaded.
func Independent(inv *model.Inventory) bool {
	if len(inv.Exports) > 0 || len(inv.TokenRequests) > 0 || len(inv.APIRequests) > 0 || len(inv.Domains) > 0 {
		return false
	}
	known := func(s *model.String) bool { _, ok := s.Get(); return ok }
	for i := range inv.UserPools {
		if known(inv.UserPools[i].ID) {
			return false
		}
	}
	for i := range inv.AppClients {
		c := &inv.AppClients[i]
		if known(c.ID) || known(c.Name) || importName(&c.UserPool) != "" {
			return false
		}
	}
	for i := range inv.ResourceServers {
		if importName(&inv.ResourceServers[i].UserPool) != "" {
			return false
		}
	}
	for i := range inv.RestAPIs {
		api := &inv.RestAPIs[i]
		if known(api.ID) {
			return false
		}
		for j := range api.Authorizers {
			for _, item := range api.Authorizers[j].ProviderARNs.Items {
				if importName(item.UserPool) != "" {
					return false
				}
			}
		}
	}
	for i := range inv.HTTPAPIs {
		for j := range inv.HTTPAPIs[i].Authorizers {
			if importName(inv.HTTPAPIs[i].Authorizers[j].IssuerUserPool) != "" {
				return false
			}
		}
	}
	return true
}
