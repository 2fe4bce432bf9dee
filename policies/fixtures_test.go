package policies_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// fixturesDir holds the source-format fixtures: fixtures/<ID>/<kind>/<entry>,
// where an entry is a file (bad*.yaml, good*.json, unknown*.yaml, …) or a
// folder (a CDK app: cdk.json and cdk.out/).
const fixturesDir = "testdata/fixtures"

// Fixture kinds and the rule sources they stand for.
var (
	fixtureKinds = []string{"openapi", "cloudformation", "sam", "cdk", "terraform", "snapshot", "postman"}
	// kindOfSource maps a rule's declared source to the fixture kind that
	// demonstrates it (live accounts are shown with snapshot inventories).
	kindOfSource = map[string]string{
		finding.SourceOpenAPI:        "openapi",
		finding.SourceCloudFormation: "cloudformation",
		finding.SourceSAM:            "sam",
		finding.SourceCDK:            "cdk",
		finding.SourceTerraform:      "terraform",
		finding.SourceLive:           "snapshot",
		finding.SourcePostman:        "postman",
	}
	// loaderOfKind names the loader that reads each fixture kind.
	loaderOfKind = map[string]string{
		"openapi":        "openapi",
		"cloudformation": "cloudformation",
		"sam":            "cloudformation",
		"cdk":            "cloudformation",
		"terraform":      "terraform",
		"snapshot":       "snapshot",
		"postman":        "postman",
	}
	// originOfKind is the RestAPI origin (or inventory source kind) a fixture
	// of that kind must load as, so a fixture cannot silently test another path.
	originOfKind = map[string]string{
		"openapi":        "openapi",
		"cloudformation": "cloudformation",
		"sam":            "sam",
		"cdk":            "cdk",
		"terraform":      "terraform",
		"postman":        "postman",
	}
)

// want is one expected finding: a rule id, optionally at a line of a file
// (the file relative to a folder fixture; empty for a file fixture).
type want struct {
	rule string
	file string
	line int
}

func (w want) String() string {
	switch {
	case w.line == 0:
		return w.rule
	case w.file != "":
		return fmt.Sprintf("%s@%s:%d", w.rule, w.file, w.line)
	default:
		return fmt.Sprintf("%s@%d", w.rule, w.line)
	}
}

// wantPattern matches "AZ001", "AZ001@12" and "AZ001@cdk.out/App.template.json:12".
var wantPattern = regexp.MustCompile(`^([A-Z]{2}[0-9]{3})(?:@(?:(.+):)?([0-9]+))?$`)

func parseWant(s string) (want, error) {
	m := wantPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return want{}, fmt.Errorf("expectation %q is not ID, ID@LINE or ID@FILE:LINE", s)
	}
	w := want{rule: m[1], file: m[2]}
	if m[3] != "" {
		w.line, _ = strconv.Atoi(m[3])
	}
	return w, nil
}

