package ci

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/cli"
	"github.com/authlint/authlint/internal/config"
	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/suppress"
	"github.com/authlint/authlint/reporters"
)

// TestMain lets the test binary act as the authlint command the recipes run.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"authlint": func() {
			os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// repoRoot is the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// env is a step's environment, as a runner would set it.
type env map[string]string

func (e env) list() []string {
	out := os.Environ()
	for k, v := range e {
		out = append(out, k+"="+v)
	}
	return out
}

// workspace is a fresh checkout stand-in: a temporary folder where examples/
// is the repository's, and the runner's files (step summary, outputs, path).
type workspace struct {
	dir, root, temp string
	env             env
}

func newWorkspace(t *testing.T) *workspace {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not available")
	}
	for _, f := range []string{"sarif", "junit", "github", "markdown", "text"} {
		if _, ok := reporters.Lookup(f, reporters.Options{}); !ok {
			t.Skipf("the command line does not offer --format %s yet", f)
		}
	}
	root := repoRoot(t)
	w := &workspace{dir: t.TempDir(), root: root, temp: t.TempDir()}
	// A copy, not a link: a walk does not follow links out of the scan root.
	if err := os.CopyFS(filepath.Join(w.dir, "examples"), os.DirFS(filepath.Join(root, "examples"))); err != nil {
		t.Fatal(err)
	}
	w.env = env{
		"GITHUB_WORKSPACE":    w.dir,
		"GITHUB_STEP_SUMMARY": filepath.Join(w.temp, "step-summary.md"),
		"GITHUB_OUTPUT":       filepath.Join(w.temp, "output"),
		"GITHUB_PATH":         filepath.Join(w.temp, "path"),
		"RUNNER_TEMP":         w.temp,
		"NO_COLOR":            "1",
	}
	return w
}

// run runs a script as GitHub Actions and GitLab do (bash, -e, pipefail) and
// returns its exit code and combined output.
func (w *workspace) run(t *testing.T, script string, extra env) (int, string) {
	t.Helper()
	e := env{}
	maps.Copy(e, w.env)
	maps.Copy(e, extra)
	cmd := exec.CommandContext(t.Context(), "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = w.dir
	cmd.Env = e.list()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil {
		return 0, out.String()
	}
	ee, ok := errors.AsType[*exec.ExitError](err)
	if !ok {
		t.Fatalf("running %q: %v", script, err)
	}
	return ee.ExitCode(), out.String()
}

// expectedExit is what authlint itself decides for these arguments: the exit
// code a recipe must pass on.
func expectedExit(t *testing.T, dir string, args ...string) int {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code := cli.Main(t.Context(), append([]string{"scan", "--format", "json"}, args...), nil, &out, &errOut)
	if code == 2 {
		t.Fatalf("authlint scan %v: usage error: %s", args, errOut.String())
	}
	return code
}

var scanCall = regexp.MustCompile(`(^|\s)authlint\s+scan\b`)

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// expressions replaces ${{ inputs.NAME }} with the given values.
func expressions(s string, inputs map[string]string) string {
	return regexp.MustCompile(`\$\{\{\s*inputs\.([\w-]+)\s*\}\}`).ReplaceAllStringFunc(s, func(m string) string {
		name := regexp.MustCompile(`inputs\.([\w-]+)`).FindStringSubmatch(m)[1]
		return inputs[name]
	})
}

type step struct {
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

// installs reports whether a step installs or builds authlint: the test
// binary stands in for it.
func installs(s step) bool {
	return strings.Contains(s.Run, "go install") || strings.Contains(s.Run, "go build")
}

func TestGitHubWorkflow(t *testing.T) {
	w := newWorkspace(t)
	var wf struct {
		Jobs map[string]struct {
			Env   map[string]string `yaml:"env"`
			Steps []step            `yaml:"steps"`
		} `yaml:"jobs"`
	}
	readYAML(t, filepath.Join(w.root, "examples", "ci", "github-actions.yml"), &wf)
	job, ok := wf.Jobs["authlint"]
	if !ok {
		t.Fatal("no authlint job")
	}
	scanned, uploaded := false, false
	for _, s := range job.Steps {
		switch {
		case s.Run != "" && !installs(s):
			code, out := w.run(t, s.Run, mergeEnv(job.Env, s.Env))
			if !scanCall.MatchString(s.Run) {
				if code != 0 {
					t.Errorf("step %q failed (%d):\n%s", s.Name, code, out)
				}
				continue
			}
			scanned = true
			want := expectedExit(t, w.dir, strings.Fields(job.Env["AUTHLINT_PATHS"])...)
			if code != want || code > 1 {
				t.Errorf("step %q exited %d, authlint decides %d (the recipe documents 0 or 1):\n%s", s.Name, code, want, out)
			}
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif"):
			uploaded = true
			if s.With["category"] == "" {
				t.Error("upload-sarif without a category")
			}
			validateSARIF(t, w.root, filepath.Join(w.dir, s.With["sarif_file"]))
		}
	}
	if !scanned || !uploaded {
		t.Fatalf("scan step found: %v, upload step found: %v", scanned, uploaded)
	}
	summary, err := os.ReadFile(w.env["GITHUB_STEP_SUMMARY"])
	if err != nil || !bytes.HasPrefix(summary, []byte("## authlint")) {
		t.Errorf("job summary not written (%v): %q", err, summary)
	}
}

// action is action.yml.
type action struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T, root string) action {
	t.Helper()
	var a action
	readYAML(t, filepath.Join(root, "action.yml"), &a)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", a.Runs.Using)
	}
	return a
}

