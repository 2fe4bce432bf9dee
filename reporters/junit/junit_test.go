package junit

import (
	"bytes"
	"encoding/xml"
	"flag"
	"strconv"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/reportertest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func render(t *testing.T, r *finding.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := New().Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	tests := map[string]func() *finding.Report{
		"sample.xml": reportertest.Sample,
		"empty.xml":  func() *finding.Report { return &finding.Report{} },
	}
	for name, mk := range tests {
		t.Run(name, func(t *testing.T) {
			got := render(t, mk())
			reportertest.Golden(t, name, got, *update)
			if !bytes.Equal(got, render(t, mk())) {
				t.Error("two renderings differ")
			}
		})
	}
}

// What GitLab's and Jenkins' JUnit parsers read: a <testsuites> root,
// <testsuite> elements with tests/failures/errors/skipped counts, and
// <testcase> elements with name, classname, time, optional file and line,
// and at most one of <failure>, <error>, <skipped>, whose text is the detail.
type parsedSuites struct {
	XMLName  xml.Name      `xml:"testsuites"`
	Tests    int           `xml:"tests,attr"`
	Failures int           `xml:"failures,attr"`
	Errors   int           `xml:"errors,attr"`
	Skipped  int           `xml:"skipped,attr"`
	Time     string        `xml:"time,attr"`
	Suites   []parsedSuite `xml:"testsuite"`
}

type parsedSuite struct {
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Cases    []parsedCase `xml:"testcase"`
}

type parsedCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	File      string         `xml:"file,attr"`
	Line      string         `xml:"line,attr"`
	Time      string         `xml:"time,attr"`
	Failure   []parsedResult `xml:"failure"`
	Error     []parsedResult `xml:"error"`
	Skipped   []parsedResult `xml:"skipped"`
	SystemOut string         `xml:"system-out"`
}

type parsedResult struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

func parse(t *testing.T, data []byte) parsedSuites {
	t.Helper()
	var doc parsedSuites
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	return doc
}

func TestParsersAcceptLayout(t *testing.T) {
	r := reportertest.Sample()
	doc := parse(t, render(t, r))
	var tests, failures, errors, skipped int
	for _, s := range doc.Suites {
		if s.Name == "" {
			t.Error("suite without a name")
		}
		var sf, se, ss int
		names := map[string]bool{}
		for _, c := range s.Cases {
			if c.Name == "" || c.Classname == "" {
				t.Errorf("%s: case without name or classname: %+v", s.Name, c)
			}
			if names[c.Name] {
				t.Errorf("%s: duplicate test-case name %q (GitLab keeps only the first)", s.Name, c.Name)
			}
			names[c.Name] = true
			if _, err := strconv.ParseFloat(c.Time, 64); err != nil {
				t.Errorf("%s: time %q is not a number", c.Name, c.Time)
			}
			if c.Line != "" {
				if n, err := strconv.Atoi(c.Line); err != nil || n < 1 {
					t.Errorf("%s: line %q", c.Name, c.Line)
				}
			}
			outcomes := len(c.Failure) + len(c.Error) + len(c.Skipped)
			if outcomes > 1 {
				t.Errorf("%s: %d outcomes", c.Name, outcomes)
			}
			for _, res := range append(append(c.Failure, c.Error...), c.Skipped...) {
				if strings.TrimSpace(res.Body) == "" {
					t.Errorf("%s: empty body (GitLab shows the body, not the message)", c.Name)
				}
			}
			sf += len(c.Failure)
			se += len(c.Error)
			ss += len(c.Skipped)
		}
		if s.Tests != len(s.Cases) || s.Failures != sf || s.Errors != se || s.Skipped != ss {
			t.Errorf("suite %s counts tests=%d failures=%d errors=%d skipped=%d; children say %d/%d/%d/%d",
				s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), sf, se, ss)
		}
		tests += s.Tests
		failures += s.Failures
		errors += s.Errors
		skipped += s.Skipped
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errors || doc.Skipped != skipped {
		t.Errorf("root counts %d/%d/%d/%d; suites say %d/%d/%d/%d", doc.Tests, doc.Failures, doc.Errors, doc.Skipped, tests, failures, errors, skipped)
	}
	// The counts match the findings.
	sum := r.Summary()
	if failures != sum.Errors {
		t.Errorf("%d failures for %d findings at or above --fail-on error", failures, sum.Errors)
	}
	if skipped != sum.Suppressed {
		t.Errorf("%d skipped for %d suppressed findings", skipped, sum.Suppressed)
	}
	if errors != sum.LoadErrors+sum.RuleErrors {
		t.Errorf("%d errors for %d load and %d rule errors", errors, sum.LoadErrors, sum.RuleErrors)
	}
	if passed := tests - failures - errors - skipped; passed == 0 {
		t.Error("no passing checks: rules that held must be listed")
	}
}

