package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
)

// allRules is the --enable/--disable value that stands for every rule.
const allRules = "all"

// ruleSelection is the set of rules a run reports on (--enable, --disable).
type ruleSelection struct {
	disabled map[string]bool
}

// keeps reports whether findings and errors of rule id are reported.
func (s ruleSelection) keeps(id string) bool { return !s.disabled[id] }

// selectRules resolves --enable and --disable values (ids in any case, slugs,
// or "all"; comma-separated or repeated) against the catalogue. Every rule
// starts enabled; "all" applies first, so "--disable all --enable AZ001" runs
// AZ001 alone. An unknown value is a usage error: a typo must not silently turn
// a rule on or off.
func selectRules(rules []finding.Rule, enable, disable []string) (ruleSelection, error) {
	resolve := func(flag string, vals []string) (ids map[string]bool, all bool, err error) {
		ids = map[string]bool{}
		for _, val := range vals {
			for v := range strings.SplitSeq(val, ",") {
				v = strings.TrimSpace(v)
				switch {
				case v == "":
				case strings.EqualFold(v, allRules):
					all = true
				default:
					r, ok := lookupRule(rules, v)
					if !ok {
						return nil, false, usageError("unknown rule %q in %s (authlint rules list shows the catalogue)", v, flag)
					}
					ids[r.ID] = true
				}
			}
		}
		return ids, all, nil
	}
	on, allOn, err := resolve("--enable", enable)
	if err != nil {
		return ruleSelection{}, err
	}
	off, allOff, err := resolve("--disable", disable)
	if err != nil {
		return ruleSelection{}, err
	}
	if allOn && allOff {
		return ruleSelection{}, usageError("--enable and --disable both name %q", allRules)
	}
	sel := ruleSelection{disabled: map[string]bool{}}
	for _, r := range rules {
		switch {
		case on[r.ID] && off[r.ID]:
			return ruleSelection{}, usageError("rule %s is both enabled and disabled", r.ID)
		case on[r.ID]:
		case off[r.ID] || allOff:
			sel.disabled[r.ID] = true
		}
	}
	return sel, nil
}

// lookupRule finds a rule by id (case-insensitive) or slug.
func lookupRule(rules []finding.Rule, key string) (finding.Rule, bool) {
	for _, r := range rules {
		if strings.EqualFold(r.ID, key) || strings.EqualFold(r.Slug, key) {
			return r, true
		}
	}
	return finding.Rule{}, false
}

// applyProcessors is the post-evaluation step: every change made to the
// findings between the engine and the reporters happens here, in this order.
//
//  1. Rule selection (--enable/--disable): findings, rule errors and catalogue
//     entries of rules left out are dropped, so a disabled rule can neither fail
//     the run nor show up in SARIF's rule list.
//  2. Suppressions (configuration, inline, baseline) belong here, after the
//     selection and before de-duplication, once internal/suppress exists.
//  3. De-duplication: identical findings (same fingerprint and message) are
//     reported once. Findings that share a fingerprint but say different things
//     are all kept; dropping one would hide a problem.
//  4. Deterministic order (Report.Normalize).
func applyProcessors(rep *finding.Report, sel ruleSelection) {
	rep.Findings = slices.DeleteFunc(rep.Findings, func(f finding.Finding) bool { return !sel.keeps(f.RuleID) })
	rep.RuleErrors = slices.DeleteFunc(rep.RuleErrors, func(e finding.RuleError) bool {
		// "*" marks an error before any rule ran (the input could not be
		// converted); it concerns every rule.
		return e.RuleID != "*" && !sel.keeps(e.RuleID)
	})
	rep.Rules = slices.DeleteFunc(rep.Rules, func(r finding.Rule) bool { return !sel.keeps(r.ID) })

	seen := make(map[string]bool, len(rep.Findings))
	rep.Findings = slices.DeleteFunc(rep.Findings, func(f finding.Finding) bool {
		key := fmt.Sprintf("%s\x00%s", f.Fingerprint, f.Message)
		if seen[key] {
			return true
		}
		seen[key] = true
		return false
	})

	rep.Normalize()
}