// runAction runs the action's steps as a runner would, with the given inputs
// over the defaults (the test binary stands in for the installed authlint),
// checks the scan's exit code and outputs, and returns the inputs used.
func runAction(t *testing.T, w *workspace, with map[string]string) map[string]string {
	t.Helper()
	a := readAction(t, w.root)
	inputs := map[string]string{}
	for k, v := range a.Inputs {
		inputs[k] = v.Default
	}
	for k, v := range with {
		if _, ok := a.Inputs[k]; !ok {
			t.Fatalf("the action has no input %q", k)
		}
		inputs[k] = v
	}
	scanned := false
	for _, s := range a.Runs.Steps {
		if s.Run == "" || installs(s) {
			continue
		}
		stepEnv := env{"GITHUB_ACTION_PATH": w.root}
		for k, v := range s.Env {
			stepEnv[k] = expressions(v, inputs)
		}
		code, out := w.run(t, expressions(s.Run, inputs), stepEnv)
		if !scanCall.MatchString(s.Run) {
			if code != 0 {
				t.Errorf("step %q failed (%d):\n%s", s.Name, code, out)
			}
			continue
		}
		scanned = true
		args := strings.Fields(inputs["paths"])
		if inputs["config"] != "" {
			args = append(args, "--config", inputs["config"])
		}
		if inputs["fail-on"] != "" {
			args = append(args, "--fail-on", inputs["fail-on"])
		}
		want := expectedExit(t, w.dir, args...)
		if code != want || code > 1 {
			t.Errorf("scan step exited %d, authlint decides %d:\n%s", code, want, out)
		}
		outputs, err := os.ReadFile(w.env["GITHUB_OUTPUT"])
		if err != nil || !strings.Contains(string(outputs), "exit-code="+strconv.Itoa(code)) {
			t.Errorf("exit-code output missing (%v): %q", err, outputs)
		}
	}
	if !scanned {
		t.Fatal("no scan step")
	}
	if summary, err := os.ReadFile(w.env["GITHUB_STEP_SUMMARY"]); err != nil || !bytes.HasPrefix(summary, []byte("## authlint")) {
		t.Errorf("job summary not written (%v)", err)
	}
	return inputs
}

func TestCompositeAction(t *testing.T) {
	w := newWorkspace(t)
	// As in the usage comment: paths given, the rest left at the defaults.
	inputs := runAction(t, w, map[string]string{"paths": "examples/"})
	validateSARIF(t, w.root, filepath.Join(w.dir, inputs["sarif-file"]))
}

// TestCompositeActionInputs: formats, config and fail-on reach the scan.
func TestCompositeActionInputs(t *testing.T) {
	w := newWorkspace(t)
	cfg := filepath.Join(w.dir, "ci.authlint.yaml")
	if err := os.WriteFile(cfg, []byte("fail-on: never\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runAction(t, w, map[string]string{
		"paths":   "examples/",
		"formats": "junit=authlint.xml codequality=gl-code-quality.json",
		"config":  "ci.authlint.yaml",
	})
	checkJUnit(t, filepath.Join(w.dir, "authlint.xml"))
	checkCodeQuality(t, filepath.Join(w.dir, "gl-code-quality.json"))
	outputs, err := os.ReadFile(w.env["GITHUB_OUTPUT"])
	if err != nil || !strings.Contains(string(outputs), "exit-code=0") {
		t.Errorf("fail-on: never from the config file: exit code output %q (%v)", outputs, err)
	}
}

