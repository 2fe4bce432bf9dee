package release

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction with its continuation lines joined.
type instruction struct {
	cmd  string // upper case: FROM, COPY, RUN, …
	args string
	line int
}

func readDockerfile(t *testing.T) []instruction {
	t.Helper()
	f, err := os.Open(filepath.Join(root(t), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out  []instruction
		cur  strings.Builder
		from int
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() == 0 {
			from = n
		}
		if body, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: from})
		cur.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dockerignore is a .dockerignore: patterns matched against slash paths
// relative to the context, the last matching pattern deciding ("!" re-includes),
// a pattern excluding a folder excluding everything in it.
type dockerignore []struct {
	re      *regexp.Regexp
	include bool
}

func readDockerignore(t *testing.T) dockerignore {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var d dockerignore
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		include := strings.HasPrefix(line, "!")
		line = strings.TrimPrefix(strings.TrimPrefix(line, "!"), "/")
		line = filepath.ToSlash(filepath.Clean(line))
		var re strings.Builder
		re.WriteString("^")
		for i := 0; i < len(line); i++ {
			switch {
			case strings.HasPrefix(line[i:], "**/"):
				re.WriteString("(.*/)?")
				i += 2
			case strings.HasPrefix(line[i:], "**"):
				re.WriteString(".*")
				i++
			case line[i] == '*':
				re.WriteString("[^/]*")
			case line[i] == '?':
				re.WriteString("[^/]")
			default:
				re.WriteString(regexp.QuoteMeta(line[i : i+1]))
			}
		}
		re.WriteString("$")
		d = append(d, struct {
			re      *regexp.Regexp
			include bool
		}{regexp.MustCompile(re.String()), include})
	}
	return d
}

// excluded reports whether a path (or a folder holding it) is left out of the
// build context.
func (d dockerignore) excluded(path string) bool {
	out := false
	for _, p := range d {
		// The path itself, or any of its parent folders.
		for sub := path; ; {
			if p.re.MatchString(sub) {
				out = !p.include
				break
			}
			i := strings.LastIndex(sub, "/")
			if i < 0 {
				break
			}
			sub = sub[:i]
		}
	}
	return out
}

func TestDockerignoreMatcher(t *testing.T) {
	d := dockerignore{}
	for _, p := range []struct {
		pat     string
		include bool
	}{{`^docs$`, false}, {`^(.*/)?testdata$`, false}, {`^(.*/)?[^/]*_test\.go$`, false}, {`^docs/keep\.md$`, true}} {
		d = append(d, struct {
			re      *regexp.Regexp
			include bool
		}{regexp.MustCompile(p.pat), p.include})
	}
	tests := map[string]bool{
		"docs/a.md":               true,
		"docs/keep.md":            false,
		"loader/testdata/x.yaml":  true,
		"loader/walk.go":          false,
		"loader/walk_test.go":     true,
		"policies/rules/a.rego":   false,
		"documentation/README.md": false,
	}
	for path, want := range tests {
		if got := d.excluded(path); got != want {
			t.Errorf("excluded(%s) = %v, want %v", path, got, want)
		}
	}
	real := readDockerignore(t)
	for path, want := range map[string]bool{".git/HEAD": true, "internal/cli/cli_test.go": true, "policies/testdata/corpus.golden": true, "cmd/authlint/main.go": false} {
		if got := real.excluded(path); got != want {
			t.Errorf(".dockerignore: excluded(%s) = %v, want %v", path, got, want)
		}
	}
}

// TestDockerfile checks the image and its build context without a Docker
// daemon: a multi-stage build whose last stage is distroless or scratch, runs
// as a non-root user with ENTRYPOINT ["authlint"] on the PATH, stamps the
// version like the release config, and copies every file `go build` needs —
// none of them excluded by .dockerignore.
func TestDockerfile(t *testing.T) {
	ins := readDockerfile(t)
	ignore := readDockerignore(t)
	var stages []string // base image of each stage
	var last []instruction
	for _, in := range ins {
		if in.cmd == "FROM" {
			stages = append(stages, strings.Fields(in.args)[0])
			last = nil
		}
		last = append(last, in)
	}
	if len(stages) < 2 {
		t.Fatalf("stages %v: want a build stage and a runtime stage", stages)
	}
	final := stages[len(stages)-1]
	if !strings.HasPrefix(final, "gcr.io/distroless/static") && final != "scratch" {
		t.Errorf("runtime base %s: want distroless static or scratch", final)
	}
	var user, entry string
	binary := ""
	for _, in := range last {
		switch in.cmd {
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entry = in.args
		case "COPY":
			f := strings.Fields(in.args)
			if strings.HasPrefix(f[0], "--from=") {
				binary = f[len(f)-1]
			}
		}
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "0" || u == "root" {
		t.Errorf("USER %q: the image must run as non-root", user)
	}
	var ep []string
	if err := json.Unmarshal([]byte(entry), &ep); err != nil || len(ep) != 1 || ep[0] != "authlint" {
		t.Errorf(`ENTRYPOINT %s: want ["authlint"] (exec form)`, entry)
	}
	if binary != "/usr/local/bin/authlint" {
		t.Errorf("the binary is copied to %q; ENTRYPOINT finds it on the PATH at /usr/local/bin/authlint", binary)
	}

	// The build stage: its COPY sources exist and are in the context, and
	// together they hold every file the build reads.
	var sources []string
	build := ""
	for _, in := range ins[:len(ins)-len(last)] {
		switch in.cmd {
		case "COPY":
			f := strings.Fields(in.args)
			for _, src := range f[:len(f)-1] {
				if strings.HasPrefix(src, "--") {
					continue
				}
				src = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(src)), "/")
				if _, err := os.Stat(filepath.Join(root(t), src)); err != nil {
					t.Errorf("line %d: COPY %s: %v", in.line, src, err)
				}
				if ignore.excluded(src) {
					t.Errorf("line %d: COPY %s, which .dockerignore excludes", in.line, src)
				}
				sources = append(sources, src)
			}
		case "RUN":
			if strings.Contains(in.args, "go build") {
				build = in.args
			}
		}
	}
	for _, v := range stampVars {
		if !strings.Contains(build, "-X "+module+"/internal/cli."+v+"=") {
			t.Errorf("the image's go build does not stamp internal/cli.%s: %s", v, build)
		}
	}
	if !strings.Contains(build, "CGO_ENABLED=0") || !strings.Contains(build, "./cmd/authlint") {
		t.Errorf("the image must build a static ./cmd/authlint: %s", build)
	}
	for _, f := range buildFiles(t) {
		if ignore.excluded(f) {
			t.Errorf("%s is needed by the build but excluded by .dockerignore", f)
		}
		copied := false
		for _, s := range sources {
			copied = copied || s == "." || f == s || strings.HasPrefix(f, s+"/")
		}
		if !copied {
			t.Errorf("%s is needed by the build but no COPY brings it in", f)
		}
	}
}
