package cli

import (
	"fmt"
	"io"
	"strconv"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/text"
)

// diagnostics writes messages for the person running authlint to standard
// error, apart from the report itself.
type diagnostics struct {
	w       io.Writer
	verbose bool
}

// verbosef writes a line only with -v.
func (d diagnostics) verbosef(format string, args ...any) {
	if d.verbose {
		fmt.Fprintln(d.w, "authlint: "+escape.Text(fmt.Sprintf(format, args...)))
	}
}

// problems writes the load and rule errors.
func (d diagnostics) problems(rep *finding.Report) {
	for _, e := range rep.LoadErrors {
		fmt.Fprintf(d.w, "authlint: %s: %s\n", escape.Text(e.Position()), escape.Text(e.Reason))
	}
	for _, e := range rep.RuleErrors {
		fmt.Fprintf(d.w, "authlint: %s: rule %s failed: %s\n", escape.Text(e.Input), escape.Text(e.RuleID), escape.Text(e.Message))
	}
}

// notices writes what the run recognized but did not read.
func (d diagnostics) notices(rep *finding.Report) {
	for _, n := range rep.Notices {
		switch {
		case n.Input == "":
			fmt.Fprintf(d.w, "authlint: note: %s\n", n.Message)
		case n.Line > 0:
			fmt.Fprintf(d.w, "authlint: note: %s:%d: %s\n", n.Input, n.Line, n.Message)
		default:
			fmt.Fprintf(d.w, "authlint: note: %s: %s\n", n.Input, n.Message)
		}
	}
	if rep.Strict && len(rep.Notices) > 0 {
		fmt.Fprintf(d.w, "authlint: --strict: exit 3, because not every relevant input was read\n")
	}
}

func textSummary(rep *finding.Report) string { return text.Summary(rep.Summary()) }

func plural(n int, one, others string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + others
}
