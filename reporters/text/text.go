package text

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/place"
)

// Options configure the text reporter.
type Options struct {
	// Color adds ANSI colours to severities and the summary.
	Color bool
}

// Reporter writes the text format.
type Reporter struct {
	color bool
}

// New returns a text reporter.
func New(opts Options) *Reporter { return &Reporter{color: opts.Color} }

// Name is the --format name.
func (*Reporter) Name() string { return "text" }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// Report writes one line per unsuppressed finding, the load and rule errors,
// and the summary line. The report is not modified.
func (t *Reporter) Report(w io.Writer, r *finding.Report) error {
	bw := bufio.NewWriter(w)
	fs := slices.Clone(r.Findings)
	finding.Sort(fs)
	for i := range fs {
		f := &fs[i]
		if f.Suppressed() {
			continue
		}
		fmt.Fprintf(bw, "%s: %s %s %s\n", escape.Text(findingPos(f)), t.paint(ansiBold, escape.Text(f.RuleID)), t.severity(f.Severity), escape.Text(f.Message))
	}
	loadErrs := slices.Clone(r.LoadErrors)
	slices.SortStableFunc(loadErrs, func(a, b finding.LoadError) int { return strings.Compare(a.Input, b.Input) })
	for _, e := range loadErrs {
		fmt.Fprintf(bw, "%s: %s %s\n", escape.Text(e.Position()), t.paint(ansiRed, "error:"), escape.Text(e.Reason))
	}
	ruleErrs := slices.Clone(r.RuleErrors)
	slices.SortStableFunc(ruleErrs, func(a, b finding.RuleError) int {
		if c := strings.Compare(a.Input, b.Input); c != 0 {
			return c
		}
		return strings.Compare(a.RuleID, b.RuleID)
	})
	for _, e := range ruleErrs {
		fmt.Fprintf(bw, "%s: %s rule %s failed: %s\n", escape.Text(e.Input), t.paint(ansiRed, "error:"), escape.Text(e.RuleID), escape.Text(e.Message))
	}
	for _, n := range r.Notices {
		fmt.Fprintf(bw, "%s: %s %s\n", noticePos(n), t.paint(ansiCyan, "note:"), n.Message)
	}
	fmt.Fprintln(bw, t.paint(ansiBold, Summary(r.Summary())))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the text report: %w", err)
	}
	return nil
}

// findingPos is where a finding points: file:line:col when the source is a
// file; for a live resource, the account, region, API, stage and method (see
// place.Live); else the resource ARN.
func findingPos(f *finding.Finding) string {
	l := f.Location
	if p, ok := place.Live(f); ok {
		return p
	}
	switch {
	case l.File != "":
		return l.String()
	case f.Resource.ARN != "":
		return f.Resource.ARN
	case f.Source != "":
		return f.Source
	default:
		return "<unknown>"
	}
}

// noticePos names what a notice is about: its file or folder, or the run.
func noticePos(n finding.Notice) string {
	if n.Input == "" {
		return "authlint"
	}
	if n.Line > 0 {
		return fmt.Sprintf("%s:%d", n.Input, n.Line)
	}
	return n.Input
}

func (t *Reporter) severity(s finding.Severity) string {
	label := "(" + s.String() + ")"
	switch s {
	case finding.Error:
		return t.paint(ansiRed, label)
	case finding.Warning:
		return t.paint(ansiYellow, label)
	default:
		return t.paint(ansiCyan, label)
	}
}

func (t *Reporter) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + ansiReset
}

// Summary renders the one-line summary, e.g. "3 findings (2 errors, 1
// warning) in 5 inputs; 1 input could not be loaded".
func Summary(s finding.Summary) string {
	var b strings.Builder
	if s.Findings == 0 {
		b.WriteString("no findings")
	} else {
		b.WriteString(plural(s.Findings, "finding", "findings"))
		var parts []string
		for _, p := range []struct {
			n           int
			one, others string
		}{{s.Errors, "error", "errors"}, {s.Warnings, "warning", "warnings"}, {s.Notes, "note", "notes"}} {
			if p.n > 0 {
				parts = append(parts, plural(p.n, p.one, p.others))
			}
		}
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	b.WriteString(" in " + plural(s.Inputs, "input", "inputs"))
	if s.Suppressed > 0 {
		b.WriteString("; " + strconv.Itoa(s.Suppressed) + " suppressed")
	}
	if s.LoadErrors > 0 {
		if s.LoadErrors == 1 {
			b.WriteString("; 1 input could not be loaded")
		} else {
			b.WriteString("; " + strconv.Itoa(s.LoadErrors) + " inputs could not be loaded")
		}
	}
	if s.RuleErrors > 0 {
		b.WriteString("; " + plural(s.RuleErrors, "rule evaluation", "rule evaluations") + " failed")
	}
	if s.Notices > 0 {
		b.WriteString("; " + plural(s.Notices, "notice", "notices") + " about what was not read")
	}
	return b.String()
}

func plural(n int, one, others string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + others
}
