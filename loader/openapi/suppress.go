package openapi

import (
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// suppressions reads x-authlint-ignore on the object at pointer p and records
// one Suppression per entry and target.
//
// An entry is a rule id ("CR001"), or an object {id | ids, reason, expires}.
// The value may be one entry or a list of them. Entries are kept as written:
// a later stage checks the reason and the expiry date. An entry whose shape
// cannot be read is kept with no rule id, so that stage reports it instead of
// it vanishing.
func (b *builder) suppressions(obj map[string]any, p string, targets ...string) {
	v, ok := obj[extIgnore]
	if !ok || len(targets) == 0 {
		return
	}
	sp := apigw.Ptr(p, extIgnore)
	type entry struct {
		v   any
		loc model.Loc
	}
	var entries []entry
	if list, ok := v.([]any); ok {
		for i, it := range list {
			entries = append(entries, entry{it, b.env.Loc(apigw.Ptr(sp, i))})
		}
	} else {
		entries = append(entries, entry{v, b.env.KeyLoc(sp)})
	}
	for _, e := range entries {
		s := parseSuppression(e.v)
		s.Loc = e.loc
		for _, t := range targets {
			s.Target = t
			b.sups = append(b.sups, s)
		}
	}
}

func parseSuppression(v any) model.Suppression {
	s := model.Suppression{RuleIDs: []string{}}
	switch t := v.(type) {
	case string:
		if id := strings.TrimSpace(t); id != "" {
			s.RuleIDs = append(s.RuleIDs, id)
		}
	case map[string]any:
		if _, isFn := IsIntrinsic(t); isFn {
			return s
		}
		ids, ok := ruleIDs(t["id"])
		more, ok2 := ruleIDs(t["ids"])
		if !ok || !ok2 {
			// Part of the entry is unreadable: keep none of its ids so the
			// entry is reported rather than half applied.
			ids, more = nil, nil
		}
		s.RuleIDs = append(s.RuleIDs, ids...)
		s.RuleIDs = append(s.RuleIDs, more...)
		if r, ok := apigw.Scalar(t["reason"]); ok {
			s.Reason = strings.TrimSpace(r)
		}
		if e, ok := apigw.Scalar(t["expires"]); ok {
			s.Expires = strings.TrimSpace(e)
		}
	}
	return s
}

// ruleIDs reads an id or a list of ids; nil is fine (absent).
func ruleIDs(v any) ([]string, bool) {
	switch t := v.(type) {
	case nil:
		return nil, true
	case string:
		if id := strings.TrimSpace(t); id != "" {
			return []string{id}, true
		}
		return nil, false
	case []any:
		out := make([]string, 0, len(t))
		for _, it := range t {
			s, ok := it.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return nil, false
			}
			out = append(out, strings.TrimSpace(s))
		}
		return out, true
	}
	return nil, false
}
