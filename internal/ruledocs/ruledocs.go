package ruledocs

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
)

// Index is the name of the index page.
const Index = "README.md"

// sourceNames are the headings used for source kinds, in display order.
var sourceNames = []struct{ key, name string }{
	{finding.SourceOpenAPI, "OpenAPI"},
	{finding.SourceCloudFormation, "CloudFormation"},
	{finding.SourceSAM, "SAM"},
	{finding.SourceCDK, "CDK"},
	{finding.SourceTerraform, "Terraform"},
	{finding.SourceLive, "Live account"},
	{finding.SourcePostman, "Postman"},
	{finding.SourceConsole, "Console"},
}

// category groups rules by the two letters of their id.
type category struct{ prefix, title, intro string }

var categories = []category{
	{"AZ", "Authorizers", "The COGNITO_USER_POOLS authorizer and how methods use it."},
	{"SC", "Scopes and tokens", "Which token a method accepts, and whether any token can carry its scopes."},
	{"DP", "Deployment", "Whether what a stage serves is what was configured."},
	{"CR", "CORS", "Browser preflights, and 401s that browsers show as CORS errors."},
	{"GW", "Resource policy and other 403s", "The 403s that are mistaken for an authorizer problem."},
	{"UP", "User pool app clients", "App client settings that keep clients from getting a token at all."},
	{"HT", "HTTP APIs (JWT authorizers)", "HTTP APIs (API Gateway v2): the JWT authorizer's issuer, audience and identity source, and how routes use it."},
	{"PM", "Postman collections", "How a Postman collection asks Cognito for a token and sends it: what makes the token request fail, or the API answer 401."},
	{"TK", "Token checks (authlint explain)", "Why one token gets a 401 or 403 on one method. `authlint explain` runs these over a token and the method's configuration, in the order of the steps API Gateway goes through; `authlint scan` never runs them."},
	{"AL", "Tool rules", "Findings about authlint's own suppressions, not about the API."},
}

// Files renders one page per rule (<ID>.md) and the index, keyed by file
// name. Rules are listed in id order within their category.
func Files(rules []finding.Rule) map[string][]byte {
	sorted := slices.Clone(rules)
	slices.SortFunc(sorted, func(a, b finding.Rule) int { return cmp.Compare(a.ID, b.ID) })
	out := make(map[string][]byte, len(sorted)+1)
	for _, r := range sorted {
		out[r.ID+".md"] = []byte(page(r))
	}
	out[Index] = []byte(index(sorted))
	return out
}

const generated = "<!-- Generated from the rule catalogue by internal/ruledocs; do not edit. Regenerate with: go test ./internal/ruledocs -update -->\n\n"

func page(r finding.Rule) string {
	var b strings.Builder
	b.WriteString(generated)
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| Slug | `%s` |\n", r.Slug)
	fmt.Fprintf(&b, "| Severity | %s |\n", r.Severity)
	if r.SecuritySeverity != "" {
		fmt.Fprintf(&b, "| Security severity | %s (SARIF security-severity %s) |\n", r.SecuritySeverity, r.SecurityScore())
	}
	if len(r.Sources) > 0 {
		fmt.Fprintf(&b, "| Applies to | %s |\n", strings.Join(names(r.Sources), ", "))
	}
	if r.IsToken() {
		fmt.Fprintf(&b, "| Step | %s (`authlint explain`) |\n", r.Step)
	}
	if len(r.Tags) > 0 {
		fmt.Fprintf(&b, "| Tags | %s |\n", strings.Join(r.Tags, ", "))
	}
	b.WriteString("\n")
	b.WriteString(paragraphs(r.Description))
	b.WriteString("\n## What the client sees\n\n")
	b.WriteString(paragraphs(r.ClientSees))
	b.WriteString("\n## How to fix it\n\n")
	b.WriteString(paragraphs(r.Remediation))
	if len(r.Fixes) > 0 {
		b.WriteString("\n| Source | Fix |\n|---|---|\n")
		for _, s := range sourceNames {
			if fix, ok := r.Fixes[s.key]; ok {
				fmt.Fprintf(&b, "| %s | %s |\n", s.name, cell(fix))
			}
		}
	}
	if len(r.References) > 0 {
		b.WriteString("\n## References\n\n")
		for _, ref := range r.References {
			fmt.Fprintf(&b, "- <%s>\n", ref)
		}
	}
	b.WriteString("\n## In this repository\n\n")
	if r.IsToken() {
		fmt.Fprintf(&b, "- Policy: [`%s`](../../%s), with its tests beside it; the token cases with signed test tokens are in [`internal/explain`](../../internal/explain/).\n", r.File, r.File)
		b.WriteString("- Run by `authlint explain --token … --method 'VERB /path' SOURCE…` (see the [explain guide](../explain.md)); see every rule in the [index](README.md).\n")
		return b.String()
	}
	if strings.HasSuffix(r.File, ".rego") {
		fmt.Fprintf(&b, "- Policy: [`%s`](../../%s), with its tests beside it.\n", r.File, r.File)
		fmt.Fprintf(&b, "- Fixtures that trigger it and that must not: [`policies/testdata/fixtures/%s/`](../../policies/testdata/fixtures/%s/).\n", r.ID, r.ID)
	} else {
		b.WriteString("- Emitted by the suppression processor (`internal/suppress`), not by a policy.\n")
	}
	fmt.Fprintf(&b, "- Turn it off with `--disable %s` (or `--disable %s`); see every rule in the [index](README.md).\n", r.ID, r.Slug)
	return b.String()
}

