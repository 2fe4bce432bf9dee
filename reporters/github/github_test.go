package github

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/escape"
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
	got := render(t, reportertest.Sample())
	reportertest.Golden(t, "sample.txt", got, *update)
	if !bytes.Equal(got, render(t, reportertest.Sample())) {
		t.Error("two renderings differ")
	}
	if out := render(t, &finding.Report{}); len(out) != 0 {
		t.Errorf("empty report wrote %q", out)
	}
}

func TestEscape(t *testing.T) {
	if got := EscapeData("50% done\r\nnext: a,b"); got != "50%25 done%0D%0Anext: a,b" {
		t.Errorf("EscapeData = %q", got)
	}
	if got := EscapeProperty("a:b,c%\n"); got != "a%3Ab%2Cc%25%0A" {
		t.Errorf("EscapeProperty = %q", got)
	}
}

// command is a workflow command as the runner parses it.
type command struct {
	level string
	props map[string]string
	msg   string
}

func unescape(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

// parseCommand follows the runner's grammar: "::" name [" " key=value{,key=value}] "::" message.
func parseCommand(t *testing.T, line string) command {
	t.Helper()
	rest, ok := strings.CutPrefix(line, "::")
	if !ok {
		t.Fatalf("not a command: %q", line)
	}
	head, msg, ok := strings.Cut(rest, "::")
	if !ok {
		t.Fatalf("no message separator: %q", line)
	}
	c := command{props: map[string]string{}, msg: unescape(msg)}
	name, props, _ := strings.Cut(head, " ")
	c.level = name
	if props != "" {
		for kv := range strings.SplitSeq(props, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("bad property %q in %q", kv, line)
			}
			c.props[k] = unescape(v)
		}
	}
	return c
}

func TestRunnerReadsCommands(t *testing.T) {
	r := reportertest.Sample()
	out := strings.TrimSuffix(string(render(t, r)), "\n")
	lines := strings.Split(out, "\n")
	sum := r.Summary()
	if want := sum.Findings + sum.LoadErrors + sum.RuleErrors + sum.Notices; len(lines) != want {
		t.Fatalf("%d commands, want %d:\n%s", len(lines), want, out)
	}
	var cmds []command
	for _, l := range lines {
		cmds = append(cmds, parseCommand(t, l))
	}
	levels := map[string]int{}
	for _, c := range cmds {
		levels[c.level]++
	}
	if levels["error"] != 2+3+1 || levels["warning"] != 3 || levels["notice"] != 1+2 { // AL001 and the two notices
		t.Errorf("levels = %v", levels)
	}
	// The awkward message survives the round trip.
	var odd *command
	for i := range cmds {
		if strings.Contains(cmds[i].msg, "| table") {
			odd = &cmds[i]
		}
	}
	if odd == nil {
		t.Fatal("awkward message missing")
	}
	for _, f := range r.Findings {
		// Newlines survive as GitHub's %0A; control characters come back
		// shown escaped.
		if strings.Contains(f.Message, "| table") && escape.Lines(f.Message) != odd.msg {
			t.Errorf("message changed:\n%q\n%q", odd.msg, f.Message)
		}
	}
	if odd.props["file"] != "openapi/pets.yaml" || odd.props["line"] != "30" || odd.props["col"] != "9" || odd.props["title"] != "AZ010 method-unprotected-among-cognito" {
		t.Errorf("props = %v", odd.props)
	}
}

func TestRelativePaths(t *testing.T) {
	r := &finding.Report{WorkingDir: "/repo", Findings: []finding.Finding{
		{RuleID: "AZ001", Slug: "x", Severity: finding.Error, Message: "m", Location: finding.Location{File: "/repo/infra/api.yaml", Line: 3}},
		{RuleID: "AZ001", Slug: "x", Severity: finding.Error, Message: "m", Location: finding.Location{File: "/elsewhere/api.yaml", Line: 3}},
		{RuleID: "AZ001", Slug: "x", Severity: finding.Error, Message: "m", Location: finding.Location{File: "./a/../b.yaml", Line: 3}},
	}}
	got := string(render(t, r))
	for _, want := range []string{"file=/elsewhere/api.yaml,line=3,", "file=b.yaml,line=3,", "file=infra/api.yaml,line=3,"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}
