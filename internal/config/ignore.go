package config

import (
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
)

// Covers reports whether the entry applies to a finding: the rule is one of
// IDs, the file (or input) matches one of Paths when Paths are given, and the
// resource is one of Resources when Resources are given. A resource matches
// by ref (the object or one of its parents), logical id, CDK path, name, API
// name or id, or ARN.
func (ig *Ignore) Covers(f *finding.Finding) bool {
	if !slices.Contains(ig.IDs, f.RuleID) {
		return false
	}
	if len(ig.Paths) > 0 && !slices.ContainsFunc(ig.Paths, func(p Pattern) bool {
		return p.Match(f.Location.File) || p.Match(f.Source)
	}) {
		return false
	}
	if len(ig.Resources) > 0 && !slices.ContainsFunc(ig.Resources, func(r string) bool { return resourceIs(&f.Resource, r) }) {
		return false
	}
	return true
}

func resourceIs(res *finding.Resource, want string) bool {
	if want == "" {
		return false
	}
	if res.Ref == want || strings.HasPrefix(res.Ref, want+"/") {
		return true
	}
	if res.CDKPath != "" && (res.CDKPath == want || strings.HasPrefix(res.CDKPath, want+"/")) {
		return true
	}
	return slices.Contains([]string{res.LogicalID, res.Name, res.API, res.APIID, res.ARN}, want)
}
