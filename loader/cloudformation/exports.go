package cloudformation

import (
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

// exports records the template's exported outputs, so that the workspace
// step can join an Fn::ImportValue of another template of the same scan to
// the object the export hands out.
func (b *builder) exports(t *template) {
	outs, _ := t.root["Outputs"].(map[string]any)
	for _, name := range sortedKeys(outs) {
		out, _ := outs[name].(map[string]any)
		exp, ok := out["Export"].(map[string]any)
		if !ok {
			continue
		}
		if cond, ok := out["Condition"].(string); ok {
			// An output whose condition is known false exports nothing.
			if v, known, _ := t.res.Condition(cond); known && !v {
				continue
			}
		}
		ptr := "/Outputs/" + yamltree.Escape(name)
		e := model.StackExport{Output: name, Loc: t.keyLoc(ptr)}
		if v, ok := exp["Name"]; ok {
			e.Name = t.str(v, ptr+"/Export/Name")
		} else {
			e.Name = model.UnknownString(model.Unknown{Reason: "the export has no Name"}, t.keyLoc(ptr+"/Export"))
		}
		v, ok := out["Value"]
		if !ok {
			e.Value = model.UnknownString(model.Unknown{Reason: "the output has no Value"}, e.Loc)
			b.inv.Exports = append(b.inv.Exports, e)
			continue
		}
		loc := t.keyLoc(ptr + "/Value")
		e.Value = t.strAt(v, loc)
		if ref := t.res.Resolve(v).SingleRef(); ref != nil {
			e.Attr = ref.Attr
			if ref.Missing() {
				e.Target = t.missing(ref.LogicalID, loc)
			} else {
				e.Target = &model.Link{Target: t.refOf(ref), Loc: loc}
			}
		} else if e.Value.Unknown != nil && e.Value.Unknown.Expr == "" {
			e.Value.Unknown.Expr = intrinsic.Render(v)
		}
		b.inv.Exports = append(b.inv.Exports, e)
	}
}
