package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/place"
)

// DefaultMaxRows caps each table: a pull-request comment is limited to
// 65,536 characters.
const DefaultMaxRows = 50

// maxMessage caps one message in a table cell.
const maxMessage = 500

// Options configure the Markdown reporter.
type Options struct {
	// MaxRows caps each table (DefaultMaxRows when zero).
	MaxRows int
}

// Reporter writes Markdown.
type Reporter struct{ maxRows int }

// New returns a Markdown reporter.
func New(opts Options) *Reporter {
	n := opts.MaxRows
	if n <= 0 {
		n = DefaultMaxRows
	}
	return &Reporter{maxRows: n}
}

// Name is the --format name.
func (*Reporter) Name() string { return "markdown" }

// Report writes the summary. The report is not modified.
func (m *Reporter) Report(w io.Writer, r *finding.Report) error {
	var bw bytes.Buffer
	sum := r.Summary()
	active, suppressed := split(r.Findings)

	fmt.Fprintf(&bw, "## authlint\n\n%s\n\n", verdict(r, sum))
	fmt.Fprintf(&bw, "| Errors | Warnings | Notes | Suppressed | Inputs | Not loaded | Rules failed |\n")
	fmt.Fprintf(&bw, "|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&bw, "| %d | %d | %d | %d | %d | %d | %d |\n", sum.Errors, sum.Warnings, sum.Notes, sum.Suppressed, sum.Inputs, sum.LoadErrors, sum.RuleErrors)

	if len(active) > 0 {
		bw.WriteString("\n### Findings\n\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n")
		for i, f := range active {
			if i == m.maxRows {
				fmt.Fprintf(&bw, "\n_…and %d more %s; see the full report._\n", len(active)-i, plural(len(active)-i, "finding", "findings"))
				break
			}
			fmt.Fprintf(&bw, "| %s | %s | %s | %s |\n", f.Severity, ruleCell(&f), code(where(&f)), text(limit(f.Message)))
		}
	}

	if len(r.LoadErrors) > 0 {
		errs := slices.Clone(r.LoadErrors)
		slices.SortStableFunc(errs, func(a, b finding.LoadError) int { return strings.Compare(a.Input, b.Input) })
		bw.WriteString("\n### Inputs that could not be loaded\n\n")
		for i, e := range errs {
			if i == m.maxRows {
				fmt.Fprintf(&bw, "\n_…and %d more._\n", len(errs)-i)
				break
			}
			fmt.Fprintf(&bw, "- %s: %s\n", code(e.Position()), text(limit(e.Reason)))
		}
	}

	if len(r.RuleErrors) > 0 {
		errs := slices.Clone(r.RuleErrors)
		slices.SortStableFunc(errs, func(a, b finding.RuleError) int {
			return cmp.Or(strings.Compare(a.Input, b.Input), strings.Compare(a.RuleID, b.RuleID))
		})
		bw.WriteString("\n### Rules that failed\n\n")
		for i, e := range errs {
			if i == m.maxRows {
				fmt.Fprintf(&bw, "\n_…and %d more._\n", len(errs)-i)
				break
			}
			fmt.Fprintf(&bw, "- %s on %s: %s\n", code(e.RuleID), code(e.Input), text(limit(e.Message)))
		}
	}

	if len(r.Notices) > 0 {
		bw.WriteString("\n### Not scanned\n\n")
		for i, n := range r.Notices {
			if i == m.maxRows {
				fmt.Fprintf(&bw, "\n_…and %d more._\n", len(r.Notices)-i)
				break
			}
			if n.Input != "" {
				fmt.Fprintf(&bw, "- %s: %s\n", code(n.Input), text(limit(n.Message)))
			} else {
				fmt.Fprintf(&bw, "- %s\n", text(limit(n.Message)))
			}
		}
	}

	if len(suppressed) > 0 {
		fmt.Fprintf(&bw, "\n<details><summary>%d suppressed %s</summary>\n\n", len(suppressed), plural(len(suppressed), "finding", "findings"))
		bw.WriteString("| Rule | Location | Suppression | Reason |\n|---|---|---|---|\n")
		for i, f := range suppressed {
			if i == m.maxRows {
				fmt.Fprintf(&bw, "\n_…and %d more._\n", len(suppressed)-i)
				break
			}
			s := f.Suppression
			kind := s.Kind
			if s.Expires != "" {
				kind += " until " + s.Expires
			}
			fmt.Fprintf(&bw, "| %s | %s | %s | %s |\n", ruleCell(&f), code(where(&f)), text(kind), text(limit(s.Justification)))
		}
		bw.WriteString("\n</details>\n")
	}
	if _, err := w.Write(bw.Bytes()); err != nil {
		return fmt.Errorf("writing the Markdown report: %w", err)
	}
	return nil
}

// split separates active and suppressed findings, most severe first.
func split(all []finding.Finding) (active, suppressed []finding.Finding) {
	for _, f := range all {
		if f.Suppressed() {
			suppressed = append(suppressed, f)
		} else {
			active = append(active, f)
		}
	}
	bySeverity := func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), finding.Compare(a, b))
	}
	slices.SortStableFunc(active, bySeverity)
	slices.SortStableFunc(suppressed, bySeverity)
	return active, suppressed
}

