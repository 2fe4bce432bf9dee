package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	jsonreport "github.com/authlint/authlint/reporters/json"
)

func writeReport(t *testing.T, path string, r *finding.Report) {
	t.Helper()
	r.Tool = finding.Tool{Name: "authlint", Version: "test"}
	r.Normalize()
	var buf bytes.Buffer
	if err := jsonreport.New().Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func liveFinding(rule, source, ref string, sev finding.Severity) finding.Finding {
	return finding.Finding{
		RuleID: rule, Slug: strings.ToLower(rule), Severity: sev, Message: rule + " on " + ref, Source: source,
		Resource:    finding.Resource{Kind: "stage", Ref: ref, APIID: "a1b2c3d4e5", Stage: "prod"},
		Fingerprint: finding.Fingerprint(rule, source, ref, ""),
	}
}

func TestReadReports(t *testing.T) {
	dir := t.TempDir()
	shards := filepath.Join(dir, "shards")
	if err := os.Mkdir(shards, 0o755); err != nil {
		t.Fatal(err)
	}
	writeReport(t, filepath.Join(shards, "b.json"), &finding.Report{Findings: []finding.Finding{liveFinding("DP003", "live:1/us-east-1", "x/stage/prod", finding.Error)}})
	writeReport(t, filepath.Join(shards, "a.json"), &finding.Report{})
	if err := os.WriteFile(filepath.Join(shards, "notes.txt"), []byte("not a report"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte(`{"findings": [`), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.json")
	stdin := strings.NewReader(`{"schemaVersion":1,"tool":{"name":"authlint"},"findings":[]}`)

	parts, errs := readReports([]string{shards, broken, empty, missing, "-"}, stdin)
	var names []string
	for _, p := range parts {
		names = append(names, filepath.Base(p.Name))
	}
	if got := strings.Join(names, ","); got != "a.json,b.json,<stdin>" {
		t.Errorf("parts %s, want a.json,b.json,<stdin> (a folder's .json files in name order)", got)
	}
	want := map[string]string{
		broken:  "not a JSON report: ",
		empty:   "no .json report in the folder",
		missing: "cannot read the report: no such file or directory",
	}
	if len(errs) != len(want) {
		t.Fatalf("load errors %+v", errs)
	}
	for _, e := range errs {
		if w, ok := want[e.Input]; !ok || !strings.HasPrefix(e.Reason, w) || strings.Contains(e.Reason, e.Input) {
			t.Errorf("load error %+v: want input named once and reason %q", e, w)
		}
	}
}

// TestMergeInProcess runs `authlint merge` through Main: the findings of both
// shards once, the exit code of the whole, and the catalogue's rule metadata
// in SARIF.
func TestMergeInProcess(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "shard-0.json"), filepath.Join(dir, "shard-1.json")
	dp := liveFinding("DP003", "live:111111111111/us-east-1", "a1b2c3d4e5/stage/prod", finding.Error)
	writeReport(t, a, &finding.Report{Inputs: []finding.Input{{Name: "live:111111111111/us-east-1", Kind: "live"}}, Findings: []finding.Finding{dp}})
	writeReport(t, b, &finding.Report{
		Inputs:     []finding.Input{{Name: "live:222222222222/us-east-1", Kind: "live"}},
		Findings:   []finding.Finding{dp, liveFinding("AZ010", "live:222222222222/us-east-1", "p9/method/GET /x", finding.Warning)},
		LoadErrors: []finding.LoadError{{Input: "live:222222222222/eu-west-1", Reason: "access denied"}},
	})
	sarif := filepath.Join(dir, "merged.sarif")
	for _, tc := range []struct {
		name    string
		args    []string
		want    int
		wantOut string
	}{
		{"findings", []string{"merge", a}, 1, "live:111111111111/us-east-1 restapis/a1b2c3d4e5 stage prod: DP003 (error)"},
		{"never", []string{"merge", "--fail-on", "never", a}, 0, "1 finding (1 error) in 1 input"},
		{"load errors win", []string{"merge", "--fail-on", "never", a, b, "--format", "sarif=" + sarif}, 3, ""},
		{"folder", []string{"merge", dir}, 3, "2 findings (1 error, 1 warning) in 2 inputs; 1 input could not be loaded"},
		{"unknown format", []string{"merge", "--format", "xml", a}, 2, ""},
		{"policy that does not exist", []string{"merge", "--policy", filepath.Join(dir, "nope"), a}, 2, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, out, errOut := testStreams()
			if got := Main(context.Background(), tc.args, streams.In, out, errOut); got != tc.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", got, tc.want, out, errOut)
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Errorf("stdout %q, want %q", out, tc.wantOut)
			}
		})
	}
	data, err := os.ReadFile(sarif)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"name": "stage-serves-stale-deployment"`) || !strings.Contains(string(data), "live:222222222222/eu-west-1") {
		t.Errorf("the merged SARIF lacks the rule metadata or the load error:\n%s", data)
	}
}
