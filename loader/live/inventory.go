package live

import (
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
)

// assemble builds the target's inventory: its REST APIs with every provider
// ARN linked to the pool it names (or marked missing or unknown), and the
// pools, clients, resource servers and domains those links point to.
func (s *scanner) assemble(t *Target, reads []*apiRead, pools map[poolKey]*poolResult) *model.Inventory {
	inv := &model.Inventory{
		SchemaVersion: model.SchemaVersion,
		Sources:       []model.Source{{Kind: model.KindLive, Account: t.Account, Region: t.Region, Partition: t.Partition}},
	}
	used := map[poolKey]bool{}
	for _, r := range reads {
		api := r.api
		forEachProviderARN(&api, func(pa *model.ProviderARN) {
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
		inv.RestAPIs = append(inv.RestAPIs, api)
	}
	keys := make([]poolKey, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b poolKey) int { return strings.Compare(a.id, b.id) })
	for _, k := range keys {
		res := pools[k]
		inv.UserPools = append(inv.UserPools, *res.pool)
		inv.AppClients = append(inv.AppClients, res.clients...)
		inv.ResourceServers = append(inv.ResourceServers, res.servers...)
		inv.Domains = append(inv.Domains, res.domains...)
	}
	model.Normalize(inv)
	return inv
}
