package cli

import (
	"bufio"
	"context"
	gojson "encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/suppress"
)

// RulesOptions are the inputs of `authlint rules list|show`.
type RulesOptions struct {
	IO         *IOStreams
	PolicyDirs []string
	// Format is text or json.
	Format string
	// ID is the rule `show` prints (id or slug).
	ID string
}

// NewCmdRules builds `authlint rules` with its list and show subcommands.
// `authlint rules` alone lists.
func NewCmdRules(streams *IOStreams, listF, showF func(context.Context, *RulesOptions) error) *cobra.Command {
	opts := &RulesOptions{IO: streams}
	if listF == nil {
		listF = runRulesList
	}
	if showF == nil {
		showF = runRulesShow
	}
	cmd := &cobra.Command{
		Use:   "rules [list|show ID]",
		Short: "List the rule catalogue or show one rule",
		Long: `List the rules authlint checks (built-in and --policy ones), or show one rule
with its description, what the client sees, and how to fix it in each kind of
source.`,
		Example: `  authlint rules
  authlint rules show AZ001
  authlint rules show cognito-authorizer-without-user-pool
  authlint rules list --policy ./org-policies --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return listF(cmd.Context(), opts) },
	}
	cmd.PersistentFlags().StringArrayVar(&opts.PolicyDirs, "policy", nil, "extra Rego policy `DIR` (or .rego file) to add to the catalogue (repeatable)")
	cmd.PersistentFlags().StringVarP(&opts.Format, "format", "f", "text", "output format: text or json")

	list := &cobra.Command{
		Use:   "list",
		Short: "List every rule: id, slug, severity and title",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return listF(cmd.Context(), opts) },
	}
	show := &cobra.Command{
		Use:   "show ID|SLUG",
		Short: "Show one rule: description, what the client sees, remediation and fixes",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return showF(cmd.Context(), opts)
		},
	}
	cmd.AddCommand(list, show)
	return cmd
}

func (o *RulesOptions) catalogue(ctx context.Context) ([]finding.Rule, error) {
	if o.Format != "text" && o.Format != "json" {
		return nil, usageError("unknown --format %q for rules (want text or json)", o.Format)
	}
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: o.PolicyDirs})
	if err != nil {
		return nil, policyError(ctx, err)
	}
	return fullCatalogue(eng), nil
}

// fullCatalogue is every rule a run can report: the policies' rules and the
// built-in suppression rules (AL001–AL004), sorted by id.
func fullCatalogue(eng *engine.Engine) []finding.Rule {
	rules := append(eng.Rules(), suppress.Rules()...)
	slices.SortFunc(rules, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules
}

// rulesDocument is the JSON shape of `rules list --format json`.
type rulesDocument struct {
	SchemaVersion int            `json:"schemaVersion"`
	Rules         []finding.Rule `json:"rules"`
}

func runRulesList(ctx context.Context, opts *RulesOptions) error {
	rules, err := opts.catalogue(ctx)
	if err != nil {
		return err
	}
	if opts.Format == "json" {
		return writeJSON(opts.IO.Out, rulesDocument{SchemaVersion: 1, Rules: rules})
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSLUG\tSEVERITY\tTITLE")
	for _, r := range rules {
		title := r.Title
		if r.Custom {
			title += " (custom)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Slug, r.Severity, title)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("writing the rule list: %w", err)
	}
	return nil
}

func runRulesShow(ctx context.Context, opts *RulesOptions) error {
	rules, err := opts.catalogue(ctx)
	if err != nil {
		return err
	}
	r, ok := lookupRule(rules, opts.ID)
	if !ok {
		if s := suggestRules(rules, opts.ID); len(s) > 0 {
			return usageError("unknown rule %q; did you mean %s? (authlint rules list shows the catalogue)", opts.ID, strings.Join(s, ", "))
		}
		return usageError("unknown rule %q (authlint rules list shows the catalogue)", opts.ID)
	}
	if opts.Format == "json" {
		return writeJSON(opts.IO.Out, r)
	}
	bw := bufio.NewWriter(opts.IO.Out)
	writeRule(bw, r)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing rule %s: %w", r.ID, err)
	}
	return nil
}

// fixOrder is the order fixes are shown in, by source kind.
var fixOrder = []string{
	finding.SourceOpenAPI, finding.SourceCloudFormation, finding.SourceSAM, finding.SourceCDK,
	finding.SourceTerraform, finding.SourceLive, finding.SourcePostman, finding.SourceConsole,
}

func writeRule(w io.Writer, r finding.Rule) {
	fmt.Fprintf(w, "%s %s (%s)\n%s\n", r.ID, r.Slug, r.Severity, r.Title)
	if r.SecuritySeverity != "" {
		fmt.Fprintf(w, "Security severity: %s\n", r.SecuritySeverity)
	}
	section := func(title, body string) {
		if body = strings.TrimSpace(body); body != "" {
			fmt.Fprintf(w, "\n%s:\n%s\n", title, indent(body))
		}
	}
	section("Description", r.Description)
	section("What the client sees", r.ClientSees)
	section("Remediation", r.Remediation)
	if len(r.Fixes) > 0 {
		fmt.Fprintf(w, "\nFixes:\n")
		kinds := slices.Clone(fixOrder)
		for k := range r.Fixes {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
		for _, k := range kinds {
			if fix, ok := r.Fixes[k]; ok {
				fmt.Fprintf(w, "  %s:\n%s\n", k, indent(indent(fix)))
			}
		}
	}
	if len(r.References) > 0 {
		section("References", strings.Join(r.References, "\n"))
	}
	fmt.Fprintln(w)
	if len(r.Sources) > 0 {
		fmt.Fprintf(w, "Applies to: %s\n", strings.Join(r.Sources, ", "))
	}
	if r.IsToken() {
		fmt.Fprintf(w, "Token check of authlint explain, step: %s\n", r.Step)
	}
	if len(r.Tags) > 0 {
		fmt.Fprintf(w, "Tags: %s\n", strings.Join(r.Tags, ", "))
	}
	policy := r.File + " (package " + r.Package + ")"
	if r.Custom {
		policy += ", custom"
	}
	fmt.Fprintf(w, "Policy: %s\n", policy)
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

func writeJSON(w io.Writer, v any) error {
	enc := gojson.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
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
