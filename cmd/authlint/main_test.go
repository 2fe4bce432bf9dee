package main

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/authlint/authlint/internal/awsfake"
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
			scenarios, err := filepath.Abs(filepath.Join("..", "..", "loader", "live", "testdata", "scenarios"))
			if err != nil {
				return err
			}
			env.Setenv("SCENARIOS", scenarios)
			explainDir, err := filepath.Abs(filepath.Join("..", "..", "examples", "explain"))
			if err != nil {
				return err
			}
			env.Setenv("EXPLAIN", explainDir)
			// Configuration lookup stops at a repository root; make the work
			// folder one so no .authlint.yaml above it is read.
			return os.Mkdir(filepath.Join(env.WorkDir, ".git"), 0o755)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":      cmdExits,
			"findings":   cmdFindings,
			"findingset": cmdFindingSet,
			"binfile":    cmdBinfile,
			"awsfake":    cmdAWSFake,
			"marked":     cmdMarked,
			"consistent": cmdConsistent,
			"unsigned":   cmdUnsigned,
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

// cmdFindingSet prints what identifies each finding of a JSON report, one
// line each, sorted: rule, severity, source, resource ref, stage, method,
// fingerprint and whether it is suppressed. Two reports with the same lines
// report the same findings.
func cmdFindingSet(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: findingset REPORT.json")
	}
	var doc struct {
		Findings []struct {
			RuleID      string `json:"ruleId"`
			Severity    string `json:"severity"`
			Source      string `json:"source"`
			Fingerprint string `json:"fingerprint"`
			Suppressed  bool   `json:"suppressed"`
			Resource    struct {
				Ref    string `json:"ref"`
				Stage  string `json:"stage"`
				Method string `json:"method"`
			} `json:"resource"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(args[0])), &doc); err != nil {
		ts.Fatalf("findingset: %s: %v", args[0], err)
	}
	lines := make([]string, 0, len(doc.Findings))
	for _, f := range doc.Findings {
		lines = append(lines, fmt.Sprintf("%s %s %s %q stage=%q method=%q %s suppressed=%t",
			f.RuleID, f.Severity, f.Source, f.Resource.Ref, f.Resource.Stage, f.Resource.Method, f.Fingerprint, f.Suppressed))
	}
	slices.Sort(lines)
	out := ts.Stdout()
	for _, l := range lines {
		fmt.Fprintln(out, l)
	}
}

// cmdAWSFake starts the loopback AWS fake for the rest of the script:
//
//	awsfake SCENARIO.json [FAULTS.json]
//
// FAULTS.json is a JSON list of awsfake.Fault added to the scenario's. The
// script's environment points the AWS SDK at the fake through
// AWS_ENDPOINT_URL (also in $AWS_FAKE_URL, for --endpoint-url), with static
// keys of the scenario's first account and no shared configuration files or
// instance metadata of the machine.
func cmdAWSFake(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: awsfake SCENARIO.json [FAULTS.json]")
	}
	scn, err := awsfake.LoadScenario(ts.MkAbs(args[0]))
	ts.Check(err)
	if len(args) == 2 {
		var faults []awsfake.Fault
		dec := json.NewDecoder(strings.NewReader(ts.ReadFile(args[1])))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&faults); err != nil {
			ts.Fatalf("awsfake: %s: %v", args[1], err)
		}
		scn.Faults = append(scn.Faults, faults...)
	}
	key := ""
	for _, a := range scn.Accounts {
		if a.AccessKeyID != "" {
			key = a.AccessKeyID
			break
		}
	}
	if key == "" {
		ts.Fatalf("awsfake: the scenario has no account with an accessKeyId")
	}
	hs := httptest.NewServer(awsfake.New(scn, awsfake.Options{}))
	ts.Defer(hs.Close)
	work := ts.Getenv("WORK")
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            hs.URL,
		"AWS_FAKE_URL":                hs.URL,
		"AWS_ACCESS_KEY_ID":           key,
		"AWS_SECRET_ACCESS_KEY":       "fake-secret-access-key",
		"AWS_CONFIG_FILE":             filepath.Join(work, ".aws", "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(work, ".aws", "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		ts.Setenv(k, v)
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

// cmdUnsigned checks that the last command's standard output and error hold
// no part of a token's signature (the canary of explain's redaction):
//
//	unsigned token.jwt
func cmdUnsigned(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: unsigned TOKENFILE")
	}
	tok := strings.Join(strings.Fields(ts.ReadFile(args[0])), "")
	parts := strings.Split(strings.Trim(tok, `"'`), ".")
	sig := parts[len(parts)-1]
	if len(sig) < 16 {
		ts.Fatalf("unsigned: %s has no signature to look for", args[0])
	}
	// Any 16 characters of the signature would give part of it away.
	for i := 0; i+16 <= len(sig); i += 8 {
		piece := sig[i : i+16]
		if strings.Contains(ts.ReadFile("stdout"), piece) || strings.Contains(ts.ReadFile("stderr"), piece) {
			ts.Fatalf("unsigned: the output holds part of the signature of %s", args[0])
		}
	}
}
