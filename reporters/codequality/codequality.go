package codequality

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/place"
)

// Reporter writes GitLab Code Quality JSON.
type Reporter struct{}

// New returns a Code Quality reporter.
func New() *Reporter { return &Reporter{} }

// Name is the --format name.
func (*Reporter) Name() string { return "codequality" }

// Issue is one entry of the report, as GitLab documents it
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
type Issue struct {
	Description string   `json:"description"`
	CheckName   string   `json:"check_name"`
	Fingerprint string   `json:"fingerprint"`
	Severity    string   `json:"severity"`
	Location    Location `json:"location"`
	Categories  []string `json:"categories,omitempty"`
}

// Location is where GitLab anchors an issue: a path relative to the
// repository root and a line.
type Location struct {
	Path  string `json:"path"`
	Lines Lines  `json:"lines"`
}

// Lines holds the first line of an issue (1-based).
type Lines struct {
	Begin int `json:"begin"`
}

// Severities GitLab accepts, lowest first.
const (
	Info     = "info"
	Minor    = "minor"
	Major    = "major"
	Critical = "critical"
	Blocker  = "blocker"
)

// Severity maps a finding severity to GitLab's scale: error is major, warning
// minor, note info (critical and blocker are left for what cannot be fixed
// by reading the finding: authlint does not use them).
func Severity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return Major
	case finding.Warning:
		return Minor
	default:
		return Info
	}
}

// Report writes the report as a JSON array with a trailing newline. The
// report is not modified.
func (*Reporter) Report(w io.Writer, r *finding.Report) error {
	issues := Build(r)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(issues); err != nil {
		return fmt.Errorf("encoding the Code Quality report: %w", err)
	}
	// Bidi overrides and C1 controls leave as \u escapes (see escape.JSON).
	if _, err := w.Write(escape.JSON(buf.Bytes())); err != nil {
		return fmt.Errorf("writing the Code Quality report: %w", err)
	}
	return nil
}

// Build converts a report into Code Quality issues: active findings, then
// load errors, rule errors and notices, each in the report's order.
func Build(r *finding.Report) []Issue {
	issues := []Issue{}
	seen := map[string]bool{}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed() {
			continue
		}
		desc := f.Message
		if name, ok := place.Live(f); ok {
			desc = name + ": " + desc
		}
		// GitLab keeps one issue per fingerprint: two findings of one rule on
		// one property (different messages) need their own.
		fp := f.Fingerprint
		if fp == "" || seen[fp] {
			fp = hash("finding", f.RuleID, f.Source, f.Resource.Ref, f.Location.Pointer, f.Message)
		}
		seen[fp] = true
		issues = append(issues, Issue{
			Description: oneLine(f.RuleID + " " + desc),
			CheckName:   f.RuleID,
			Fingerprint: fp,
			Severity:    Severity(f.Severity),
			Location:    location(r, firstNonEmpty(f.Location.File, f.Source), f.Location.Line),
			Categories:  []string{"Security"},
		})
	}
	for _, e := range r.LoadErrors {
		issues = append(issues, Issue{
			Description: oneLine(e.Input + " could not be loaded: " + e.Reason),
			CheckName:   "authlint/load-error",
			Fingerprint: hash("load", e.Input, e.Reason),
			Severity:    Major,
			Location:    location(r, e.Input, e.Line),
			Categories:  []string{"Bug Risk"},
		})
	}
	for _, e := range r.RuleErrors {
		issues = append(issues, Issue{
			Description: oneLine("rule " + e.RuleID + " failed on " + e.Input + ": " + e.Message),
			CheckName:   "authlint/rule-error",
			Fingerprint: hash("rule", e.RuleID, e.Input, e.Message),
			Severity:    Major,
			Location:    location(r, e.Input, 0),
			Categories:  []string{"Bug Risk"},
		})
	}
	for _, n := range r.Notices {
		sev := Info
		if r.Strict {
			sev = Major
		}
		desc := n.Message
		if n.Input != "" {
			desc = n.Input + ": " + desc
		}
		issues = append(issues, Issue{
			Description: oneLine(desc),
			CheckName:   "authlint/notice",
			Fingerprint: noticeFingerprint(n),
			Severity:    sev,
			Location:    location(r, n.Input, n.Line),
			Categories:  []string{"Bug Risk"},
		})
	}
	return issues
}

// location makes the path relative to the working folder (GitLab matches
// paths relative to the repository root, where CI jobs run) with forward
// slashes. Inputs without a file (live targets, standard input, the run as a
// whole) keep their name; GitLab lists them without a diff anchor.
func location(r *finding.Report, path string, line int) Location {
	if path == "" {
		path = "."
	}
	if filepath.IsAbs(path) && r.WorkingDir != "" {
		if rel, err := filepath.Rel(r.WorkingDir, path); err == nil && !strings.HasPrefix(rel, "..") {
			path = rel
		}
	}
	path = strings.TrimPrefix(filepath.ToSlash(path), "./")
	return Location{Path: path, Lines: Lines{Begin: max(line, 1)}}
}

// noticeFingerprint tells apart notices about different lines of one file.
func noticeFingerprint(n finding.Notice) string {
	if n.Line > 0 {
		return hash("notice", n.Kind, n.Input, strconv.Itoa(n.Line))
	}
	return hash("notice", n.Kind, n.Input)
}

// hash is a fingerprint for what has none of its own; GitLab compares
// fingerprints between the source and target branch of a merge request.
func hash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// oneLine puts a description on one line. Characters that could control a
// terminal or reorder text stay as they are in the string and leave the
// encoder as \u escapes (escape.JSON), as in the other JSON formats.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