// readWants reads a fixture's expectations: "# want: ID[@LINE] ..." comments
// in a YAML file (a comment after a value expects the finding on that line),
// or the lines of a sidecar (<file>.want beside a JSON file, want.txt inside a
// folder fixture).
func readWants(entry string, isDir bool) ([]want, error) {
	var (
		path    string
		comment bool
	)
	switch {
	case isDir:
		path = filepath.Join(entry, "want.txt")
	case strings.HasSuffix(entry, ".json"):
		path = entry + ".want"
	default:
		path, comment = entry, true
	}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading expectations: %w", err)
	}
	defer f.Close()
	var out []want
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		here := 0
		if comment {
			code, rest, ok := strings.Cut(line, "# want:")
			if !ok {
				continue
			}
			if strings.TrimSpace(code) != "" {
				// "key: value  # want: AZ001" expects the finding on this line.
				here = n
			}
			line = rest
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for field := range strings.FieldsSeq(line) {
			w, err := parseWant(field)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			if w.line == 0 {
				w.line = here
			}
			out = append(out, w)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return out, nil
}

// fixture is one entry under fixtures/<ID>/<kind>/.
type fixture struct {
	rule, kind, path string
	// role is bad, good or unknown (from the entry's name).
	role  string
	isDir bool
}

func (f fixture) name() string { return f.rule + "/" + f.kind + "/" + filepath.Base(f.path) }

// listFixtures walks the fixture tree.
func listFixtures(t *testing.T) []fixture {
	t.Helper()
	rules, err := os.ReadDir(fixturesDir)
	if err != nil {
		t.Fatalf("reading fixtures: %v", err)
	}
	var out []fixture
	for _, r := range rules {
		if !r.IsDir() {
			t.Errorf("%s: unexpected file in %s", r.Name(), fixturesDir)
			continue
		}
		kinds, err := os.ReadDir(filepath.Join(fixturesDir, r.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range kinds {
			if !k.IsDir() || !slices.Contains(fixtureKinds, k.Name()) {
				t.Errorf("%s/%s: fixture kinds are folders named %v", r.Name(), k.Name(), fixtureKinds)
				continue
			}
			dir := filepath.Join(fixturesDir, r.Name(), k.Name())
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.HasSuffix(e.Name(), ".want") {
					continue
				}
				role := strings.FieldsFunc(e.Name(), func(r rune) bool { return r == '-' || r == '.' })[0]
				if role != "bad" && role != "good" && role != "unknown" {
					t.Errorf("%s: fixture names start with bad, good or unknown", filepath.Join(dir, e.Name()))
					continue
				}
				out = append(out, fixture{rule: r.Name(), kind: k.Name(), path: filepath.Join(dir, e.Name()), role: role, isDir: e.IsDir()})
			}
		}
	}
	return out
}

var (
	engineOnce sync.Once
	sharedEng  *engine.Engine
	engineErr  error
)

// testEngine compiles the embedded catalogue once for every test of the package.
func testEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	engineOnce.Do(func() { sharedEng, engineErr = engine.New(context.Background(), engine.Options{}) })
	if engineErr != nil {
		tb.Fatal(engineErr)
	}
	return sharedEng
}

// scanPath runs the real pipeline (registry loaders, scan, engine) over one
// file or folder.
func scanPath(tb testing.TB, path string) *scan.Result {
	tb.Helper()
	return scan.Files(context.Background(), scan.Options{
		Paths:   []string{path},
		Loaders: registry.Files(registry.Options{}),
		Workers: 1,
	}, testEngine(tb), true)
}

func loaderNames() map[string]bool {
	out := map[string]bool{}
	for _, l := range registry.Files(registry.Options{}) {
		out[l.Name()] = true
	}
	return out
}

// TestFixtures scans every fixture through the real loaders and engine:
// bad fixtures must produce their rule's findings exactly where their
// expectations say, good and unknown fixtures none of their rule.
func TestFixtures(t *testing.T) {
	loaders := loaderNames()
	for _, fx := range listFixtures(t) {
		t.Run(fx.name(), func(t *testing.T) {
			if !loaders[loaderOfKind[fx.kind]] {
				t.Fatalf("no %s loader is registered in loader/registry: fixtures of kind %s cannot be checked", loaderOfKind[fx.kind], fx.kind)
			}
			res := scanPath(t, fx.path)
			checkClean(t, fx.path, res)
			checkOrigin(t, fx, res)
			wants, err := readWants(fx.path, fx.isDir)
			if err != nil {
				t.Fatal(err)
			}
			switch fx.role {
			case "bad":
				if !slices.ContainsFunc(wants, func(w want) bool { return w.rule == fx.rule }) {
					t.Fatalf("bad fixture states no expectation for %s (add a '# want: %s@LINE' comment or a sidecar)", fx.rule, fx.rule)
				}
			default:
				if n := countRule(res.Findings, fx.rule); n > 0 {
					t.Errorf("%s fixture produced %d %s finding(s):\n%s", fx.role, n, fx.rule, describe(res.Findings, fx.rule))
				}
				if slices.ContainsFunc(wants, func(w want) bool { return w.rule == fx.rule }) {
					t.Errorf("%s fixture expects its own rule %s", fx.role, fx.rule)
				}
			}
			checkWants(t, fx.path, fx.isDir, wants, res.Findings)
		})
	}
}

// checkClean fails on anything that is not a finding: load errors, rule
// errors, and messages with a formatting mistake.
func checkClean(t *testing.T, path string, res *scan.Result) {
	t.Helper()
	if len(res.Inputs) == 0 {
		t.Fatalf("%s: nothing was loaded (skipped: %v)", path, res.Skipped)
	}
	for _, e := range res.LoadErrors {
		t.Errorf("load error: %s:%d: %s", e.Input, e.Line, e.Reason)
	}
	for _, e := range res.RuleErrors {
		t.Errorf("rule %s failed on %s: %s", e.RuleID, e.Input, e.Message)
	}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "%!") {
			t.Errorf("%s: message has a formatting error: %s", f.RuleID, f.Message)
		}
	}
}

