package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in the scripts (cmp with a file of the archive)")

// TestMain lets the test binary act as the authlint command inside scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"authlint": main})
}

// TestScripts runs the end-to-end scripts under testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":    cmdExits,
			"findings": cmdFindings,
			"binfile":  cmdBinfile,
		},
	})
}

// cmdExits runs a command and checks its exact exit code:
//
//	exits 3 authlint scan missing.yaml
//
// Its standard output and error are kept for the stdout/stderr commands.
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

// cmdFindings prints one line per finding of a JSON report, "RULE
// file:line:col", so scripts compare locations with cmp.
func cmdFindings(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: findings REPORT.json")
	}
	var doc struct {
		Findings []struct {
			RuleID   string `json:"ruleId"`
			Location struct {
				File   string `json:"file"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &doc); err != nil {
		ts.Fatalf("findings: %s: %v", args[0], err)
	}
	// Claim stdout even for an empty list, so an earlier command's output does
	// not linger.
	out := ts.Stdout()
	for _, f := range doc.Findings {
		fmt.Fprintf(out, "%s %s:%d:%d\n", f.RuleID, f.Location.File, f.Location.Line, f.Location.Column)
	}
}

// cmdBinfile writes a small binary file (a PNG header and NUL bytes), which a
// txtar archive cannot hold.
func cmdBinfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: binfile FILE")
	}
	data := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}