func verdict(r *finding.Report, sum finding.Summary) string {
	var b strings.Builder
	switch r.ExitCode() {
	case finding.ExitOK:
		switch {
		case sum.Findings == 0:
			b.WriteString("**Passed**: no findings")
		case r.FailOn.String() == "never":
			fmt.Fprintf(&b, "**Passed**: %d %s; findings do not fail this run (`--fail-on never`)", sum.Findings, plural(sum.Findings, "finding", "findings"))
		default:
			fmt.Fprintf(&b, "**Passed**: %d %s below the `%s` threshold", sum.Findings, plural(sum.Findings, "finding", "findings"), r.FailOn)
		}
		if sum.Notices > 0 {
			// Passed, but not everything was read: say so in the verdict.
			fmt.Fprintf(&b, "; %d %s about inputs that were not read", sum.Notices, plural(sum.Notices, "notice", "notices"))
		}
	case finding.ExitFindings:
		fmt.Fprintf(&b, "**Failed**: %d %s, some at or above the `%s` threshold", sum.Findings, plural(sum.Findings, "finding", "findings"), r.FailOn)
	default:
		b.WriteString("**Incomplete**: ")
		parts := []string{}
		if sum.LoadErrors > 0 {
			parts = append(parts, fmt.Sprintf("%d %s could not be loaded", sum.LoadErrors, plural(sum.LoadErrors, "input", "inputs")))
		}
		if sum.RuleErrors > 0 {
			parts = append(parts, fmt.Sprintf("%d %s failed", sum.RuleErrors, plural(sum.RuleErrors, "rule evaluation", "rule evaluations")))
		}
		if sum.LoadErrors+sum.RuleErrors == 0 && sum.Notices > 0 {
			parts = append(parts, fmt.Sprintf("%d %s about inputs that were not read (`--strict`)", sum.Notices, plural(sum.Notices, "notice", "notices")))
		}
		b.WriteString(strings.Join(parts, ", "))
		fmt.Fprintf(&b, "; %d %s in what was scanned", sum.Findings, plural(sum.Findings, "finding", "findings"))
	}
	b.WriteString(".")
	return b.String()
}

func ruleCell(f *finding.Finding) string {
	if f.Slug == "" {
		return code(f.RuleID)
	}
	return code(f.RuleID) + " " + text(f.Slug)
}

// where is the finding's place: file and line, or the live resource.
func where(f *finding.Finding) string {
	if f.Location.File != "" {
		return f.Location.String()
	}
	if p, ok := place.Live(f); ok {
		return p
	}
	return firstNonEmpty(f.Resource.ARN, f.Source, f.Resource.Ref)
}

// text escapes plain text for a table cell: Markdown punctuation that could
// format or break the table, HTML, and line breaks.
func text(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString("<br>")
		case r == '\r':
		case escape.Unsafe(r) || r == utf8.RuneError:
			// Shown escaped: a comment must not carry terminal controls or
			// bidi overrides that reorder what a reviewer reads.
			b.WriteString(escape.Text(string(r)))
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case strings.ContainsRune("\\`*_[]|~#", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// code writes a code span that holds any text: the fence is longer than the
// longest run of backticks inside, and "|" is escaped for tables (GitHub
// applies the table split before the code span).
func code(s string) string {
	s = escape.Text(strings.NewReplacer("\n", " ", "\r", " ").Replace(s))
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	pad := ""
	if longest > 0 {
		pad = " "
	}
	return fence + pad + strings.ReplaceAll(s, "|", "\\|") + pad + fence
}

// limit caps a message for a table cell.
func limit(s string) string {
	s = strings.TrimSpace(s)
	if len([]rune(s)) <= maxMessage {
		return s
	}
	return string([]rune(s)[:maxMessage-1]) + "…"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
