package ci

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// snippet returns the code block that follows <!-- ci:NAME --> in the README.
func snippet(t *testing.T, root, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	marker := "<!-- ci:" + name + " -->"
	_, after, ok := strings.Cut(string(data), marker)
	if !ok {
		t.Fatalf("README.md has no %s", marker)
	}
	m := regexp.MustCompile("(?s)^\\s*```yaml\\n(.*?)\\n```").FindStringSubmatch(after)
	if m == nil {
		t.Fatalf("README.md: no yaml block after %s", marker)
	}
	return m[1]
}

func parseSnippet(t *testing.T, src string, v any) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(src), v); err != nil {
		t.Fatalf("README snippet: %v\n%s", err, src)
	}
}

// TestREADMEGitHubActions runs the README's workflow: the action with the
// snippet's inputs, then the upload step reads the SARIF file it wrote.
func TestREADMEGitHubActions(t *testing.T) {
	w := newWorkspace(t)
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	parseSnippet(t, snippet(t, w.root, "github"), &wf)
	if wf.Permissions["security-events"] != "write" || wf.Permissions["contents"] != "read" {
		t.Errorf("permissions %v: upload-sarif needs security-events: write", wf.Permissions)
	}
	if len(wf.Jobs) != 1 {
		t.Fatalf("%d jobs", len(wf.Jobs))
	}
	var inputs map[string]string
	used, checkout, uploaded := false, false, false
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			switch {
			case strings.HasPrefix(s.Uses, "actions/checkout@"):
				checkout = true
			case strings.HasPrefix(s.Uses, "authlint/authlint@"):
				used = true
				inputs = runAction(t, w, s.With)
			case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
				uploaded = true
				if !used {
					t.Fatal("upload-sarif runs before authlint")
				}
				if s.If != "always()" || s.With["category"] == "" {
					t.Errorf("upload step: if %q, category %q", s.If, s.With["category"])
				}
				if s.With["sarif_file"] != inputs["sarif-file"] {
					t.Errorf("upload reads %q, the action writes %q", s.With["sarif_file"], inputs["sarif-file"])
				}
				validateSARIF(t, w.root, filepath.Join(w.dir, s.With["sarif_file"]))
			default:
				t.Errorf("unexpected step %+v", s)
			}
		}
	}
	if !checkout || !used || !uploaded {
		t.Errorf("checkout %v, authlint %v, upload %v", checkout, used, uploaded)
	}
}

// TestREADMEGitLab runs the README's GitLab job script (the go install line
// is what the test binary stands in for) and checks both reports.
func TestREADMEGitLab(t *testing.T) {
	w := newWorkspace(t)
	var jobs map[string]struct {
		Image     string   `yaml:"image"`
		Script    []string `yaml:"script"`
		Artifacts struct {
			When    string            `yaml:"when"`
			Reports map[string]string `yaml:"reports"`
		} `yaml:"artifacts"`
	}
	parseSnippet(t, snippet(t, w.root, "gitlab"), &jobs)
	job, ok := jobs["authlint"]
	if !ok {
		t.Fatal("no authlint job")
	}
	if job.Artifacts.When != "always" || job.Artifacts.Reports["junit"] == "" || job.Artifacts.Reports["codequality"] == "" {
		t.Fatalf("reports must be kept whatever the exit code: %+v", job.Artifacts)
	}
	var script []string
	var scanArgs []string
	for _, line := range job.Script {
		if strings.HasPrefix(line, "go install ") {
			continue
		}
		script = append(script, line)
		if f := strings.Fields(line); len(f) > 2 && f[0] == "authlint" && f[1] == "scan" {
			for _, a := range f[2:] {
				if strings.HasPrefix(a, "-") {
					break
				}
				scanArgs = append(scanArgs, a)
			}
		}
	}
	code, out := w.run(t, strings.Join(script, "\n"), nil)
	want := expectedExit(t, w.dir, scanArgs...)
	if code != want || code > 1 {
		t.Errorf("script exited %d, authlint decides %d:\n%s", code, want, out)
	}
	checkJUnit(t, filepath.Join(w.dir, job.Artifacts.Reports["junit"]))
	checkCodeQuality(t, filepath.Join(w.dir, job.Artifacts.Reports["codequality"]))
}

// TestREADMEPreCommit checks the README's pre-commit configuration against
// the hook the repository defines, and runs the hook.
func TestREADMEPreCommit(t *testing.T) {
	w := newWorkspace(t)
	var cfg struct {
		Repos []struct {
			Repo  string `yaml:"repo"`
			Rev   string `yaml:"rev"`
			Hooks []struct {
				ID string `yaml:"id"`
			} `yaml:"hooks"`
		} `yaml:"repos"`
	}
	parseSnippet(t, snippet(t, w.root, "pre-commit"), &cfg)
	if len(cfg.Repos) != 1 || cfg.Repos[0].Repo != "https://github.com/authlint/authlint" || len(cfg.Repos[0].Hooks) != 1 {
		t.Fatalf("config = %+v", cfg)
	}
	var hooks []struct {
		ID    string   `yaml:"id"`
		Entry string   `yaml:"entry"`
		Args  []string `yaml:"args"`
	}
	readYAML(t, filepath.Join(w.root, ".pre-commit-hooks.yaml"), &hooks)
	if len(hooks) != 1 || hooks[0].ID != cfg.Repos[0].Hooks[0].ID {
		t.Fatalf("the README uses hook %q; the repository defines %+v", cfg.Repos[0].Hooks[0].ID, hooks)
	}
	code, out := w.run(t, hooks[0].Entry+" "+strings.Join(hooks[0].Args, " "), nil)
	want := expectedExit(t, w.dir, hooks[0].Args...)
	if code != want || code > 1 {
		t.Errorf("hook exited %d, authlint decides %d:\n%s", code, want, out)
	}
}

