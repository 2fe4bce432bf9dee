package github

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/place"
)

// Reporter writes workflow commands.
type Reporter struct{}

// New returns a GitHub workflow-command reporter.
func New() *Reporter { return &Reporter{} }

// Name is the --format name.
func (*Reporter) Name() string { return "github" }

// Command levels.
const (
	levelError   = "error"
	levelWarning = "warning"
	levelNotice  = "notice"
)

// Level maps a severity to a workflow command.
func Level(s finding.Severity) string {
	switch s {
	case finding.Error:
		return levelError
	case finding.Warning:
		return levelWarning
	default:
		return levelNotice
	}
}

// Report writes one command per unsuppressed finding, load error and rule
// error. The report is not modified.
func (*Reporter) Report(w io.Writer, r *finding.Report) error {
	var bw strings.Builder
	fs := slices.Clone(r.Findings)
	finding.Sort(fs)
	for i := range fs {
		f := &fs[i]
		if f.Suppressed() {
			continue
		}
		props := location(r.WorkingDir, f.Location.File, f.Location.Line, f.Location.Column)
		props = append(props, prop{"title", f.RuleID + " " + f.Slug})
		msg := f.Message
		if f.Location.File == "" {
			// No file to annotate: say which resource, so the log line is enough.
			where, ok := place.Live(f)
			if !ok {
				where = firstNonEmpty(f.Resource.ARN, f.Source, f.Resource.Ref)
			}
			msg = where + ": " + msg
		}
		writeCommand(&bw, Level(f.Severity), props, msg)
	}
	loadErrs := slices.Clone(r.LoadErrors)
	slices.SortStableFunc(loadErrs, func(a, b finding.LoadError) int { return strings.Compare(a.Input, b.Input) })
	for _, e := range loadErrs {
		props := append(location(r.WorkingDir, fileOf(e.Input), e.Line, e.Column), prop{"title", "authlint: could not load " + e.Input})
		writeCommand(&bw, levelError, props, e.Input+": "+e.Reason)
	}
	ruleErrs := slices.Clone(r.RuleErrors)
	slices.SortStableFunc(ruleErrs, func(a, b finding.RuleError) int {
		return strings.Compare(a.Input+"\x00"+a.RuleID, b.Input+"\x00"+b.RuleID)
	})
	for _, e := range ruleErrs {
		props := append(location(r.WorkingDir, fileOf(e.Input), 0, 0), prop{"title", "authlint: rule " + e.RuleID + " failed"})
		writeCommand(&bw, levelError, props, e.Input+": "+e.Message)
	}
	for _, n := range r.Notices {
		// A notice is not a failure (unless --strict): GitHub's notice level.
		level := levelNotice
		if r.Strict {
			level = levelError
		}
		title := "authlint: not scanned (" + n.Kind + ")"
		if n.Line > 0 {
			title = "authlint: partly read (" + n.Kind + ")"
		}
		props := append(location(r.WorkingDir, fileOf(n.Input), n.Line, 0), prop{"title", title})
		msg := n.Message
		if n.Input != "" {
			msg = n.Input + ": " + msg
		}
		writeCommand(&bw, level, props, msg)
	}
	if _, err := io.WriteString(w, bw.String()); err != nil {
		return fmt.Errorf("writing the GitHub workflow commands: %w", err)
	}
	return nil
}

type prop struct{ key, value string }

// location returns the file, line and col properties. Paths are made
// relative to the working folder, which is the repository root in a
// workflow; annotations on other paths are not shown.
func location(root, file string, line, col int) []prop {
	if file == "" {
		return nil
	}
	props := []prop{{"file", relative(root, file)}}
	if line > 0 {
		props = append(props, prop{"line", strconv.Itoa(line)})
		if col > 0 {
			props = append(props, prop{"col", strconv.Itoa(col)})
		}
	}
	return props
}

func relative(root, file string) string {
	if root != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(root, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			file = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}

func fileOf(input string) string {
	if strings.HasPrefix(input, "live:") || input == "<stdin>" || input == "-" {
		return ""
	}
	return input
}

func writeCommand(w *strings.Builder, level string, props []prop, msg string) {
	w.WriteString("::")
	w.WriteString(level)
	for i, p := range props {
		if i == 0 {
			w.WriteByte(' ')
		} else {
			w.WriteByte(',')
		}
		w.WriteString(p.key)
		w.WriteByte('=')
		w.WriteString(EscapeProperty(escape.Text(p.value)))
	}
	w.WriteString("::")
	// Newlines stay for GitHub's own %0A escaping (a multi-line
	// annotation); every other control character is shown escaped.
	w.WriteString(EscapeData(escape.Lines(msg)))
	w.WriteByte('\n')
}

// EscapeData escapes a command's message.
func EscapeData(s string) string {
	if !strings.ContainsAny(s, "%\r\n") {
		return s
	}
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeProperty escapes a command property's value.
func EscapeProperty(s string) string {
	if !strings.ContainsAny(s, "%\r\n:,") {
		return s
	}
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
