package markdown

import (
	"bytes"
	"flag"
	"regexp"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters/internal/reportertest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func render(t *testing.T, r *finding.Report, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := New(opts).Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		r    func() *finding.Report
		opts Options
	}{
		{"sample.md", reportertest.Sample, Options{}},
		{"capped.md", reportertest.Sample, Options{MaxRows: 2}},
		{"failed.md", reportertest.Clean, Options{}},
		{"passed.md", func() *finding.Report {
			return &finding.Report{Inputs: []finding.Input{{Name: "a.yaml"}}, FailOn: finding.FailOn(finding.Error)}
		}, Options{}},
		{"below-threshold.md", func() *finding.Report {
			r := reportertest.Clean()
			r.FailOn = finding.Never()
			return r
		}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.r(), tt.opts)
			reportertest.Golden(t, tt.name, []byte(got), *update)
			if got != render(t, tt.r(), tt.opts) {
				t.Error("two renderings differ")
			}
		})
	}
}

// countsRow is the data row of the counts table.
var countsRow = regexp.MustCompile(`^\| \d`)

// unescapedPipe matches a "|" not preceded by a backslash.
var unescapedPipe = regexp.MustCompile(`(^|[^\\])\|`)

func TestTablesKeepTheirShape(t *testing.T) {
	out := render(t, reportertest.Sample(), Options{})
	for line := range strings.SplitSeq(out, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| Errors") || countsRow.MatchString(line) {
			continue
		}
		// Four columns: five unescaped pipes (overlapping matches counted once each).
		if n := len(unescapedPipe.FindAllString(line, -1)); n != 5 {
			t.Errorf("row has %d cell separators: %s", n, line)
		}
	}
	for _, bad := range []string{"<b>", "\x01", "html</b>"} {
		if strings.Contains(out, bad) {
			t.Errorf("unescaped %q in output", bad)
		}
	}
	if !strings.Contains(out, "&lt;b&gt;html&lt;/b&gt; &amp; \"quotes\"<br>second line\\x01.") {
		t.Error("message not escaped as expected")
	}
}

func TestCap(t *testing.T) {
	out := render(t, reportertest.Sample(), Options{MaxRows: 1})
	if !strings.Contains(out, "…and 5 more findings; see the full report.") {
		t.Errorf("no cap note:\n%s", out)
	}
}

func TestCode(t *testing.T) {
	tests := map[string]string{
		"a.yaml:1":  "`a.yaml:1`",
		"a`b":       "`` a`b ``",
		"a``b|c":    "``` a``b\\|c ```",
		"line\nbrk": "`line brk`",
	}
	for in, want := range tests {
		if got := code(in); got != want {
			t.Errorf("code(%q) = %q, want %q", in, got, want)
		}
	}
}
