package merge_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/merge"
	jsonreport "github.com/authlint/authlint/reporters/json"
)

func shard(t *testing.T, dir, name string, r *finding.Report) string {
	t.Helper()
	r.Tool = finding.Tool{Name: "authlint", Version: "1.2.3"}
	r.Normalize()
	var buf bytes.Buffer
	if err := jsonreport.New().Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func fnd(rule, source, ref string, sev finding.Severity) finding.Finding {
	return finding.Finding{
		RuleID: rule, Slug: strings.ToLower(rule), Severity: sev, Message: rule + " on " + ref,
		Resource:    finding.Resource{Kind: "restApi", Ref: ref, Account: "111111111111", Region: "eu-west-1", APIID: ref},
		Source:      source,
		Fingerprint: finding.Fingerprint(rule, source, ref, ""),
	}
}

func TestMergeShards(t *testing.T) {
	dir := t.TempDir()
	suppressed := fnd("AZ010", "live:1/us-east-1", "b", finding.Warning)
	suppressed.Suppression = &finding.Suppression{Kind: "baseline", Justification: "known"}
	a := shard(t, dir, "shard-0.json", &finding.Report{
		Inputs:     []finding.Input{{Name: "live:1/eu-west-1", Kind: "live"}},
		Findings:   []finding.Finding{fnd("AZ001", "live:1/eu-west-1", "a", finding.Error), fnd("DP003", "live:1/eu-west-1", "a", finding.Error)},
		LoadErrors: []finding.LoadError{{Input: "live:restapis/x", Reason: "no REST API with this id"}},
	})
	b := shard(t, dir, "shard-1.json", &finding.Report{
		Inputs: []finding.Input{{Name: "live:1/us-east-1", Kind: "live"}},
		// The same finding twice (a re-run shard) counts once.
		Findings:   []finding.Finding{fnd("AZ001", "live:1/eu-west-1", "a", finding.Error), suppressed},
		LoadErrors: []finding.LoadError{{Input: "live:restapis/x", Reason: "no REST API with this id"}, {Input: "live:1/us-east-1", Reason: "access denied"}},
		RuleErrors: []finding.RuleError{{RuleID: "SC002", Input: "live:1/us-east-1", Message: "boom"}},
	})
	parts, err := merge.ReadFiles([]string{a, b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := merge.Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	r.FailOn = finding.FailOn(finding.Error)
	s := r.Summary()
	if s.Inputs != 2 || s.Findings != 2 || s.Suppressed != 1 || s.LoadErrors != 2 || s.RuleErrors != 1 {
		t.Errorf("summary = %+v", s)
	}
	if r.ExitCode() != finding.ExitLoad {
		t.Errorf("exit code = %d, want %d (a shard could not read everything)", r.ExitCode(), finding.ExitLoad)
	}
	if r.Tool.Version != "1.2.3" {
		t.Errorf("tool = %+v", r.Tool)
	}
	i := -1
	for j, f := range r.Findings {
		if f.RuleID == "AZ010" {
			i = j
		}
	}
	if i < 0 || r.Findings[i].Suppression == nil || r.Findings[i].Suppression.Justification != "known" {
		t.Errorf("the suppressed finding lost its suppression: %+v", r.Findings)
	}
	// A folder stands for the reports in it.
	fromDir, err := merge.ReadFiles([]string{dir}, nil)
	if err != nil || len(fromDir) != 2 {
		t.Fatalf("reading the folder: %d parts, %v", len(fromDir), err)
	}
	if _, err := merge.ReadFiles([]string{t.TempDir()}, nil); err == nil || !strings.Contains(err.Error(), "no .json report") {
		t.Errorf("an empty folder: %v", err)
	}
	// Merging is idempotent: the merged report merges to itself.
	path := shard(t, dir, "merged.json", r)
	parts, err = merge.ReadFiles([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := merge.Merge(parts)
	if err != nil {
		t.Fatal(err)
	}
	if again.Summary() != s {
		t.Errorf("re-merged summary = %+v, want %+v", again.Summary(), s)
	}
}

func TestDecodeRejects(t *testing.T) {
	for name, doc := range map[string]string{
		"not JSON":          "findings: []",
		"another document":  `{"format":"authlint-inventories","schemaVersion":1,"inventories":[]}`,
		"no schema version": `{"findings":[]}`,
		"future version":    `{"schemaVersion":2,"findings":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := merge.Decode("shard.json", strings.NewReader(doc))
			if err == nil || !strings.Contains(err.Error(), "shard.json") {
				t.Errorf("err = %v, want an error naming the file", err)
			}
		})
	}
	if _, err := merge.Merge(nil); err == nil {
		t.Error("merging nothing must fail")
	}
	_, err := merge.ReadFiles([]string{filepath.Join(t.TempDir(), "missing.json")}, nil)
	if err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("err = %v", err)
	}
	p, err := merge.Decode("<stdin>", strings.NewReader(`{"schemaVersion":1,"tool":{"name":"authlint","version":"x"},"findings":[],"newField":true}`))
	if err != nil || p.Doc.Tool.Name != "authlint" {
		t.Errorf("a report with a field from a newer version: %v", err)
	}
}

func TestMergeRefusesOtherTools(t *testing.T) {
	a, _ := merge.Decode("a.json", strings.NewReader(`{"schemaVersion":1,"tool":{"name":"authlint"},"findings":[]}`))
	b, _ := merge.Decode("b.json", strings.NewReader(`{"schemaVersion":1,"tool":{"name":"other"},"findings":[]}`))
	if _, err := merge.Merge([]merge.Part{a, b}); err == nil || !strings.Contains(err.Error(), "b.json") {
		t.Errorf("err = %v", err)
	}
}
