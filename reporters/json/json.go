package json

import (
	"bytes"
	"cmp"
	gojson "encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
)

// SchemaVersion is the version of the document's shape. It changes when a field
// is renamed or removed, not when one is added.
const SchemaVersion = 1

// Document is the JSON report. Field order is the output's key order.
type Document struct {
	SchemaVersion int                 `json:"schemaVersion"`
	Tool          finding.Tool        `json:"tool"`
	Inputs        []Input             `json:"inputs"`
	Findings      []Finding           `json:"findings"`
	LoadErrors    []finding.LoadError `json:"loadErrors"`
	RuleErrors    []finding.RuleError `json:"ruleErrors"`
	// Notices are inputs recognized but not read, and scans that read
	// nothing (note level; they fail the run only with --strict).
	Notices []finding.Notice `json:"notices"`
	Summary finding.Summary  `json:"summary"`
}

// Input is one input that was scanned.
type Input struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Finding is one finding of the report.
type Finding struct {
	RuleID   string           `json:"ruleId"`
	Slug     string           `json:"slug"`
	Severity finding.Severity `json:"severity"`
	Message  string           `json:"message"`
	Location Location         `json:"location"`
	Resource finding.Resource `json:"resource"`
	// Source is the input the finding came from (file path or live target).
	Source      string               `json:"source,omitempty"`
	Fingerprint string               `json:"fingerprint"`
	Suppressed  bool                 `json:"suppressed"`
	Suppression *finding.Suppression `json:"suppression,omitempty"`
}

// Location is where a finding points. File, line and column are always
// present (empty or zero when unknown) so consumers need no existence checks.
type Location struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Pointer string `json:"pointer,omitempty"`
}

// Reporter writes the JSON format.
type Reporter struct{}

// New returns a JSON reporter.
func New() *Reporter { return &Reporter{} }

// Name is the --format name.
func (*Reporter) Name() string { return "json" }

// Report writes the report as an indented document with a trailing newline.
func (*Reporter) Report(w io.Writer, r *finding.Report) error {
	var buf bytes.Buffer
	enc := gojson.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Messages quote resource names and regexes; keep <, > and & readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(NewDocument(r)); err != nil {
		return fmt.Errorf("encoding the JSON report: %w", err)
	}
	// Bidi overrides and C1 controls leave as \u escapes (see escape.JSON).
	if _, err := w.Write(escape.JSON(buf.Bytes())); err != nil {
		return fmt.Errorf("writing the JSON report: %w", err)
	}
	return nil
}

// NewDocument converts a report into the JSON document, sorted, with empty
// lists rather than nulls.
func NewDocument(r *finding.Report) Document {
	d := Document{
		SchemaVersion: SchemaVersion,
		Tool:          r.Tool,
		Inputs:        make([]Input, 0, len(r.Inputs)),
		Findings:      make([]Finding, 0, len(r.Findings)),
		LoadErrors:    append([]finding.LoadError{}, r.LoadErrors...),
		RuleErrors:    append([]finding.RuleError{}, r.RuleErrors...),
		Notices:       append([]finding.Notice{}, r.Notices...),
		Summary:       r.Summary(),
	}
	for _, in := range r.Inputs {
		d.Inputs = append(d.Inputs, Input{Name: in.Name, Kind: in.Kind})
	}
	fs := slices.Clone(r.Findings)
	finding.Sort(fs)
	for i := range fs {
		f := &fs[i]
		d.Findings = append(d.Findings, Finding{
			RuleID:      f.RuleID,
			Slug:        f.Slug,
			Severity:    f.Severity,
			Message:     f.Message,
			Location:    Location(f.Location),
			Resource:    f.Resource,
			Source:      f.Source,
			Fingerprint: f.Fingerprint,
			Suppressed:  f.Suppressed(),
			Suppression: f.Suppression,
		})
	}
	// The report is normally normalized already; sorting the copies keeps the
	// output deterministic for any caller.
	slices.SortFunc(d.Inputs, func(a, b Input) int { return strings.Compare(a.Name, b.Name) })
	slices.SortStableFunc(d.LoadErrors, func(a, b finding.LoadError) int {
		return cmp.Or(strings.Compare(a.Input, b.Input), cmp.Compare(a.Line, b.Line), strings.Compare(a.Reason, b.Reason))
	})
	slices.SortStableFunc(d.RuleErrors, func(a, b finding.RuleError) int {
		return cmp.Or(strings.Compare(a.Input, b.Input), strings.Compare(a.RuleID, b.RuleID))
	})
	return d
}