func index(rules []finding.Rule) string {
	var b strings.Builder
	b.WriteString(generated)
	b.WriteString("# Rules\n\n")
	fmt.Fprintf(&b, "authlint checks %d rules. Each finding names the resource, what the client sees and the fix; ", len(rules))
	b.WriteString("each page below says when the rule fires, what it leaves alone, and how to fix the finding in each kind of source. ")
	b.WriteString("`authlint rules` prints the same catalogue, and `authlint rules show ID` one rule.\n\n")
	b.WriteString("*Severity* says how surely the finding breaks clients and decides `--fail-on`; *Security* is the security impact, ")
	b.WriteString("which SARIF reports as `security-severity` for code scanning: critical or high when callers reach a method without a valid token, ")
	b.WriteString("medium or low when the configuration fails closed (tokens are refused).\n")
	for _, c := range categories {
		var in []finding.Rule
		for _, r := range rules {
			if strings.HasPrefix(r.ID, c.prefix) {
				in = append(in, r)
			}
		}
		if len(in) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n", c.title, c.intro)
		b.WriteString("| ID | Slug | Severity | Security | Title |\n|---|---|---|---|---|\n")
		for _, r := range in {
			fmt.Fprintf(&b, "| [%s](%s.md) | `%s` | %s | %s | %s |\n", r.ID, r.ID, r.Slug, r.Severity, security(r), cell(r.Title))
		}
	}
	var other []finding.Rule
	for _, r := range rules {
		if !slices.ContainsFunc(categories, func(c category) bool { return strings.HasPrefix(r.ID, c.prefix) }) {
			other = append(other, r)
		}
	}
	if len(other) > 0 {
		b.WriteString("\n## Other rules\n\n| ID | Slug | Severity | Security | Title |\n|---|---|---|---|---|\n")
		for _, r := range other {
			fmt.Fprintf(&b, "| [%s](%s.md) | `%s` | %s | %s | %s |\n", r.ID, r.ID, r.Slug, r.Severity, security(r), cell(r.Title))
		}
	}
	return b.String()
}

// security is the index's Security cell: the rule's security severity, or a
// dash for rules that do not state one.
func security(r finding.Rule) string {
	if r.SecuritySeverity == "" {
		return "–"
	}
	return r.SecuritySeverity
}

// names maps source kinds to display names, in display order.
func names(sources []string) []string {
	var out []string
	for _, s := range sourceNames {
		if slices.Contains(sources, s.key) {
			out = append(out, s.name)
		}
	}
	for _, s := range sources {
		if !slices.ContainsFunc(sourceNames, func(n struct{ key, name string }) bool { return n.key == s }) {
			out = append(out, s)
		}
	}
	return out
}

// paragraphs reflows metadata text (folded by the YAML block scalars) into
// Markdown paragraphs.
func paragraphs(s string) string {
	var ps []string
	for p := range strings.SplitSeq(strings.TrimSpace(s), "\n\n") {
		ps = append(ps, strings.Join(strings.Fields(p), " "))
	}
	return strings.Join(ps, "\n\n") + "\n"
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
