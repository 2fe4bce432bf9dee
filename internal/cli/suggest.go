package cli

import (
	"cmp"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/textdist"
)

// suggestRules returns up to three rule ids whose id or slug is close to
// what the user typed (a typo, or a word of the slug), closest first.
func suggestRules(rules []finding.Rule, query string) []string {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return nil
	}
	type match struct {
		id   string
		dist int
	}
	var ms []match
	for _, r := range rules {
		id, slug := strings.ToLower(r.ID), strings.ToLower(r.Slug)
		d := min(textdist.Levenshtein(q, id), textdist.Levenshtein(q, slug))
		// A word of the slug ("preflight") is as good as a one-letter typo.
		if len(q) >= 4 && strings.Contains(slug, q) {
			d = min(d, 1)
		}
		if d <= max(1, len(q)/3) {
			ms = append(ms, match{r.ID + " (" + r.Slug + ")", d})
		}
	}
	slices.SortFunc(ms, func(a, b match) int { return cmp.Or(cmp.Compare(a.dist, b.dist), strings.Compare(a.id, b.id)) })
	var out []string
	for _, m := range ms[:min(3, len(ms))] {
		out = append(out, m.id)
	}
	return out
}
