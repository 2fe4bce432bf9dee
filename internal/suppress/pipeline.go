package suppress

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/authlint/authlint/internal/baseline"
	"github.com/authlint/authlint/internal/config"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// Kinds of finding.Suppression.
const (
	KindInSource = "inSource" // written next to the code (metadata, extension, comment)
	KindExternal = "external" // written in the configuration
	KindBaseline = baseline.KindBaseline
)

// Inline is an inline suppression carried by an inventory, with the name of
// the input it belongs to (refs are unique per inventory only).
type Inline struct {
	// Source is the inventory's source name, as findings carry it.
	Source string
	model.Suppression
}

// Options configure the pipeline.
type Options struct {
	// Root is the project root: fingerprints are computed from input paths
	// relative to it. Empty leaves the engine's fingerprints as they are.
	Root string
	// Settings is the resolved configuration (nil: every rule on, inline
	// suppressions honoured, nothing excluded).
	Settings *config.Settings
	// Inline are the inventories' inline suppressions.
	Inline []Inline
	// Baseline, when set, marks the findings it holds as suppressed.
	Baseline *baseline.Baseline
	// Now decides expiry (time.Now when zero).
	Now time.Time
	// ReadFile reads sources for comment suppressions (os.ReadFile when nil).
	ReadFile func(name string) ([]byte, error)
}

// Processor is one step of the pipeline. It edits the report in place.
type Processor interface {
	Name() string
	Process(r *finding.Report) error
}

// Pipeline returns the processors in the order they must run.
func Pipeline(opts Options) []Processor {
	s := opts.Settings
	if s == nil {
		s = &config.Settings{InlineSuppressions: true, FailOn: finding.FailOn(finding.Error)}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	read := opts.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	return []Processor{
		// Fingerprints first: suppression findings and the baseline use them.
		fingerprints{root: opts.Root},
		// Suppressions before excludes and disabled rules, so that an entry
		// for a finding that is dropped later still counts as used.
		&suppressions{
			root: opts.Root, inline: opts.Inline, settings: s,
			today: now.UTC().Format(config.DateLayout), read: read,
		},
		exclude{settings: s},
		disabled{settings: s},
		severities{settings: s},
		// The baseline after severities and excludes: it sees what would be
		// reported, including the tool's own findings.
		baselined{b: opts.Baseline},
		dedupe{},
		sorter{},
	}
}

// Run applies the processors in order.
func Run(r *finding.Report, procs []Processor) error {
	for _, p := range procs {
		if err := p.Process(r); err != nil {
			return fmt.Errorf("%s: %w", p.Name(), err)
		}
	}
	return nil
}

// Process runs the whole pipeline.
func Process(r *finding.Report, opts Options) error { return Run(r, Pipeline(opts)) }

// ApplyBaseline marks the report's findings that b holds. The command line
// calls it after writing a baseline, so that the run reports what the new
// baseline accepts.
func ApplyBaseline(r *finding.Report, b *baseline.Baseline) error {
	return Run(r, []Processor{baselined{b: b}, sorter{}})
}

// SourceKey is the input name used in fingerprints: relative to root and
// slash-separated for files, unchanged for live targets and standard input.
func SourceKey(root, source string) string {
	if root == "" || source == "" || source == "<stdin>" || strings.HasPrefix(source, "live:") {
		return source
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return filepath.ToSlash(source)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(filepath.Clean(source))
	}
	return filepath.ToSlash(rel)
}

// fingerprints recomputes fingerprints from root-relative input paths, so
// that "scan infra/" and "scan ./infra/api.yaml" agree.
type fingerprints struct{ root string }

func (fingerprints) Name() string { return "fingerprints" }

func (p fingerprints) Process(r *finding.Report) error {
	if p.root == "" {
		return nil
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Fingerprint = finding.Fingerprint(f.RuleID, SourceKey(p.root, f.Source), f.Resource.Ref, f.Location.Pointer)
	}
	return nil
}

// exclude drops everything that belongs to an excluded file.
type exclude struct{ settings *config.Settings }

func (exclude) Name() string { return "exclude" }

func (p exclude) Process(r *finding.Report) error {
	if len(p.settings.Exclude) == 0 {
		return nil
	}
	x := p.settings.Excluded
	r.Inputs = slices.DeleteFunc(r.Inputs, func(in finding.Input) bool { return x(in.Name) })
	r.Findings = slices.DeleteFunc(r.Findings, func(f finding.Finding) bool {
		return x(f.Source) || (f.Location.File != "" && x(f.Location.File))
	})
	r.LoadErrors = slices.DeleteFunc(r.LoadErrors, func(e finding.LoadError) bool { return x(e.Input) })
	r.RuleErrors = slices.DeleteFunc(r.RuleErrors, func(e finding.RuleError) bool { return x(e.Input) })
	return nil
}

// disabled drops the findings, errors and catalogue entries of rules that are
// turned off.
type disabled struct{ settings *config.Settings }

func (disabled) Name() string { return "disabled rules" }

func (p disabled) Process(r *finding.Report) error {
	if len(p.settings.Disabled) == 0 {
		return nil
	}
	off := p.settings.Disabled
	r.Findings = slices.DeleteFunc(r.Findings, func(f finding.Finding) bool { return off[f.RuleID] })
	r.RuleErrors = slices.DeleteFunc(r.RuleErrors, func(e finding.RuleError) bool { return off[e.RuleID] })
	r.Rules = slices.DeleteFunc(r.Rules, func(rule finding.Rule) bool { return off[rule.ID] })
	return nil
}

// severities applies the configuration's severity overrides to findings and
// to the catalogue (SARIF's default levels come from there).
type severities struct{ settings *config.Settings }

func (severities) Name() string { return "severity overrides" }

func (p severities) Process(r *finding.Report) error {
	if len(p.settings.Severity) == 0 {
		return nil
	}
	for i := range r.Findings {
		if s, ok := p.settings.Severity[r.Findings[i].RuleID]; ok {
			r.Findings[i].Severity = s
		}
	}
	for i := range r.Rules {
		if s, ok := p.settings.Severity[r.Rules[i].ID]; ok {
			r.Rules[i].Severity = s
		}
	}
	return nil
}

// baselined marks findings the baseline accepts.
type baselined struct{ b *baseline.Baseline }

func (baselined) Name() string { return "baseline" }

func (p baselined) Process(r *finding.Report) error {
	if p.b == nil {
		return nil
	}
	just := "accepted in the baseline"
	var loc *finding.Location
	if p.b.File != "" {
		just += " " + filepath.ToSlash(p.b.File)
		loc = &finding.Location{File: p.b.File}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppression == nil && p.b.Contains(f.Fingerprint) {
			f.Suppression = &finding.Suppression{Kind: KindBaseline, Justification: just, Location: loc}
		}
	}
	return nil
}

// dedupe drops exact duplicates (the same finding reached twice, for example
// through two paths to one file).
type dedupe struct{}

func (dedupe) Name() string { return "dedupe" }

func (dedupe) Process(r *finding.Report) error {
	type key struct {
		rule, fp, msg string
		loc           finding.Location
	}
	seen := map[key]bool{}
	r.Findings = slices.DeleteFunc(r.Findings, func(f finding.Finding) bool {
		k := key{f.RuleID, f.Fingerprint, f.Message, f.Location}
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
	return nil
}

// sorter puts everything in a deterministic order.
type sorter struct{}

func (sorter) Name() string { return "sort" }

func (sorter) Process(r *finding.Report) error {
	r.Normalize()
	return nil
}
