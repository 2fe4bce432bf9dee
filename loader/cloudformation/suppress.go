package cloudformation

import (
	"github.com/authlint/authlint/internal/model"
)

// suppressions reads Metadata.authlint.ignore of a resource: a list of
// {id | ids, reason, expires} (a bare rule id or a single object also work).
// Entries are kept as written; validation happens after evaluation. An entry
// whose shape cannot be read is kept with no rule ids so the validation step
// reports it.
func (b *builder) suppressions(t *template, r *resource) {
	al, ok := r.meta["authlint"].(map[string]any)
	if !ok {
		return
	}
	base := r.ptr + "/Metadata/authlint/ignore"
	var entries []any
	switch v := al["ignore"].(type) {
	case []any:
		entries = v
	case nil:
		return
	default:
		entries = []any{v}
		base += "/-"
	}
	for i, e := range entries {
		ptr := base + "/" + itoa(i)
		if len(entries) == 1 && base[len(base)-2:] == "/-" {
			ptr = base[:len(base)-2]
		}
		s := model.Suppression{RuleIDs: []string{}, Target: t.ref(r.id), Loc: t.valLoc(ptr)}
		switch v := e.(type) {
		case string:
			s.RuleIDs = append(s.RuleIDs, v)
		case map[string]any:
			if id, ok := v["id"].(string); ok {
				s.RuleIDs = append(s.RuleIDs, id)
			}
			if ids, ok := v["ids"].([]any); ok {
				for _, x := range ids {
					if id, ok := x.(string); ok {
						s.RuleIDs = append(s.RuleIDs, id)
					}
				}
			}
			s.Reason, _ = v["reason"].(string)
			s.Expires = text(v["expires"])
		}
		b.inv.Suppressions = append(b.inv.Suppressions, s)
	}
}

func text(v any) string {
	if s, ok := scalarString(v); ok {
		return s
	}
	return ""
}