// TestOneVersion: every place that names a release names the same one.
func TestOneVersion(t *testing.T) {
	root := repoRoot(t)
	patterns := []*regexp.Regexp{
		regexp.MustCompile("authlint/authlint@(v[0-9][^\\s\"`]*)"),
		regexp.MustCompile("cmd/authlint@(v[0-9][^\\s\"`]*)"),
		regexp.MustCompile("rev: (v[0-9][^\\s\"`]*)"),
		regexp.MustCompile("ghcr\\.io/authlint/authlint:(v[0-9][^\\s\"`]*)"),
		regexp.MustCompile("VERSION=(v[0-9][^\\s\"`]*)"),
	}
	versions := map[string][]string{}
	for _, f := range []string{"README.md", "action.yml", ".pre-commit-hooks.yaml", "examples/ci/README.md"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(data), -1) {
				versions[m[1]] = append(versions[m[1]], f+": "+m[0])
			}
		}
	}
	if len(versions) != 1 {
		t.Errorf("releases named: %v", versions)
	}
}

// TestActionResolve: a release tag installs that release; any other ref
// builds from source, with a cache key of the sources.
func TestActionResolve(t *testing.T) {
	w := newWorkspace(t)
	a := readAction(t, w.root)
	var resolve step
	for _, s := range a.Runs.Steps {
		if s.Name == "Resolve the authlint version" {
			resolve = s
		}
	}
	if resolve.Run == "" {
		t.Fatal("no resolve step")
	}
	tests := []struct {
		input, ref, want string
	}{
		{"", "v1.2.3", "mode=release\nversion=v1.2.3"},
		{"v2.0.0-rc.1", "main", "mode=release\nversion=v2.0.0-rc.1"},
		{"", "main", "mode=source\nkey="},
		{"", "0123456789abcdef0123456789abcdef01234567", "mode=source\nkey="},
	}
	for _, tt := range tests {
		if err := os.WriteFile(w.env["GITHUB_OUTPUT"], nil, 0o600); err != nil {
			t.Fatal(err)
		}
		code, out := w.run(t, resolve.Run, env{"INPUT_VERSION": tt.input, "ACTION_REF": tt.ref, "GITHUB_ACTION_PATH": w.root})
		got, _ := os.ReadFile(w.env["GITHUB_OUTPUT"])
		if code != 0 || !strings.Contains(string(got), tt.want) {
			t.Errorf("version %q at %q: exit %d, outputs %q, want %q\n%s", tt.input, tt.ref, code, got, tt.want, out)
		}
		if strings.HasPrefix(tt.want, "mode=source") && !regexp.MustCompile(`key=[0-9a-f]{32}\n`).Match(got) {
			t.Errorf("cache key missing: %q", got)
		}
	}
}

