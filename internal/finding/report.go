package finding

import (
	"cmp"
	"slices"
	"strings"
)

// Exit codes: the contract of DESIGN §5.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // usage or configuration error
	ExitLoad     = 3 // some input could not be loaded or read
)

// LoadError is an input that could not be loaded (or a live target that could
// not be read). The rest of the run goes on.
type LoadError struct {
	// Input is the file path, or the live target ("live:123456789012/eu-west-1").
	Input string `json:"input"`
	// Line and Column locate a syntax error, when known.
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// Notice kinds.
const (
	// NoticeNoInputs: the run read no input at all.
	NoticeNoInputs = "no-inputs"
)

// Notice is something a run could not check and says so, at note level: an
// input authlint recognizes but cannot read (a CDK app that was not
// synthesized, a Serverless Framework service), part of an input that was
// not read (the first value of a key set twice), or a scan that read nothing.
// Notices do not fail a run, except with --strict (Report.Strict), where they
// exit 3 like inputs that could not be loaded.
type Notice struct {
	// Input is the file or folder the notice is about; empty for the run.
	Input string `json:"input,omitempty"`
	// Line is the line of Input the notice points at, when it points at one.
	Line int `json:"line,omitempty"`
	// Kind says what was found: cdk, serverless, terraform, no-inputs, or
	// duplicate-key (a key set twice, of which the last value was read).
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// Tool identifies authlint in reports.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	URI     string `json:"informationUri,omitempty"`
}

// Input is one input that was scanned.
type Input struct {
	// Name is the file path or live target.
	Name string `json:"name"`
	// Kind is the source kind (openapi, cloudformation, …).
	Kind string `json:"kind"`
	// Resources lists the refs of the objects of the input that rules looked at,
	// so reporters can show passing checks (JUnit). Not serialized.
	Resources []Resource `json:"-"`
}

// Summary counts findings.
type Summary struct {
	Inputs     int `json:"inputs"`
	Findings   int `json:"findings"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notes      int `json:"notes"`
	Suppressed int `json:"suppressed"`
	LoadErrors int `json:"loadErrors"`
	RuleErrors int `json:"ruleErrors"`
	Notices    int `json:"notices"`
}

// Report is the result of a run, as every reporter receives it.
type Report struct {
	Tool       Tool        `json:"tool"`
	Inputs     []Input     `json:"inputs"`
	Rules      []Rule      `json:"rules"`
	Findings   []Finding   `json:"findings"`
	LoadErrors []LoadError `json:"loadErrors"`
	RuleErrors []RuleError `json:"ruleErrors"`
	// Notices are what the run recognized but could not check.
	Notices []Notice `json:"notices"`
	// Strict makes notices fail the run (exit 3).
	Strict bool `json:"-"`
	// FailOn is the threshold the run was judged with.
	FailOn Threshold `json:"-"`
	// WorkingDir is the directory relative paths are relative to.
	WorkingDir string `json:"-"`
}

// Summary counts the report's findings and errors.
func (r *Report) Summary() Summary {
	s := Summary{Inputs: len(r.Inputs), LoadErrors: len(r.LoadErrors), RuleErrors: len(r.RuleErrors), Notices: len(r.Notices)}
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Suppressed() {
			s.Suppressed++
			continue
		}
		s.Findings++
		switch f.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		case Note:
			s.Notes++
		}
	}
	return s
}

// ExitCode decides the process exit code: load errors (3) win over findings (1),
// because a run that could not read everything cannot vouch for the rest.
// With Strict, notices (inputs recognized but not read) count as load errors.
func (r *Report) ExitCode() int {
	if len(r.LoadErrors) > 0 || len(r.RuleErrors) > 0 || (r.Strict && len(r.Notices) > 0) {
		return ExitLoad
	}
	for i := range r.Findings {
		if !r.Findings[i].Suppressed() && r.FailOn.Fails(r.Findings[i].Severity) {
			return ExitFindings
		}
	}
	return ExitOK
}

// Rule returns the catalogue entry for id.
func (r *Report) Rule(id string) (Rule, bool) {
	i := slices.IndexFunc(r.Rules, func(x Rule) bool { return x.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	return r.Rules[i], true
}

// Normalize sorts everything the report holds so output is deterministic.
func (r *Report) Normalize() {
	Sort(r.Findings)
	slices.SortFunc(r.Rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(r.Inputs, func(a, b Input) int { return strings.Compare(a.Name, b.Name) })
	slices.SortFunc(r.LoadErrors, func(a, b LoadError) int {
		return cmp.Or(strings.Compare(a.Input, b.Input), cmp.Compare(a.Line, b.Line), strings.Compare(a.Reason, b.Reason))
	})
	slices.SortFunc(r.RuleErrors, func(a, b RuleError) int {
		return cmp.Or(strings.Compare(a.Input, b.Input), strings.Compare(a.RuleID, b.RuleID))
	})
	slices.SortFunc(r.Notices, func(a, b Notice) int {
		return cmp.Or(strings.Compare(a.Input, b.Input), cmp.Compare(a.Line, b.Line), strings.Compare(a.Kind, b.Kind), strings.Compare(a.Message, b.Message))
	})
}
