package workspace_test

import (
	"fmt"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/workspace"
)

// BenchmarkLink links n API stacks to n auth stacks (one export each) and a
// collection of n token requests to an account of n app clients: the cost
// per input should stay flat as n grows (the lookups are indexed).
func BenchmarkLink(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("inputs=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				ins := linkInputs(n)
				b.StartTimer()
				workspace.Link(ins)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/input")
		})
	}
}

func linkInputs(n int) []workspace.Input {
	ins := make([]workspace.Input, 0, 2*n+2)
	for i := range n {
		name := fmt.Sprintf("pool-arn-%d", i)
		ins = append(ins,
			workspace.Input{Source: fmt.Sprintf("api-%d.yaml", i), Inventory: importing(fmt.Sprintf("api-%d.yaml", i), name)},
			workspace.Input{Source: fmt.Sprintf("auth-%d.yaml", i), Inventory: exporting(fmt.Sprintf("auth-%d.yaml", i), name, &model.Link{Target: "Pool"}, "Arn")},
		)
	}
	acct := account("us-east-1")
	pm := postman("https://pets.auth.us-east-1.amazoncognito.com/oauth2/authorize", "client-0")
	for i := range n {
		l := model.Loc{Resource: fmt.Sprintf("client-%d", i)}
		acct.AppClients = append(acct.AppClients, model.AppClient{
			Object: model.Object{Ref: fmt.Sprintf("client/%d", i), Loc: l}, UserPool: model.Link{Target: "pool"},
			ID: new(model.Known(fmt.Sprintf("client-%d", i), l)),
		})
		t := pm.TokenRequests[0]
		t.Ref = fmt.Sprintf("tokenRequest:/%d", i)
		t.ClientID = new(model.Known(fmt.Sprintf("client-%d", i), t.Loc))
		pm.TokenRequests = append(pm.TokenRequests, t)
	}
	return append(ins, workspace.Input{Source: "c.json", Inventory: pm}, workspace.Input{Source: "live", Inventory: acct})
}