// checkOrigin makes sure a fixture loads as the kind its folder says.
func checkOrigin(t *testing.T, fx fixture, res *scan.Result) {
	t.Helper()
	if fx.kind == "snapshot" {
		for _, in := range res.Inputs {
			if in.Kind != "snapshot" {
				t.Errorf("snapshot fixture was read by the %s loader", in.Kind)
			}
		}
		return
	}
	want := originOfKind[fx.kind]
	if fx.kind == "postman" {
		// A Postman fixture may hold the other side of the join (a template
		// or a live snapshot) beside the collection; the collection must be
		// read as one.
		if !slices.ContainsFunc(res.Inputs, func(in finding.Input) bool { return in.Kind == "postman" }) {
			t.Errorf("postman fixture: no input was read by the postman loader (%v)", res.Inputs)
		}
		return
	}
	for _, ld := range res.Loaded {
		for _, api := range ld.Inventory.RestAPIs {
			if api.Origin != want {
				t.Errorf("API %s loads with origin %s, want %s", api.Ref, api.Origin, want)
			}
		}
		for _, api := range ld.Inventory.HTTPAPIs {
			if api.Origin != want {
				t.Errorf("HTTP API %s loads with origin %s, want %s", api.Ref, api.Origin, want)
			}
		}
		if len(ld.Inventory.RestAPIs) == 0 && len(ld.Inventory.HTTPAPIs) == 0 && len(ld.Inventory.Sources) > 0 && ld.Inventory.Sources[0].Kind != want {
			t.Errorf("input loads as %s, want %s", ld.Inventory.Sources[0].Kind, want)
		}
	}
}

// checkWants matches expectations and findings for every rule the
// expectations name: each expectation needs a finding, and each finding of
// those rules needs an expectation (a bare "ID" covers all of that rule's).
func checkWants(t *testing.T, path string, isDir bool, wants []want, findings []finding.Finding) {
	t.Helper()
	byRule := map[string][]want{}
	for _, w := range wants {
		byRule[w.rule] = append(byRule[w.rule], w)
	}
	rel := func(f finding.Finding) string {
		if !isDir {
			return ""
		}
		r, err := filepath.Rel(path, f.Location.File)
		if err != nil {
			return f.Location.File
		}
		return filepath.ToSlash(r)
	}
	for rule, ws := range byRule {
		var mine []finding.Finding
		for _, f := range findings {
			if f.RuleID == rule {
				mine = append(mine, f)
			}
		}
		bare := slices.ContainsFunc(ws, func(w want) bool { return w.line == 0 })
		for _, w := range ws {
			ok := slices.ContainsFunc(mine, func(f finding.Finding) bool {
				return w.line == 0 || (f.Location.Line == w.line && rel(f) == w.file)
			})
			if !ok {
				t.Errorf("expected %s, got:\n%s", w, describe(findings, rule))
			}
		}
		if bare {
			continue
		}
		for _, f := range mine {
			ok := slices.ContainsFunc(ws, func(w want) bool { return f.Location.Line == w.line && rel(f) == w.file })
			if !ok {
				t.Errorf("unexpected %s finding at %s:%d: %s", rule, f.Location.File, f.Location.Line, f.Message)
			}
		}
	}
}

func countRule(fs []finding.Finding, rule string) int {
	n := 0
	for _, f := range fs {
		if f.RuleID == rule {
			n++
		}
	}
	return n
}

func describe(fs []finding.Finding, rule string) string {
	var b strings.Builder
	for _, f := range fs {
		if rule != "" && f.RuleID != rule {
			continue
		}
		fmt.Fprintf(&b, "  %s %s:%d: %s\n", f.RuleID, f.Location.File, f.Location.Line, f.Message)
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}
