package suppress_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/authlint/authlint/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the expected output in the scripts")

// TestMain lets the test binary act as the authlint command inside scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"authlint": func() {
			os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the end-to-end scripts for configuration, suppressions
// and baselines through the real command line.
func TestScripts(t *testing.T) {
	var help bytes.Buffer
	cli.Main(t.Context(), []string{"scan", "--help"}, nil, &help, &help)
	for _, flag := range []string{"--config", "--baseline", "--write-baseline", "--no-inline-suppressions"} {
		if !strings.Contains(help.String(), flag) {
			t.Skipf("authlint scan has no %s flag yet", flag)
		}
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			// Configuration lookup stops at a repository root; make the
			// work folder one so nothing above it is read.
			return os.Mkdir(env.WorkDir+"/.git", 0o755)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":      cmdExits,
			"marked":     cmdMarked,
			"consistent": cmdConsistent,
		},
	})
}

// cmdExits runs a command and checks its exact exit code:
//
//	exits 3 authlint scan missing.yaml
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		ee, ok := errors.AsType[*exec.ExitError](err)
		if !ok {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// cmdMarked prints one line per finding of a JSON report, "RULE file:line
// KIND", where KIND is the suppression kind or "-" for a finding that counts.
func cmdMarked(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: marked REPORT.json")
	}
	var doc struct {
		Findings []struct {
			RuleID   string `json:"ruleId"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
			Suppressed  bool `json:"suppressed"`
			Suppression *struct {
				Kind string `json:"kind"`
			} `json:"suppression"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &doc); err != nil {
		ts.Fatalf("marked: %s: %v", args[0], err)
	}
	out := ts.Stdout()
	for _, f := range doc.Findings {
		kind := "-"
		if f.Suppression != nil {
			kind = f.Suppression.Kind
		}
		if f.Suppressed != (f.Suppression != nil) {
			ts.Fatalf("marked: %s at %s:%d: suppressed=%v but suppression=%v", f.RuleID, f.Location.File, f.Location.Line, f.Suppressed, f.Suppression)
		}
		fmt.Fprintf(out, "%s %s:%d %s\n", f.RuleID, f.Location.File, f.Location.Line, kind)
	}
}

// cmdConsistent checks that the JSON, SARIF, JUnit and GitHub outputs of one
// run agree on the counts:
//
//	consistent out.json out.sarif out.xml out.github
func cmdConsistent(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: consistent REPORT.json REPORT.sarif REPORT.xml COMMANDS.txt")
	}
	var js struct {
		Summary struct {
			Findings, Suppressed, LoadErrors, RuleErrors int
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &js); err != nil {
		ts.Fatalf("consistent: %s: %v", args[0], err)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				Suppressions []json.RawMessage `json:"suppressions"`
			} `json:"results"`
			Invocations []struct {
				Notifications []json.RawMessage `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(args[1])), &sarif); err != nil || len(sarif.Runs) != 1 {
		ts.Fatalf("consistent: %s: %v", args[1], err)
	}
	active, suppressed := 0, 0
	for _, r := range sarif.Runs[0].Results {
		if len(r.Suppressions) > 0 {
			suppressed++
		} else {
			active++
		}
	}
	notes := 0
	for _, inv := range sarif.Runs[0].Invocations {
		notes += len(inv.Notifications)
	}
	var junit struct {
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
	}
	if err := xml.Unmarshal([]byte(ts.ReadFile(args[2])), &junit); err != nil {
		ts.Fatalf("consistent: %s: %v", args[2], err)
	}
	commands := 0
	for line := range strings.SplitSeq(ts.ReadFile(args[3]), "\n") {
		if strings.HasPrefix(line, "::") {
			commands++
		}
	}
	s := js.Summary
	problems := s.LoadErrors + s.RuleErrors
	check := func(what string, got, want int) {
		if got != want {
			ts.Fatalf("consistent: %s = %d, want %d", what, got, want)
		}
	}
	check("SARIF results without suppressions", active, s.Findings)
	check("SARIF suppressed results", suppressed, s.Suppressed)
	check("SARIF notifications", notes, problems)
	check("JUnit failures", junit.Failures, s.Findings)
	check("JUnit skipped", junit.Skipped, s.Suppressed)
	check("JUnit errors", junit.Errors, problems)
	check("GitHub commands", commands, s.Findings+problems)
	fmt.Fprintf(ts.Stdout(), "%d findings, %d suppressed, %d load or rule errors\n", s.Findings, s.Suppressed, problems)
}
