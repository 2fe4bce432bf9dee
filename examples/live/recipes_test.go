package live

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/cli"
	"github.com/authlint/authlint/loader/live"
)

// liveFlags are the flags a live scan recipe may use, with whether they take
// a value.
var liveFlags = map[string]bool{
	"--live": false, "--all-regions": false,
	"--region": true, "--role-arn": true, "--external-id": true, "--shard": true, "--api-id": true,
	"--profile": true, "--endpoint-url": true, "--fail-on": true, "--format": true,
}

var roleARN = regexp.MustCompile(`^arn:aws[\w-]*:iam::\d{12}:role/[\w+=,.@/-]+$`)

// invocation is one authlint command line of a recipe.
type invocation struct {
	where string
	args  []string
	// shards is the number of shards the recipe runs for this command.
	shards int
}

func docs(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var out []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, d)
	}
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func strList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, s := range l {
		str, _ := s.(string)
		out = append(out, str)
	}
	return out
}

// kubernetes reads the authlint containers of the manifests.
func kubernetes(t *testing.T) []invocation {
	t.Helper()
	var out []invocation
	files, _ := filepath.Glob(filepath.Join("kubernetes", "*.yaml"))
	if len(files) != 2 {
		t.Fatalf("kubernetes recipes: %v", files)
	}
	for _, path := range files {
		var accounts []string
		for _, d := range docs(t, path) {
			if d["kind"] == "ServiceAccount" {
				accounts = append(accounts, get(d, "metadata", "name").(string))
				if arn, _ := get(d, "metadata", "annotations", "eks.amazonaws.com/role-arn").(string); !roleARN.MatchString(arn) {
					t.Errorf("%s: service account without an IRSA role annotation", path)
				}
			}
			if d["kind"] != "CronJob" {
				continue
			}
			job := get(d, "spec", "jobTemplate", "spec").(map[string]any)
			pod := get(job, "template", "spec").(map[string]any)
			if pod["restartPolicy"] != "Never" {
				t.Errorf("%s: restartPolicy %v: a scan is not a service to restart", path, pod["restartPolicy"])
			}
			shards := 1
			if job["completionMode"] == "Indexed" {
				c, _ := job["completions"].(int)
				p, _ := job["parallelism"].(int)
				if c < 2 || c != p {
					t.Errorf("%s: indexed job with %d completions and parallelism %d", path, c, p)
				}
				shards = c
			}
			if sa, _ := pod["serviceAccountName"].(string); sa != "" && !slices.Contains(accounts, sa) && !strings.Contains(sa, "scanner") {
				t.Errorf("%s: service account %s is not defined", path, sa)
			}
			for _, c := range pod["containers"].([]any) {
				if img, _ := get(c, "image").(string); strings.Contains(img, "authlint") {
					// The image the release workflow publishes from the Dockerfile.
					if !strings.HasPrefix(img, "ghcr.io/authlint/authlint:") {
						t.Errorf("%s: image %s is not the release image ghcr.io/authlint/authlint", path, img)
					}
					out = append(out, invocation{where: path, args: strList(get(c, "args")), shards: shards})
				}
			}
		}
	}
	return out
}

// github reads the authlint command lines of the workflow's run steps.
func github(t *testing.T) []invocation {
	t.Helper()
	path := filepath.Join("github", "live-scan.yml")
	d := docs(t, path)[0]
	if get(d, "on", "schedule") == nil {
		t.Errorf("%s: not scheduled", path)
	}
	shardsEnv, _ := get(d, "env", "SHARDS").(int)
	var out []invocation
	jobs := get(d, "jobs").(map[string]any)
	for name, job := range jobs {
		matrix := strList(get(job, "strategy", "matrix", "shard"))
		if name == "scan" {
			if get(job, "permissions", "id-token") != "write" {
				t.Errorf("%s: the scan job needs id-token: write for OIDC", path)
			}
			if len(get(job, "strategy", "matrix", "shard").([]any)) != shardsEnv {
				t.Errorf("%s: %d matrix shards, SHARDS=%d", path, len(matrix), shardsEnv)
			}
		}
		for _, step := range get(job, "steps").([]any) {
			run, _ := get(step, "run").(string)
			run = strings.ReplaceAll(run, "\\\n", " ")
			for line := range strings.Lines(run) {
				line = strings.TrimSpace(line)
				if !strings.HasPrefix(line, "authlint ") {
					continue
				}
				line, _, _ = strings.Cut(line, "||")
				args := shellWords(expand(line, shardsEnv))[1:]
				out = append(out, invocation{where: path + " job " + name, args: args, shards: shardsEnv})
			}
		}
	}
	return out
}

// shellWords splits a simple command line, dropping the quotes.
func shellWords(s string) []string {
	var out []string
	for f := range strings.FieldsSeq(s) {
		out = append(out, strings.Trim(f, `"'`))
	}
	return out
}

