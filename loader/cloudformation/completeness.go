package cloudformation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

// A user pool defined in a template is Complete unless something authlint
// does not read may give it app clients, resource servers or a domain: a
// custom resource or an exported output that receives the pool, a nested
// stack whose template is not read, a transform (other than SAM's) of the
// whole template, or resources a transform includes (Fn::Transform or
// AWS::Include in place of resources: what they add may name any pool). The
// reasons are gathered while the templates are read and applied to the pools
// at the end, since a nested stack may receive a pool its parent defines
// later.

// openPool records that the pool with ref may have parts outside the
// inventory.
func (b *builder) openPool(ref, reason string) {
	if b.openPools == nil {
		b.openPools = map[string]string{}
	}
	if _, ok := b.openPools[ref]; !ok {
		b.openPools[ref] = reason
	}
	if b.openOther == nil {
		b.openOther = map[string]int{}
	}
	// Counted here and taken back by exportedPool, so that what remains
	// counts the reasons other than exports.
	b.openOther[ref]++
}

// exportedPool opens the pool with ref because an exported output hands it
// to other stacks. A pool open for this reason only is complete to a scan
// that holds the stacks importing it (the workspace step decides).
func (b *builder) exportedPool(ref, reason string) {
	b.openPool(ref, reason)
	b.openOther[ref]--
	if b.exported == nil {
		b.exported = map[string]bool{}
	}
	b.exported[ref] = true
}

// openAllPools records that any pool of the inventory may have parts outside
// it.
func (b *builder) openAllPools(reason string) {
	if b.allPoolsOpen == "" {
		b.allPoolsOpen = reason
	}
}

// closePools sets Complete on the pools nothing unread can extend, and the
// reason on the others.
func (b *builder) closePools() {
	for i := range b.inv.UserPools {
		p := &b.inv.UserPools[i]
		why, open := b.openPools[p.Ref]
		if !open {
			why = b.allPoolsOpen
		}
		p.Complete = why == ""
		p.OpenOnlyToExports = b.exported[p.Ref] && b.openOther[p.Ref] == 0 && b.allPoolsOpen == ""
		if why != "" {
			p.Incomplete = &model.Unknown{Reason: "app clients, resource servers or a domain of the pool may be defined where authlint does not look: " + why}
		}
	}
}

// isCustomResource reports a custom resource type: its provider may create
// anything.
func isCustomResource(typ string) bool {
	return typ == "AWS::CloudFormation::CustomResource" || strings.HasPrefix(typ, "Custom::")
}

// openParts looks through one template for what may extend its pools (or,
// through nested stack parameters, its parent's).
func (b *builder) openParts(t *template, live []*resource) {
	for _, tr := range t.transforms {
		// AWS::LanguageExtensions is read: its loops are expanded, and
		// those that cannot be are marked by foreachUnknown.
		if !strings.HasPrefix(tr, "AWS::Serverless") && tr != "AWS::LanguageExtensions" {
			b.openAllPools(fmt.Sprintf("%s: the transform %s rewrites the template at deployment", t.file, tr))
		}
	}
	if len(t.includes) > 0 {
		why := fmt.Sprintf("a transform includes resources at %s of %s at deployment", t.includes[0], t.file)
		b.openAllPools(why)
		b.includedAPIs(t, live, why)
	}
	b.foreachUnknown(t, live)
	// An Fn::Transform inside a resource's properties replaces a property
	// value only: it cannot add resources, so it is not looked for here.
	for _, r := range live {
		if !isCustomResource(r.typ) {
			continue
		}
		for _, ref := range b.poolsIn(t, r.props) {
			b.openPool(ref, "the custom resource "+t.ref(r.id)+" receives it")
		}
	}
	outs, _ := t.root["Outputs"].(map[string]any)
	for _, name := range sortedKeys(outs) {
		out, _ := outs[name].(map[string]any)
		if _, exported := out["Export"]; !exported {
			continue
		}
		for _, ref := range b.poolsIn(t, out["Value"]) {
			b.exportedPool(ref, "the output "+name+" exports it to other stacks")
		}
		// Another stack that imports an HTTP API's id may add routes,
		// authorizers, stages and deployments to it.
		for _, ref := range b.refsIn(t, out["Value"], typeV2API) {
			if api := b.httpAPIs[ref]; api != nil {
				httpAPIUnknowns(api, &model.Unknown{Reason: "the output " + name + " exports the API to other stacks, which may add to it"})
			}
		}
	}
}

// poolsIn returns the refs of the user pools v refers to (Ref, Fn::GetAtt,
// Fn::Sub, through parameters that stand for a parent's pool), in either
// branch of an Fn::If.
func (b *builder) poolsIn(t *template, v any) []string {
	return b.refsIn(t, v, typeUserPool)
}

// refsIn returns the refs of the resources of type typ that v refers to, as
// poolsIn does for user pools.
func (b *builder) refsIn(t *template, v any, typ string) []string {
	var out []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > maxPoolDepth {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			if _, _, isFn := intrinsic.IsIntrinsic(x); isFn {
				res := t.res.Resolve(x)
				for _, p := range res.Parts {
					if p.Ref != nil && p.Ref.Type == typ {
						if ref := t.refOf(p.Ref); !slices.Contains(out, ref) {
							out = append(out, ref)
						}
					}
				}
			}
			for _, e := range x {
				walk(e, depth+1)
			}
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		}
	}
	walk(v, 0)
	return out
}

// maxPoolDepth bounds the walk of poolsIn (yamltree bounds nesting already;
// this keeps the walk cheap on deep property trees).
const maxPoolDepth = 64

// unreadPools records what a nested stack that is not read means for the
// pools: it may extend any of them (it receives parameters and may read the
// stack's exports).
func (b *builder) unreadPools(t *template, r *resource, why string) {
	b.openAllPools("the nested stack " + t.ref(r.id) + " is not read (" + why + ")")
}

// includedAPIs marks the APIs of a template whose Resources section includes
// resources at deployment: those may add methods, authorizers, stages,
// deployments and gateway responses to any of them.
func (b *builder) includedAPIs(t *template, live []*resource, why string) {
	b.unknownAPIParts(t, live, why, allAPIParts)
}
