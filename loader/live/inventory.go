package live

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
)

// assemble builds the target's inventory: its REST APIs with every provider
// ARN linked to the pool it names (or marked missing or unknown), its HTTP
// APIs with JWT issuers and audiences linked to pools and clients, and the
// pools, clients, resource servers and domains those links point to.
func (s *scanner) assemble(t *Target, reads []*model.RestAPI, httpReads []*model.HTTPAPI, pools map[poolKey]*poolResult) *model.Inventory {
	inv := &model.Inventory{
		SchemaVersion: model.SchemaVersion,
		Sources:       []model.Source{{Kind: model.KindLive, Account: t.Account, Region: t.Region, Partition: t.Partition}},
	}
	used := map[poolKey]bool{}
	for _, api := range reads {
		forEachProviderARN(api, func(pa *model.ProviderARN) {
			v, ok := pa.ARN.Get()
			if !ok {
				return
			}
			k, ok := parsePoolARN(v)
			if !ok {
				return
			}
			res := pools[k]
			if res == nil {
				return
			}
			link := res.link
			link.Loc = pa.Loc
			pa.UserPool = &link
			if res.pool != nil {
				used[k] = true
			}
		})
		inv.RestAPIs = append(inv.RestAPIs, *api)
	}
	for _, api := range httpReads {
		if api == nil {
			continue
		}
		for _, k := range linkHTTPAPI(t, api, pools) {
			used[k] = true
		}
		inv.HTTPAPIs = append(inv.HTTPAPIs, *api)
	}
	keys := make([]poolKey, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b poolKey) int { return strings.Compare(a.id, b.id) })
	for _, k := range keys {
		// A pool is read once and may sit in several inventories, which are
		// normalized and evaluated concurrently: each gets its own copy.
		res := pools[k]
		inv.UserPools = append(inv.UserPools, clone(*res.pool))
		inv.AppClients = append(inv.AppClients, clone(res.clients)...)
		inv.ResourceServers = append(inv.ResourceServers, clone(res.servers)...)
		inv.Domains = append(inv.Domains, clone(res.domains)...)
	}
	model.Normalize(inv)
	return inv
}

// clone deep-copies model values through their JSON form, which carries all
// of them (exports and snapshots depend on it). Model values always encode;
// were one not to, the shared value is better than none.
func clone[T any](v T) T {
	var out T
	b, err := json.Marshal(v)
	if err != nil || json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}
