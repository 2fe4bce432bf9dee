package config

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
)

// All is the rule selector that stands for every rule.
const All = "all"

// Overrides are the command-line flags that override the file. Zero values
// mean "not given".
type Overrides struct {
	// FailOn is --fail-on.
	FailOn string
	// Enable and Disable are --enable and --disable (ids, slugs or "all").
	Enable  []string
	Disable []string
	// Baseline is --baseline.
	Baseline string
	// NoInlineSuppressions is --no-inline-suppressions.
	NoInlineSuppressions bool
	// Parameters and ParameterFiles are CloudFormation parameter flags; they
	// are merged over the file's (a flag value wins for the same name).
	Parameters     map[string]string
	ParameterFiles []string
}

// Settings is what the run uses: the file merged with the flags and checked
// against the catalogue.
type Settings struct {
	// File is the configuration file used, or "".
	File string
	// FailOn is the --fail-on threshold.
	FailOn finding.Threshold
	// Disabled holds the ids of rules that are turned off.
	Disabled map[string]bool
	// Severity maps rule ids to overridden severities.
	Severity map[string]finding.Severity
	// Exclude lists path patterns whose files are left out.
	Exclude []Pattern
	// Parameters and ParameterFiles are CloudFormation parameters.
	Parameters     map[string]string
	ParameterFiles []string
	// InlineSuppressions says whether inline suppressions are honoured.
	InlineSuppressions bool
	// RequireExpiry says whether suppressions need an expiry date to count.
	RequireExpiry bool
	// Ignore lists the configuration's suppressions (IDs resolved).
	Ignore []Ignore
	// Baseline is the baseline file, or "".
	Baseline string
}

// Enabled reports whether rule id runs.
func (s *Settings) Enabled(id string) bool { return !s.Disabled[id] }

// Excluded reports whether a file is excluded.
func (s *Settings) Excluded(file string) bool {
	return slices.ContainsFunc(s.Exclude, func(p Pattern) bool { return p.Match(file) })
}

// Resolve merges the file (nil for none) with the flags, checks every rule
// reference against the catalogue, and returns the settings. Every problem is
// reported at once; the error is a join of *Error values.
func Resolve(cfg *Config, o Overrides, rules []finding.Rule) (*Settings, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	r := &resolver{cat: newCatalogue(rules), file: cfg.File}
	s := &Settings{
		File:               cfg.File,
		FailOn:             finding.FailOn(finding.Error),
		Severity:           map[string]finding.Severity{},
		Exclude:            slices.Clone(cfg.Exclude),
		Parameters:         map[string]string{},
		ParameterFiles:     slices.Clone(cfg.CloudFormation.ParameterFiles),
		InlineSuppressions: true,
		Baseline:           cfg.Baseline,
	}

	// Rule selection: the file, then the flags; within one level "all" goes
	// first so that naming a rule beside it is the exception.
	enabled := map[string]bool{}
	for _, rule := range rules {
		enabled[rule.ID] = true
	}
	r.apply(enabled, cfg.Rules.Enable, cfg.Rules.Disable, "rules.enable", "rules.disable")
	r.file = ""
	r.apply(enabled, flagRefs(o.Enable), flagRefs(o.Disable), "--enable", "--disable")
	r.file = cfg.File
	s.Disabled = map[string]bool{}
	for id, on := range enabled {
		if !on {
			s.Disabled[id] = true
		}
	}

	for _, ov := range cfg.Rules.Severity {
		if id, ok := r.rule(ov.Rule, "rules.severity", false); ok {
			s.Severity[id] = ov.Severity
		}
	}

	if cfg.FailOn != nil {
		s.FailOn = *cfg.FailOn
	}
	if o.FailOn != "" {
		t, err := finding.ParseThreshold(o.FailOn)
		if err != nil {
			r.errs = append(r.errs, &Error{Msg: "--fail-on: " + err.Error()})
		} else {
			s.FailOn = t
		}
	}

	maps.Copy(s.Parameters, cfg.CloudFormation.Parameters)
	maps.Copy(s.Parameters, o.Parameters)
	s.ParameterFiles = append(s.ParameterFiles, o.ParameterFiles...)

	if p := cfg.Suppressions.Inline; p != nil {
		s.InlineSuppressions = *p
	}
	if o.NoInlineSuppressions {
		s.InlineSuppressions = false
	}
	if p := cfg.Suppressions.RequireExpiry; p != nil {
		s.RequireExpiry = *p
	}

	for _, ig := range cfg.Ignore {
		ig.IDs = nil
		for _, ref := range ig.Rules {
			if id, ok := r.rule(ref, "ignore.id", false); ok && !slices.Contains(ig.IDs, id) {
				ig.IDs = append(ig.IDs, id)
			}
		}
		if s.RequireExpiry && ig.Expires == "" {
			r.errs = append(r.errs, &Error{File: cfg.File, Line: ig.Line, Column: ig.Column, Msg: "ignore: expires is required (suppressions.require-expiry is true)"})
		}
		s.Ignore = append(s.Ignore, ig)
	}

	if o.Baseline != "" {
		s.Baseline = filepath.Clean(o.Baseline)
	}
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	return s, nil
}

