package release

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

const module = "github.com/authlint/authlint"

// stampVars are the variables release builds set with -X.
var stampVars = []string{"version", "commit", "date"}

// root is the repository root (the folder holding go.mod).
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s", dir)
	}
	return dir
}

type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
	} `yaml:"builds"`
	Archives []struct {
		Formats         []string `yaml:"formats"`
		FormatOverrides []struct {
			Goos    string   `yaml:"goos"`
			Formats []string `yaml:"formats"`
		} `yaml:"format_overrides"`
		Files []string `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
	} `yaml:"checksum"`
}

func readGoreleaser(t *testing.T) goreleaserConfig {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg goreleaserConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	return cfg
}

// TestGoReleaserConfig checks what the release promises: archives for
// Linux, macOS and Windows on amd64 and arm64, zip on Windows, checksums,
// a static binary built from cmd/authlint, and the version, commit and date
// stamped into the variables `authlint version` prints.
func TestGoReleaserConfig(t *testing.T) {
	cfg := readGoreleaser(t)
	if cfg.Version != 2 {
		t.Errorf("version: %d, want 2 (GoReleaser v2)", cfg.Version)
	}
	if len(cfg.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(cfg.Builds))
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/authlint" || b.Binary != "authlint" {
		t.Errorf("main %q binary %q", b.Main, b.Binary)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") {
		t.Error("builds must set CGO_ENABLED=0 (static binaries, cross-compiled)")
	}
	slices.Sort(b.Goos)
	slices.Sort(b.Goarch)
	if !slices.Equal(b.Goos, []string{"darwin", "linux", "windows"}) || !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("targets %v × %v", b.Goos, b.Goarch)
	}
	ld := strings.Join(b.Ldflags, " ")
	for _, v := range stampVars {
		if !regexp.MustCompile(`-X ` + regexp.QuoteMeta(module+"/internal/cli."+v) + `=\{\{`).MatchString(ld) {
			t.Errorf("ldflags do not stamp internal/cli.%s: %s", v, ld)
		}
	}
	if len(cfg.Archives) != 1 || !slices.Contains(cfg.Archives[0].Formats, "tar.gz") {
		t.Fatalf("archives = %+v", cfg.Archives)
	}
	zip := false
	for _, o := range cfg.Archives[0].FormatOverrides {
		zip = zip || (o.Goos == "windows" && slices.Contains(o.Formats, "zip"))
	}
	if !zip {
		t.Error("Windows archives should be zip")
	}
	for _, f := range cfg.Archives[0].Files {
		if m, _ := filepath.Glob(filepath.Join(root(t), f)); len(m) == 0 {
			t.Errorf("archive file %s does not exist (GoReleaser fails on it)", f)
		}
	}
	if cfg.Checksum.NameTemplate == "" {
		t.Error("no checksums file")
	}
}

// TestTargetsResolve lists the packages of cmd/authlint for each release
// target, as GoReleaser builds them (CGO off): a dependency without files
// for a platform, or a build constraint that leaves a symbol undefined on
// one, shows up here without compiling six times. TestStampedBuild and
// AUTHLINT_CROSS_BUILD=1 compile.
func TestTargetsResolve(t *testing.T) {
	cfg := readGoreleaser(t)
	b := cfg.Builds[0]
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			t.Run(goos+"/"+goarch, func(t *testing.T) {
				env := []string{"CGO_ENABLED=0", "GOOS=" + goos, "GOARCH=" + goarch}
				out := goCmd(t, env, "list", "-e", "-deps", "-f", "{{.ImportPath}}{{if .Error}} ERROR {{.Error}}{{end}}", b.Main)
				if strings.Contains(out, " ERROR ") {
					t.Fatalf("packages do not resolve:\n%s", out)
				}
				if !strings.Contains(out, module+"/cmd/authlint\n") {
					t.Fatalf("cmd/authlint not listed:\n%s", out)
				}
				if os.Getenv("AUTHLINT_CROSS_BUILD") == "1" {
					goCmd(t, env, "build", "-trimpath", "-o", os.DevNull, b.Main)
				}
			})
		}
	}
}

// TestStampedBuild builds authlint with the release ldflags (templates filled
// in as GoReleaser would) and checks that `authlint version` prints them.
// It leaves out -trimpath and CGO_ENABLED=0, which change every package's
// compilation: with -ldflags alone only the link differs from the test
// build, so the packages come from the build cache.
func TestStampedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	cfg := readGoreleaser(t)
	b := cfg.Builds[0]
	values := map[string]string{
		"{{ .Version }}":    "1.2.3",
		"{{ .FullCommit }}": "0123456789abcdef0123456789abcdef01234567",
		"{{ .CommitDate }}": "2026-01-02T03:04:05Z",
	}
	ld := strings.Join(b.Ldflags, " ")
	for k, v := range values {
		ld = strings.ReplaceAll(ld, k, v)
	}
	if strings.Contains(ld, "{{") {
		t.Fatalf("ldflags use a template this test does not fill in: %s", ld)
	}
	bin := filepath.Join(t.TempDir(), "authlint")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	goCmd(t, nil, "build", "-ldflags", ld, "-o", bin, b.Main)
	out, err := exec.CommandContext(t.Context(), bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("authlint version: %v\n%s", err, out)
	}
	for _, want := range []string{"authlint 1.2.3\n", "commit: 0123456789ab\n", "date: 2026-01-02T03:04:05Z\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("authlint version prints\n%s\nwant %q", out, want)
		}
	}
}

// goCmd runs the go command in the repository root and returns its output.
func goCmd(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", args...)
	cmd.Dir = root(t)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := errors.AsType[*exec.ExitError](err); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return string(out)
}

// goPackage is what `go list -json` says of a package of the module.
type goPackage struct {
	Dir        string
	Module     *struct{ Path string }
	GoFiles    []string
	EmbedFiles []string
}

// buildFiles lists, relative to the root, every file `go build ./cmd/authlint`
// reads from the repository for linux (the image's platform).
func buildFiles(t *testing.T) []string {
	t.Helper()
	r := root(t)
	out := goCmd(t, []string{"CGO_ENABLED=0", "GOOS=linux"}, "list", "-deps", "-json", "./cmd/authlint")
	dec := json.NewDecoder(strings.NewReader(out))
	files := []string{"go.mod", "go.sum"}
	for dec.More() {
		var p goPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if p.Module == nil || p.Module.Path != module {
			continue
		}
		for _, f := range append(p.GoFiles, p.EmbedFiles...) {
			rel, err := filepath.Rel(r, filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, filepath.ToSlash(rel))
		}
	}
	return files
}
