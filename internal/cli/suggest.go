package cli

import (
	"cmp"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
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
		d := min(editDistance(q, id), editDistance(q, slug))
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

// editDistance is the Levenshtein distance between a and b (bytes: ids and
// slugs are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