func TestPassingCases(t *testing.T) {
	doc := parse(t, render(t, reportertest.Sample()))
	suite := func(name string) parsedSuite {
		for _, s := range doc.Suites {
			if s.Name == name {
				return s
			}
		}
		t.Fatalf("no suite %s", name)
		return parsedSuite{}
	}
	names := func(s parsedSuite) map[string]string {
		m := map[string]string{}
		for _, c := range s.Cases {
			state := "pass"
			switch {
			case len(c.Failure) > 0:
				state = "failure"
			case len(c.Error) > 0:
				state = "error"
			case len(c.Skipped) > 0:
				state = "skipped"
			}
			m[c.Name] = state
		}
		return m
	}
	infra := names(suite("infra/api.yaml"))
	want := map[string]string{
		// AZ001 declares authorizers: one case per authorizer of the input.
		"AZ001 cognito-authorizer-without-user-pool: authorizer CognitoAuth": "pass",
		// AZ004 declares methods: the flagged one fails, the others pass.
		"AZ004 method-authorizer-mismatch: method GET /pets":     "failure",
		"AZ004 method-authorizer-mismatch: method OPTIONS /pets": "pass",
		"AZ004 method-authorizer-mismatch: method GET /health":   "pass",
		// CR001 on OPTIONS /pets is suppressed inline.
		"CR001 preflight-requires-auth: method OPTIONS /pets": "skipped",
		"CR001 preflight-requires-auth: method GET /pets":     "pass",
		// AZ010 declares no resource kinds: its finding is suppressed, so no pass case.
		"AZ010 method-unprotected-among-cognito: method GET /health": "skipped",
	}
	for name, state := range want {
		if infra[name] != state {
			t.Errorf("infra/api.yaml: %q is %q, want %q", name, infra[name], state)
		}
	}
	if _, ok := infra["GW004 aws-iam-method-in-cognito-api"]; ok {
		t.Error("GW004 only applies to live inputs")
	}
	pets := names(suite("openapi/pets.yaml"))
	if pets["CR001 preflight-requires-auth: rule failed"] != "error" {
		t.Errorf("rule error missing: %v", pets)
	}
	for name := range pets {
		if strings.HasPrefix(name, "CR001") && !strings.HasSuffix(name, "rule failed") {
			t.Errorf("a rule that failed must not pass: %s", name)
		}
	}
	// Two warnings below --fail-on error: passing cases, with distinct names.
	if pets["AZ010 method-unprotected-among-cognito: method GET /pets/{id} (line 30) #1"] != "pass" ||
		pets["AZ010 method-unprotected-among-cognito: method GET /pets/{id} (line 30) #2"] != "pass" {
		t.Errorf("two findings on one line need distinct names: %v", pets)
	}
	bad := names(suite("broken/bad.yaml"))
	if bad["load broken/bad.yaml"] != "error" {
		t.Errorf("load error missing: %v", bad)
	}
}