func TestGitLabJob(t *testing.T) {
	w := newWorkspace(t)
	var jobs map[string]struct {
		Variables map[string]string `yaml:"variables"`
		Script    []string          `yaml:"script"`
		Artifacts struct {
			When    string `yaml:"when"`
			Reports struct {
				JUnit string `yaml:"junit"`
			} `yaml:"reports"`
		} `yaml:"artifacts"`
	}
	readYAML(t, filepath.Join(w.root, "examples", "ci", "gitlab-ci.yml"), &jobs)
	job, ok := jobs["authlint"]
	if !ok {
		t.Fatal("no authlint job")
	}
	if job.Artifacts.When != "always" || job.Artifacts.Reports.JUnit == "" {
		t.Fatalf("the JUnit report must be kept whatever the exit code: %+v", job.Artifacts)
	}
	code, out := w.run(t, strings.Join(job.Script, "\n"), job.Variables)
	want := expectedExit(t, w.dir, strings.Fields(job.Variables["AUTHLINT_PATHS"])...)
	if code != want || code > 1 {
		t.Errorf("script exited %d, authlint decides %d:\n%s", code, want, out)
	}
	checkJUnit(t, filepath.Join(w.dir, job.Artifacts.Reports.JUnit))
}

func TestPreCommitHook(t *testing.T) {
	w := newWorkspace(t)
	var hooks []struct {
		ID            string   `yaml:"id"`
		Entry         string   `yaml:"entry"`
		Language      string   `yaml:"language"`
		Args          []string `yaml:"args"`
		PassFilenames *bool    `yaml:"pass_filenames"`
		Files         string   `yaml:"files"`
	}
	readYAML(t, filepath.Join(w.root, ".pre-commit-hooks.yaml"), &hooks)
	if len(hooks) != 1 || hooks[0].ID != "authlint" || hooks[0].Language != "golang" {
		t.Fatalf("hooks = %+v", hooks)
	}
	h := hooks[0]
	if h.PassFilenames == nil || *h.PassFilenames {
		t.Error("the hook must not pass file names: a named file that is not an API definition is an error")
	}
	if _, err := regexp.Compile(h.Files); err != nil {
		t.Errorf("files pattern: %v", err)
	}
	// pre-commit runs entry + args from the repository root.
	code, out := w.run(t, h.Entry+" "+strings.Join(h.Args, " "), nil)
	want := expectedExit(t, w.dir, h.Args...)
	if code != want || code > 1 {
		t.Errorf("hook exited %d, authlint decides %d:\n%s", code, want, out)
	}
}

func mergeEnv(ms ...map[string]string) env {
	out := env{}
	for _, m := range ms {
		maps.Copy(out, m)
	}
	return out
}

func validateSARIF(t *testing.T, root, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("SARIF file not written: %v", err)
	}
	schemaFile := filepath.Join(root, "reporters", "sarif", "testdata", "sarif-schema-2.1.0.json")
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not validate: %v", path, err)
	}
	var log struct {
		Runs []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 {
		t.Errorf("want one run (%v)", err)
	}
}

func checkCodeQuality(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("Code Quality report not written: %v", err)
	}
	var issues []struct {
		Description string `json:"description"`
		CheckName   string `json:"check_name"`
		Fingerprint string `json:"fingerprint"`
		Severity    string `json:"severity"`
		Location    struct {
			Path  string `json:"path"`
			Lines struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	if err := json.Unmarshal(data, &issues); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, is := range issues {
		if is.Description == "" || is.CheckName == "" || is.Fingerprint == "" || is.Severity == "" || is.Location.Path == "" || is.Location.Lines.Begin < 1 {
			t.Errorf("%s: incomplete issue %+v", path, is)
		}
	}
}

func checkJUnit(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("JUnit report not written: %v", err)
	}
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		Tests   int      `xml:"tests,attr"`
		Suites  []struct {
			Tests int        `xml:"tests,attr"`
			Cases []struct{} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	total := 0
	for _, s := range doc.Suites {
		if s.Tests != len(s.Cases) {
			t.Errorf("suite counts %d tests for %d cases", s.Tests, len(s.Cases))
		}
		total += s.Tests
	}
	if total != doc.Tests {
		t.Errorf("root counts %d tests for %d", doc.Tests, total)
	}
}

// TestConfigReference checks that the reference configuration is valid
// against the real catalogue.
func TestConfigReference(t *testing.T) {
	eng, err := engine.New(t.Context(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(repoRoot(t), "examples", "ci", "authlint-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := config.Resolve(cfg, config.Overrides{}, append(eng.Rules(), suppress.Rules()...))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Ignore) != 1 || s.Severity["AZ010"] != finding.Note || len(s.Exclude) != 2 {
		t.Errorf("settings = %+v", s)
	}
}
