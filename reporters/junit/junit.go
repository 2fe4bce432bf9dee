package junit

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
)

// Reporter writes JUnit XML.
type Reporter struct{}

// New returns a JUnit reporter.
func New() *Reporter { return &Reporter{} }

// Name is the --format name.
func (*Reporter) Name() string { return "junit" }

// The document. Field order is attribute and element order.
type testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Suites   []testsuite `xml:"testsuite"`
}

type testsuite struct {
	Name     string     `xml:"name,attr"`
	Tests    int        `xml:"tests,attr"`
	Failures int        `xml:"failures,attr"`
	Errors   int        `xml:"errors,attr"`
	Skipped  int        `xml:"skipped,attr"`
	Time     string     `xml:"time,attr"`
	Cases    []testcase `xml:"testcase"`
}

type testcase struct {
	Name      string  `xml:"name,attr"`
	Classname string  `xml:"classname,attr"`
	File      string  `xml:"file,attr,omitempty"`
	Line      int     `xml:"line,attr,omitempty"`
	Time      string  `xml:"time,attr"`
	Failure   *result `xml:"failure,omitempty"`
	Error     *result `xml:"error,omitempty"`
	Skipped   *result `xml:"skipped,omitempty"`
	// SystemOut carries a finding below --fail-on: the case passes (the run
	// does not fail on it) and the detail stays readable.
	SystemOut *cdata `xml:"system-out,omitempty"`
}

type cdata struct {
	Body string `xml:",cdata"`
}

type result struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	// The body carries the details: GitLab shows it and ignores the message.
	Body string `xml:",cdata"`
}

const zeroTime = "0"

// Report writes the report as JUnit XML with a trailing newline. The report
// is not modified.
func (*Reporter) Report(w io.Writer, r *finding.Report) error {
	doc := build(r)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding the JUnit report: %w", err)
	}
	buf.WriteByte('\n')
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing the JUnit report: %w", err)
	}
	return nil
}

