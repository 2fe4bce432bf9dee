package reporters

import (
	"io"

	"github.com/authlint/authlint/internal/finding"
)

// Reporter writes a report in one format.
type Reporter interface {
	// Name is the --format name (text, json, sarif, junit, github, markdown).
	Name() string
	// Report writes the whole report to w.
	Report(w io.Writer, r *finding.Report) error
}