// FlagsOnly reports whether every problem in err (as Resolve returns it) is
// about a command-line flag rather than the file, so the command line can
// answer with its usage hint.
func FlagsOnly(err error) bool {
	if err == nil {
		return false
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		ce, ok := errors.AsType[*Error](e)
		if !ok || ce.File != "" {
			return false
		}
	}
	return true
}

type catalogue struct {
	byName map[string]string // id and slug → id
	names  []string
}

func newCatalogue(rules []finding.Rule) catalogue {
	c := catalogue{byName: map[string]string{}}
	for _, r := range rules {
		c.byName[r.ID] = r.ID
		c.names = append(c.names, r.ID)
		if r.Slug != "" {
			c.byName[r.Slug] = r.ID
			c.names = append(c.names, r.Slug)
		}
	}
	return c
}

// lookup resolves a rule id (any case) or slug to the rule id.
func (c catalogue) lookup(name string) (string, bool) {
	if id, ok := c.byName[name]; ok {
		return id, true
	}
	id, ok := c.byName[strings.ToUpper(name)]
	return id, ok
}

type resolver struct {
	cat  catalogue
	file string
	errs []error
}

func flagRefs(names []string) []RuleRef {
	var out []RuleRef
	for _, n := range names {
		for part := range strings.SplitSeq(n, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, RuleRef{Name: part})
			}
		}
	}
	return out
}

// rule resolves one reference, recording an error for unknown names.
func (r *resolver) rule(ref RuleRef, where string, allowAll bool) (string, bool) {
	if allowAll && strings.EqualFold(ref.Name, All) {
		return All, true
	}
	if id, ok := r.cat.lookup(ref.Name); ok {
		return id, true
	}
	hint := ""
	if c := closest(ref.Name, r.cat.names); c != "" {
		hint = fmt.Sprintf("did you mean %q? ", c)
	}
	msg := fmt.Sprintf("unknown rule %q in %s (%sauthlint rules list shows the catalogue)", ref.Name, where, hint)
	r.errs = append(r.errs, &Error{File: r.file, Line: ref.Line, Column: ref.Column, Msg: msg})
	return "", false
}

// apply turns rules on and off for one level (file or flags).
func (r *resolver) apply(enabled map[string]bool, enable, disable []RuleRef, enableWhere, disableWhere string) {
	on, off := map[string]RuleRef{}, map[string]RuleRef{}
	allOn, allOff := false, false
	for _, ref := range enable {
		if id, ok := r.rule(ref, enableWhere, true); ok {
			if id == All {
				allOn = true
				continue
			}
			on[id] = ref
		}
	}
	for _, ref := range disable {
		if id, ok := r.rule(ref, disableWhere, true); ok {
			if id == All {
				allOff = true
				continue
			}
			if _, dup := on[id]; dup {
				r.errs = append(r.errs, &Error{File: r.file, Line: ref.Line, Column: ref.Column,
					Msg: fmt.Sprintf("rule %s is both enabled and disabled (%s and %s)", id, enableWhere, disableWhere)})
				continue
			}
			off[id] = ref
		}
	}
	if allOn && allOff {
		r.errs = append(r.errs, &Error{File: r.file, Msg: fmt.Sprintf("%s and %s both name %q", enableWhere, disableWhere, All)})
		return
	}
	for id := range enabled {
		switch {
		case allOn:
			enabled[id] = true
		case allOff:
			enabled[id] = false
		}
	}
	for id := range on {
		enabled[id] = true
	}
	for id := range off {
		enabled[id] = false
	}
}