// expand substitutes the variables recipes use, as the runner would for the
// first shard.
func expand(s string, shards int) string {
	r := strings.NewReplacer(
		"$(JOB_COMPLETION_INDEX)", "0", "${{ matrix.shard }}", "0", "${SHARDS}", strconv.Itoa(shards),
		"$(JOB_NAME)", "run", "${roles[@]}", "--role-arn arn:aws:iam::111111111111:role/authlint-scan",
		"$EXTERNAL_ID", "x")
	return r.Replace(s)
}

func TestRecipes(t *testing.T) {
	invs := append(kubernetes(t), github(t)...)
	var scans, merges int
	for _, inv := range invs {
		var args []string
		for _, a := range inv.args {
			args = append(args, strings.Fields(expand(a, inv.shards))...)
		}
		if len(args) == 0 {
			t.Errorf("%s: empty command", inv.where)
			continue
		}
		parseWithCLI(t, inv.where, args)
		switch args[0] {
		case "merge":
			merges++
			continue
		case "scan":
			scans++
		default:
			t.Errorf("%s: authlint %s", inv.where, args[0])
			continue
		}
		if !slices.Contains(args, "--live") {
			t.Errorf("%s: a live recipe without --live", inv.where)
		}
		sawShard := false
		for i := 1; i < len(args); i++ {
			flag := args[i]
			takes, ok := liveFlags[flag]
			if !ok {
				t.Errorf("%s: unknown flag %s", inv.where, flag)
				continue
			}
			if !takes {
				continue
			}
			if i+1 >= len(args) {
				t.Errorf("%s: %s without a value", inv.where, flag)
				break
			}
			i++
			v := args[i]
			switch flag {
			case "--shard":
				sawShard = true
				sh, err := live.ParseShard(v)
				if err != nil || sh.Count != inv.shards {
					t.Errorf("%s: --shard %s (%v) but %d shards run", inv.where, v, err, inv.shards)
				}
			case "--role-arn":
				if !roleARN.MatchString(v) {
					t.Errorf("%s: --role-arn %s", inv.where, v)
				}
			case "--fail-on":
				if inv.shards > 1 && v != "never" {
					t.Errorf("%s: shards should not fail on findings (the merge decides)", inv.where)
				}
			}
		}
		if inv.shards > 1 && !sawShard {
			t.Errorf("%s: %d shards run without --shard", inv.where, inv.shards)
		}
	}
	if scans != 3 || merges != 2 {
		t.Errorf("found %d scan and %d merge command lines, want 3 and 2", scans, merges)
	}
	checkAgainstCLI(t)
}

// checkAgainstCLI checks the live scanning flag list with the command line's
// own help.
func checkAgainstCLI(t *testing.T) {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := cli.Main(context.Background(), []string{"scan", "--help"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), "--live") {
		t.Fatalf("authlint scan --help exits %d without --live:\n%s%s", code, out.String(), errOut.String())
	}
	for flag := range liveFlags {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("authlint scan --help does not list %s", flag)
		}
	}
	out.Reset()
	if code := cli.Main(context.Background(), []string{"merge", "--help"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Errorf("authlint merge --help exits %d: %s", code, errOut.String())
	}
}

func TestIAMDocuments(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("iam", "*.json"))
	files = append(files, filepath.Join("..", "..", "docs", "iam-policy.json"))
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Version   string
			Statement []map[string]any
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if doc.Version != "2012-10-17" || len(doc.Statement) == 0 {
			t.Errorf("%s: version %q, %d statements", path, doc.Version, len(doc.Statement))
		}
		for _, s := range doc.Statement {
			if s["Effect"] != "Allow" || s["Action"] == nil {
				t.Errorf("%s: statement %v", path, s)
			}
		}
	}
}

// parseWithCLI parses a recipe's command line with the real commands, without
// running them: every flag and value must be accepted, a scan must be a live
// scan of no paths whose flags pass the command's own checks, and a merge must
// name its reports.
func parseWithCLI(t *testing.T, where string, args []string) {
	t.Helper()
	streams := &cli.IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	var cmd interface {
		SetArgs([]string)
		Execute() error
	}
	ran := false
	switch args[0] {
	case "scan":
		c := cli.NewCmdScan(streams, func(_ context.Context, o *cli.ScanOptions) error {
			ran = true
			if !o.Live.Live || len(o.Paths) > 0 {
				return fmt.Errorf("a live scan of no paths, got --live=%t and paths %v", o.Live.Live, o.Paths)
			}
			return nil
		})
		c.SetOut(&bytes.Buffer{})
		c.SetErr(&bytes.Buffer{})
		cmd = c
	case "merge":
		c := cli.NewCmdMerge(streams, func(_ context.Context, o *cli.MergeOptions) error {
			ran = true
			if len(o.Paths) == 0 {
				return errors.New("no report to merge")
			}
			return nil
		})
		c.SetOut(&bytes.Buffer{})
		c.SetErr(&bytes.Buffer{})
		cmd = c
	default:
		return
	}
	cmd.SetArgs(args[1:])
	if err := cmd.Execute(); err != nil || !ran {
		t.Errorf("%s: authlint %s: %v", where, strings.Join(args, " "), err)
	}
}