// build converts a report into the JUnit document.
func build(r *finding.Report) testsuites {
	b := &builder{report: r, suites: map[string]*suiteBuilder{}}
	for i := range r.Inputs {
		b.suite(r.Inputs[i].Name).input = &r.Inputs[i]
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		b.suite(suiteName(f)).findings = append(b.suite(suiteName(f)).findings, f)
	}
	for i := range r.LoadErrors {
		e := &r.LoadErrors[i]
		b.suite(e.Input).loadErrors = append(b.suite(e.Input).loadErrors, e)
	}
	for i := range r.RuleErrors {
		e := &r.RuleErrors[i]
		b.suite(e.Input).ruleErrors = append(b.suite(e.Input).ruleErrors, e)
	}
	for i := range r.Notices {
		n := &r.Notices[i]
		name := n.Input
		if name == "" {
			name = "authlint"
		}
		b.suite(name).notices = append(b.suite(name).notices, n)
	}
	names := make([]string, 0, len(b.suites))
	for n := range b.suites {
		names = append(names, n)
	}
	slices.Sort(names)
	doc := testsuites{Name: "authlint", Time: zeroTime, Suites: []testsuite{}}
	for _, n := range names {
		s := b.build(b.suites[n])
		doc.Suites = append(doc.Suites, s)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	return doc
}

// suiteName is the input a finding belongs to.
func suiteName(f *finding.Finding) string {
	if f.Source != "" {
		return f.Source
	}
	return f.Location.File
}

type builder struct {
	report *finding.Report
	suites map[string]*suiteBuilder
}

type suiteBuilder struct {
	name       string
	input      *finding.Input
	findings   []*finding.Finding
	loadErrors []*finding.LoadError
	ruleErrors []*finding.RuleError
	notices    []*finding.Notice
}

func (b *builder) suite(name string) *suiteBuilder {
	s, ok := b.suites[name]
	if !ok {
		s = &suiteBuilder{name: name}
		b.suites[name] = s
	}
	return s
}

func (b *builder) build(sb *suiteBuilder) testsuite {
	var cases []testcase
	for _, e := range sb.loadErrors {
		cases = append(cases, testcase{
			Name: "load " + clean(e.Input), Classname: "authlint", File: fileAttr(e.Input), Line: e.Line, Time: zeroTime,
			Error: &result{Message: clean(e.Reason), Type: "LoadError", Body: clean(fmt.Sprintf("%s: %s could not be loaded: %s", e.Position(), e.Input, e.Reason))},
		})
	}
	failedRules := map[string]bool{}
	for _, e := range sb.ruleErrors {
		failedRules[e.RuleID] = true
		name, class := ruleLabel(b.rule(e.RuleID))+": rule failed", e.RuleID
		if e.RuleID == "*" {
			// The input could not be evaluated at all.
			name, class = "evaluation failed", "authlint"
		}
		cases = append(cases, testcase{
			Name: name, Classname: class, File: fileAttr(e.Input), Time: zeroTime,
			Error: &result{Message: clean(e.Message), Type: "RuleError", Body: clean(fmt.Sprintf("rule %s failed on %s: %s", e.RuleID, e.Input, e.Message))},
		})
	}
	// Inputs recognized but not read: a passing case that says so, or an
	// error with --strict (the run then exits 3).
	for _, n := range sb.notices {
		c := testcase{Name: "not scanned (" + clean(n.Kind) + ")", Classname: "authlint", File: fileAttr(n.Input), Time: zeroTime}
		if b.report.Strict {
			c.Error = &result{Message: clean(n.Message), Type: "Notice", Body: clean(n.Message)}
		} else {
			c.SystemOut = &cdata{Body: clean("note: " + n.Message)}
		}
		cases = append(cases, c)
	}
	// Findings, and what they cover, so passing cases are not listed twice.
	covered := map[string]bool{} // rule id + "\x00" + resource ref
	hit := map[string]bool{}     // rule ids with a finding in this input
	for _, f := range sb.findings {
		hit[f.RuleID] = true
		covered[f.RuleID+"\x00"+f.Resource.Ref] = true
		cases = append(cases, b.findingCase(f))
	}
	if sb.input != nil && !failedRules["*"] {
		for _, rule := range b.report.Rules {
			if failedRules[rule.ID] || !applies(rule, sb.input.Kind) {
				continue
			}
			if len(rule.Resources) > 0 && len(sb.input.Resources) > 0 {
				// The input lists its resources: the rule held on each of its
				// kinds that it did not flag (none of them: nothing to check).
				for _, rs := range resourcesOf(rule, sb.input) {
					if covered[rule.ID+"\x00"+rs.Ref] {
						continue
					}
					cases = append(cases, testcase{Name: ruleLabel(rule) + ": " + resourceLabel(rs), Classname: rule.ID, File: fileAttr(sb.name), Time: zeroTime})
				}
				continue
			}
			if !hit[rule.ID] {
				cases = append(cases, testcase{Name: ruleLabel(rule), Classname: rule.ID, File: fileAttr(sb.name), Time: zeroTime})
			}
		}
	}
	slices.SortStableFunc(cases, func(a, c testcase) int {
		return cmp.Or(strings.Compare(a.Classname, c.Classname), strings.Compare(a.Name, c.Name), cmp.Compare(a.Line, c.Line))
	})
	uniqueNames(cases)
	s := testsuite{Name: clean(sb.name), Time: zeroTime, Tests: len(cases), Cases: cases}
	for _, c := range cases {
		switch {
		case c.Failure != nil:
			s.Failures++
		case c.Error != nil:
			s.Errors++
		case c.Skipped != nil:
			s.Skipped++
		}
	}
	return s
}

func (b *builder) rule(id string) finding.Rule {
	if r, ok := b.report.Rule(id); ok {
		return r
	}
	return finding.Rule{ID: id}
}

func (b *builder) findingCase(f *finding.Finding) testcase {
	rule := b.rule(f.RuleID)
	if rule.Slug == "" {
		rule.Slug = f.Slug
	}
	c := testcase{
		Name:      ruleLabel(rule) + ": " + resourceLabel(f.Resource),
		Classname: f.RuleID,
		File:      fileAttr(f.Location.File),
		Line:      f.Location.Line,
		Time:      zeroTime,
	}
	var body strings.Builder
	fmt.Fprintf(&body, "%s: %s %s (%s)\n%s\n", finding.Position(firstNonEmpty(f.Location.File, f.Source), f.Location.Line, f.Location.Column), f.RuleID, f.Slug, f.Severity, f.Message)
	fmt.Fprintf(&body, "Resource: %s", resourceLabel(f.Resource))
	if f.Resource.API != "" && f.Resource.Kind != "restApi" {
		fmt.Fprintf(&body, " in API %s", f.Resource.API)
	}
	if f.Resource.ARN != "" {
		fmt.Fprintf(&body, " (%s)", f.Resource.ARN)
	}
	body.WriteString("\n")
	if rule.Remediation != "" {
		fmt.Fprintf(&body, "Fix: %s\n", rule.Remediation)
	}
	if f.Fingerprint != "" {
		fmt.Fprintf(&body, "Fingerprint: %s\n", f.Fingerprint)
	}
	if s := f.Suppression; s != nil {
		msg := "suppressed (" + s.Kind + ")"
		if s.Justification != "" {
			msg += ": " + s.Justification
		}
		if s.Expires != "" {
			msg += " (until " + s.Expires + ")"
		}
		fmt.Fprintf(&body, "Suppressed: %s\n", msg)
		c.Skipped = &result{Message: clean(msg), Body: clean(body.String())}
		return c
	}
	if !b.report.FailOn.Fails(f.Severity) {
		// Below --fail-on: the run passes, so the case does too; a passing
		// job must show no failed tests.
		c.SystemOut = &cdata{Body: clean(fmt.Sprintf("%s (below --fail-on %s)\n%s", f.Severity, b.report.FailOn, body.String()))}
		return c
	}
	c.Failure = &result{Message: clean(oneLine(f.Message)), Type: f.Severity.String(), Body: clean(body.String())}
	return c
}

// applies reports whether a rule is evaluated for an input of this kind.
func applies(rule finding.Rule, kind string) bool {
	if len(rule.Sources) == 0 || kind == "" {
		return true
	}
	if slices.Contains(rule.Sources, kind) {
		return true
	}
	switch kind {
	case finding.SourceCloudFormation:
		// The CloudFormation loader reads SAM templates and CDK output too.
		return slices.Contains(rule.Sources, finding.SourceSAM) || slices.Contains(rule.Sources, finding.SourceCDK)
	case finding.SourceOpenAPI, finding.SourceSAM, finding.SourceCDK, finding.SourceTerraform, finding.SourceLive:
		return false
	default:
		// A kind the catalogue does not name (a snapshot of live data, say):
		// do not guess which rules ran.
		return true
	}
}

// resourcesOf lists the input's resources of the kinds the rule declares.
func resourcesOf(rule finding.Rule, in *finding.Input) []finding.Resource {
	if len(rule.Resources) == 0 {
		return nil
	}
	var out []finding.Resource
	for _, r := range in.Resources {
		if slices.Contains(rule.Resources, r.Kind) {
			out = append(out, r)
		}
	}
	return out
}

func ruleLabel(r finding.Rule) string {
	if r.Slug == "" {
		return r.ID
	}
	return r.ID + " " + r.Slug
}

func resourceLabel(r finding.Resource) string {
	name := firstNonEmpty(r.Name, r.LogicalID, r.Ref)
	if r.Kind == "" || r.Kind == "unknown" {
		return clean(escape.Text(name))
	}
	return clean(escape.Text(r.Kind + " " + name))
}

// uniqueNames makes test-case names unique within a suite: GitLab keeps only
// the first of several equal names. Equal names get their line, then a
// counter.
func uniqueNames(cases []testcase) {
	count := func() map[string]int {
		m := map[string]int{}
		for _, c := range cases {
			m[c.Name]++
		}
		return m
	}
	n := count()
	for i := range cases {
		if n[cases[i].Name] > 1 && cases[i].Line > 0 {
			cases[i].Name += fmt.Sprintf(" (line %d)", cases[i].Line)
		}
	}
	n = count()
	seen := map[string]int{}
	for i := range cases {
		if name := cases[i].Name; n[name] > 1 {
			seen[name]++
			cases[i].Name = fmt.Sprintf("%s #%d", name, seen[name])
		}
	}
}

func fileAttr(name string) string {
	if name == "" || strings.HasPrefix(name, "live:") || name == "<stdin>" {
		return ""
	}
	return clean(name)
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// clean shows control characters (other than tab and newline), bidi
// overrides and invalid UTF-8 escaped, then drops what XML 1.0 still cannot
// carry (U+FFFE, U+FFFF).
func clean(s string) string {
	// Terminal controls and bidi overrides are shown escaped (CI pages and
	// consoles render these bodies), then what XML cannot carry is dropped.
	s = escape.Lines(s)
	ok := true
	for _, r := range s {
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				continue
			}
		}
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