// TestActionInstallsRelease runs the install step against a fake release
// download (curl replaced by a copy from a folder): the archive name follows
// .goreleaser.yaml, the checksum is verified, and a tampered archive fails.
func TestActionInstallsRelease(t *testing.T) {
	for _, tool := range []string{"tar", "sha256sum", "grep"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not available", tool)
		}
	}
	w := newWorkspace(t)
	a := readAction(t, w.root)
	var install step
	for _, s := range a.Runs.Steps {
		if s.Name == "Install authlint" {
			install = s
		}
	}
	if !strings.Contains(install.Run, "checksums.txt") {
		t.Fatal("no install step that verifies checksums")
	}
	var gr struct {
		ProjectName string `yaml:"project_name"`
		Archives    []struct {
			NameTemplate string `yaml:"name_template"`
		} `yaml:"archives"`
	}
	readYAML(t, filepath.Join(w.root, ".goreleaser.yaml"), &gr)
	name := strings.NewReplacer("{{ .ProjectName }}", gr.ProjectName, "{{ .Version }}", "1.2.3", "{{ .Os }}", "linux", "{{ .Arch }}", "arm64").
		Replace(gr.Archives[0].NameTemplate) + ".tar.gz"

	for _, tampered := range []bool{false, true} {
		t.Run(fmt.Sprintf("tampered=%v", tampered), func(t *testing.T) {
			release, bin, fake := t.TempDir(), filepath.Join(t.TempDir(), "bin"), t.TempDir()
			stage := t.TempDir()
			if err := os.WriteFile(filepath.Join(stage, "authlint"), []byte("#!/bin/sh\necho authlint v1.2.3\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.CommandContext(t.Context(), "tar", "-czf", filepath.Join(release, name), "-C", stage, "authlint").CombinedOutput(); err != nil {
				t.Fatalf("tar: %v\n%s", err, out)
			}
			data, err := os.ReadFile(filepath.Join(release, name))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			if tampered {
				sum[0] ^= 0xff
			}
			sums := hex.EncodeToString(sum[:]) + "  " + name + "\n0000  other.zip\n"
			if err := os.WriteFile(filepath.Join(release, "checksums.txt"), []byte(sums), 0o600); err != nil {
				t.Fatal(err)
			}
			// curl -fsSL --retry 3 -o FILE URL: copy the URL's last element
			// from the release folder, as a download of
			// https://github.com/authlint/authlint/releases/download/v1.2.3/.
			curl := "#!/usr/bin/env bash\nout=\nwhile (($#)); do case $1 in -o) out=$2; shift 2 ;; --retry) shift 2 ;; -*) shift ;; *) url=$1; shift ;; esac; done\n" +
				"[[ $url == https://github.com/authlint/authlint/releases/download/v1.2.3/* ]] || exit 22\n" +
				"cp \"" + release + "/${url##*/}\" \"$out\" 2>/dev/null || exit 22\n"
			if err := os.WriteFile(filepath.Join(fake, "curl"), []byte(curl), 0o755); err != nil {
				t.Fatal(err)
			}
			code, out := w.run(t, install.Run, env{
				"MODE": "release", "VERSION": "v1.2.3", "BIN": bin, "REPOSITORY": "authlint/authlint",
				"RUNNER_OS": "Linux", "RUNNER_ARCH": "ARM64", "PATH": fake + string(os.PathListSeparator) + os.Getenv("PATH"),
			})
			_, statErr := os.Stat(filepath.Join(bin, "authlint"))
			if tampered {
				if code == 0 || statErr == nil {
					t.Errorf("a tampered archive was installed (exit %d):\n%s", code, out)
				}
				return
			}
			if code != 0 || statErr != nil {
				t.Fatalf("install exited %d (%v):\n%s", code, statErr, out)
			}
			path, _ := os.ReadFile(w.env["GITHUB_PATH"])
			if !strings.Contains(string(path), bin) {
				t.Errorf("GITHUB_PATH %q does not add %s", path, bin)
			}
		})
	}
}

// TestActionBuildsFromSource runs the install step for a branch or commit
// with a stand-in for the runner's go command: the build happens in the
// action's folder, with GOTOOLCHAIN=auto for that command only, and nothing
// the job's later steps see changes but PATH gaining authlint (no
// actions/setup-go, no GITHUB_ENV). A cached build is not rebuilt.
func TestActionBuildsFromSource(t *testing.T) {
	w := newWorkspace(t)
	a := readAction(t, w.root)
	var install step
	for _, s := range a.Runs.Steps {
		if strings.HasPrefix(s.Uses, "actions/setup-go") {
			t.Errorf("step %q changes the job's Go", s.Name)
		}
		if strings.Contains(s.Run, "GITHUB_ENV") {
			t.Errorf("step %q changes the job's environment", s.Name)
		}
		if s.Name == "Install authlint" {
			install = s
		}
	}
	for _, cached := range []string{"", "true"} {
		t.Run("cached="+cached, func(t *testing.T) {
			fake, bin := t.TempDir(), filepath.Join(t.TempDir(), "bin")
			log := filepath.Join(fake, "go.log")
			goScript := "#!/usr/bin/env bash\necho \"GOTOOLCHAIN=$GOTOOLCHAIN CGO_ENABLED=$CGO_ENABLED $*\" >> \"" + log + "\"\n" +
				"while (($#)); do [[ $1 == -o ]] && { touch \"$2\"; chmod +x \"$2\"; }; shift; done\n"
			if err := os.WriteFile(filepath.Join(fake, "go"), []byte(goScript), 0o755); err != nil {
				t.Fatal(err)
			}
			code, out := w.run(t, install.Run, env{
				"MODE": "source", "BIN": bin, "CACHED": cached, "RUNNER_OS": "Linux", "GITHUB_ACTION_PATH": w.root,
				"PATH": fake + string(os.PathListSeparator) + os.Getenv("PATH"),
			})
			if code != 0 {
				t.Fatalf("install exited %d:\n%s", code, out)
			}
			got, _ := os.ReadFile(log)
			if cached == "true" {
				if len(got) != 0 {
					t.Errorf("a cached build was rebuilt: %s", got)
				}
				return
			}
			want := "GOTOOLCHAIN=auto CGO_ENABLED=0 build -C " + w.root + " -trimpath -o " + filepath.Join(bin, "authlint") + " ./cmd/authlint\n"
			if string(got) != want {
				t.Errorf("go ran as\n%s\nwant\n%s", got, want)
			}
			path, _ := os.ReadFile(w.env["GITHUB_PATH"])
			if !strings.Contains(string(path), bin) {
				t.Errorf("GITHUB_PATH %q does not add %s", path, bin)
			}
		})
	}
}