// TestFailOn: only findings at or above --fail-on are failures; the others
// pass with the finding in <system-out>, so a job that passes shows no failed
// test.
func TestFailOn(t *testing.T) {
	tests := []struct {
		failOn finding.Threshold
		want   int // failures
	}{
		{finding.Never(), 0},
		{finding.FailOn(finding.Error), 2},   // AZ004 and the hostile AZ001
		{finding.FailOn(finding.Warning), 5}, // + AZ010 ×2 and GW004
		{finding.FailOn(finding.Note), 6},    // + AL001
	}
	for _, tt := range tests {
		t.Run(tt.failOn.String(), func(t *testing.T) {
			r := reportertest.Clean()
			r.FailOn = tt.failOn
			doc := parse(t, render(t, r))
			if doc.Failures != tt.want {
				t.Errorf("failures = %d, want %d", doc.Failures, tt.want)
			}
			outs := 0
			for _, s := range doc.Suites {
				for _, c := range s.Cases {
					if c.SystemOut == "" || c.Classname == "authlint" {
						continue
					}
					outs++
					if len(c.Failure)+len(c.Error)+len(c.Skipped) > 0 {
						t.Errorf("%s: a finding below --fail-on must pass", c.Name)
					}
					if !strings.Contains(c.SystemOut, "below --fail-on "+tt.failOn.String()) || !strings.Contains(c.SystemOut, "Fingerprint: ") {
						t.Errorf("%s: system-out %q", c.Name, c.SystemOut)
					}
				}
			}
			if outs+doc.Failures != r.Summary().Findings {
				t.Errorf("%d passing findings + %d failures for %d findings", outs, doc.Failures, r.Summary().Findings)
			}
		})
	}
}

// TestNotices: inputs recognized but not read are passing cases that say so,
// and errors with --strict.
func TestNotices(t *testing.T) {
	for _, strict := range []bool{false, true} {
		r := reportertest.Clean()
		r.Strict = strict
		doc := parse(t, render(t, r))
		n := 0
		for _, s := range doc.Suites {
			for _, c := range s.Cases {
				if !strings.HasPrefix(c.Name, "not scanned (") {
					continue
				}
				n++
				if strict != (len(c.Error) == 1) || (!strict && !strings.HasPrefix(c.SystemOut, "note: ")) {
					t.Errorf("strict=%v: %+v", strict, c)
				}
			}
		}
		if n != len(r.Notices) {
			t.Errorf("strict=%v: %d notice cases for %d notices", strict, n, len(r.Notices))
		}
	}
}

func TestInvalidCharacters(t *testing.T) {
	r := reportertest.Sample()
	r.Findings[0].Message = "bad \x00\x01\x1b chars, ]]> and invalid \xff utf-8 \ufffe"
	out := render(t, r)
	doc := parse(t, out)
	if doc.Failures == 0 {
		t.Fatal("no failures")
	}
	if bytes.ContainsAny(out, "\x00\x01\x1b") || bytes.Contains(out, []byte("\xff")) {
		t.Error("invalid characters written")
	}
}

func TestClean(t *testing.T) {
	tests := map[string]string{
		"plain":           "plain",
		"tab\tnl\ncr\r":   "tab\tnl\ncr\\r",
		"a\x00b\x0bc":     `a\x00b\x0bc`,
		"\xffx":           `\xffx`,
		"osc\x1b]0;t\x07": `osc\x1b]0;t\x07`,
		"bidi\u202e":      `bidi\u202e`,
		"emoji 🙂 é":       "emoji 🙂 é",
		"nonchar \uffff":  "nonchar ",
	}
	for in, want := range tests {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRuleWithoutResourcesOfItsKind(t *testing.T) {
	r := reportertest.Sample()
	r.Rules = append(r.Rules, finding.Rule{ID: "UP001", Slug: "oauth-flows-disabled", Severity: finding.Error, Resources: []string{"appClient"}})
	doc := parse(t, render(t, r))
	found := map[string]bool{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Classname == "UP001" {
				found[s.Name+": "+c.Name] = true
			}
		}
	}
	// infra/api.yaml lists its resources and has no app client: nothing to
	// check. openapi/pets.yaml lists none: the rule is reported for the input.
	want := map[string]bool{
		"openapi/pets.yaml: UP001 oauth-flows-disabled":           true,
		"live:123456789012/eu-west-1: UP001 oauth-flows-disabled": true,
	}
	if len(found) != len(want) {
		t.Errorf("UP001 cases = %v", found)
	}
	for k := range want {
		if !found[k] {
			t.Errorf("missing %s (have %v)", k, found)
		}
	}
}
