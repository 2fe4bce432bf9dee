package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

func TestFromFindingsRoundTrip(t *testing.T) {
	fs := []finding.Finding{
		{RuleID: "CR001", Fingerprint: "b", Location: finding.Location{File: "z.yaml"}},
		{RuleID: "AZ001", Fingerprint: "a", Location: finding.Location{File: "a.yaml"}},
		{RuleID: "AZ001", Fingerprint: "a", Location: finding.Location{File: "a.yaml"}}, // duplicate
		{RuleID: "GW004", Fingerprint: "c", Source: "live:123456789012/eu-west-1"},
		{RuleID: "AZ010", Fingerprint: "d", Suppression: &finding.Suppression{Kind: "inSource"}},
		{RuleID: "AZ010", Fingerprint: "e", Suppression: &finding.Suppression{Kind: KindBaseline}},
	}
	b := FromFindings(fs)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "fingerprints": [
    {
      "fingerprint": "e",
      "ruleId": "AZ010"
    },
    {
      "fingerprint": "a",
      "ruleId": "AZ001",
      "file": "a.yaml"
    },
    {
      "fingerprint": "c",
      "ruleId": "GW004",
      "file": "live:123456789012/eu-west-1"
    },
    {
      "fingerprint": "b",
      "ruleId": "CR001",
      "file": "z.yaml"
    }
  ]
}
`
	if buf.String() != want {
		t.Errorf("got\n%s", buf.String())
	}
	back, err := Read(strings.NewReader(buf.String()), "b.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, fp := range []string{"a", "b", "c", "e"} {
		if !back.Contains(fp) {
			t.Errorf("missing %s", fp)
		}
	}
	if back.Contains("d") || back.Len() != 4 {
		t.Errorf("inline-suppressed finding recorded, or wrong length %d", back.Len())
	}
}

func TestReadErrors(t *testing.T) {
	tests := map[string]string{
		`{"version": 2, "fingerprints": []}`:                "has version 2",
		`{"version": 1, "fingerprints": [{"ruleId": "X"}]}`: "entry 1 has no fingerprint",
		`{"version": 1, "fingerprints": [], "extra": true}`: `unknown field "extra"`,
		`[1, 2]`:                                "is not a baseline file",
		`{"version": 1, "fingerprints": []} {}`: "unexpected content",
		``:                                      "is not a baseline file",
	}
	for text, want := range tests {
		_, err := Read(strings.NewReader(text), "b.json")
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "b.json") {
			t.Errorf("%q: err = %v, want %q", text, err, want)
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "authlint-baseline.json")
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "create it with --write-baseline") {
		t.Errorf("missing file: %v", err)
	}
	b := New([]Entry{{Fingerprint: "x", RuleID: "AZ001", File: "a.yaml"}})
	if err := b.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	got, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Contains("x") || got.File != p {
		t.Errorf("loaded %+v", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := b.WriteFile(filepath.Join(dir, "missing", "b.json")); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
	var nilBaseline *Baseline
	if nilBaseline.Contains("x") {
		t.Error("nil baseline contains something")
	}
}
