package suppress

import "github.com/authlint/authlint/internal/finding"

// Ids of the tool rules that report on suppressions.
const (
	RuleUnused   = "AL001"
	RuleExpired  = "AL002"
	RuleNoReason = "AL003"
	RuleInvalid  = "AL004"
)

// Rules returns the catalogue entries of the tool rules. They have no Rego
// policy: the suppression processor emits their findings. The command line
// adds them to the engine's catalogue so that configuration, documentation
// and every report format treat them like the other rules.
func Rules() []finding.Rule {
	all := []string{
		finding.SourceOpenAPI, finding.SourceCloudFormation, finding.SourceSAM,
		finding.SourceCDK, finding.SourceTerraform, finding.SourceLive,
		finding.SourcePostman,
	}
	const seeOwn = "Nothing: this finding is about authlint's own suppressions, not about the API."
	return []finding.Rule{
		{
			ID: RuleUnused, Slug: "unused-suppression", Severity: finding.Note,
			Title:       "Suppression that matches nothing",
			Description: "An inline or configured suppression matched no finding in this run. Either the problem it covered was fixed, or the suppression names the wrong rule or sits in the wrong place; either way it no longer does anything and may hide a future finding by surprise.",
			ClientSees:  seeOwn,
			Remediation: "Remove the suppression, or correct its rule ids and placement.",
			Sources:     all, Tags: []string{"suppression"}, Resources: []string{"suppression"}, Package: "authlint.tool.suppress", File: "(built in)",
		},
		{
			ID: RuleExpired, Slug: "expired-suppression", Severity: finding.Note,
			Title:       "Expired suppression",
			Description: "A suppression's expiry date has passed. It no longer suppresses anything, so the findings it covered are reported again.",
			ClientSees:  seeOwn,
			Remediation: "Fix the findings it covered, or extend the expiry date with an up-to-date reason.",
			Sources:     all, Tags: []string{"suppression"}, Resources: []string{"suppression"}, Package: "authlint.tool.suppress", File: "(built in)",
		},
		{
			ID: RuleNoReason, Slug: "suppression-without-reason", Severity: finding.Note,
			Title:       "Suppression without a reason",
			Description: "A suppression gives no reason. Suppressions must say why a finding is accepted, so one without a reason suppresses nothing.",
			ClientSees:  seeOwn,
			Remediation: "Add a reason that says why the finding is accepted.",
			Sources:     all, Tags: []string{"suppression"}, Resources: []string{"suppression"}, Package: "authlint.tool.suppress", File: "(built in)",
		},
		{
			ID: RuleInvalid, Slug: "invalid-suppression", Severity: finding.Note,
			Title:       "Malformed suppression",
			Description: "A suppression names no rule, names a rule that does not exist, has an expiry date that is not YYYY-MM-DD, or lacks the expiry date the configuration requires. The parts that cannot be understood suppress nothing.",
			ClientSees:  seeOwn,
			Remediation: "Name existing rule ids or slugs, write the expiry as YYYY-MM-DD, and add one when suppressions.require-expiry is set.",
			Sources:     all, Tags: []string{"suppression"}, Resources: []string{"suppression"}, Package: "authlint.tool.suppress", File: "(built in)",
		},
	}
}
