package json

import (
	"bytes"
	gojson "encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sampleReport covers findings of each severity (unsorted on purpose), a
// suppressed one, a live one without a file, load errors and a rule error.
func sampleReport() *finding.Report {
	return &finding.Report{
		Tool:   finding.Tool{Name: "authlint", Version: "v1.2.3", URI: "https://github.com/authlint/authlint"},
		Inputs: []finding.Input{{Name: "infra/template.yaml", Kind: "cloudformation"}, {Name: "api/openapi.yaml", Kind: "openapi"}},
		Findings: []finding.Finding{
			{
				RuleID: "SC001", Slug: "mixed-token-kinds", Severity: finding.Warning,
				Message:     "API pets mixes <ID> & access tokens.",
				Location:    finding.Location{File: "api/openapi.yaml", Line: 40, Column: 7, Pointer: "/paths/~1pets/post"},
				Resource:    finding.Resource{Kind: "method", Ref: "api/method/POST /pets", Name: "POST /pets", API: "pets"},
				Source:      "api/openapi.yaml",
				Fingerprint: "f2",
			},
			{
				RuleID: "AZ001", Slug: "cognito-authorizer-without-user-pool", Severity: finding.Error,
				Message:     "Cognito authorizer CognitoAuth lists no user pool in providerARNs.",
				Location:    finding.Location{File: "api/openapi.yaml", Line: 12, Column: 9, Pointer: "/components/securitySchemes/CognitoAuth"},
				Resource:    finding.Resource{Kind: "authorizer", Ref: "api/authorizer/CognitoAuth", Name: "CognitoAuth"},
				Source:      "api/openapi.yaml",
				Fingerprint: "f1",
				Suppression: &finding.Suppression{Kind: "inSource", Justification: "pool attached by a later stack", Expires: "2030-01-01", Location: &finding.Location{File: "api/openapi.yaml", Line: 14, Column: 9}},
			},
			{
				RuleID: "DP003", Slug: "stage-serves-stale-deployment", Severity: finding.Note,
				Message:     "Stage prod serves an old deployment.",
				Resource:    finding.Resource{Kind: "stage", Ref: "a1b2c3/stage/prod", Account: "123456789012", Region: "eu-west-1", ARN: "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod"},
				Source:      "live:123456789012/eu-west-1",
				Fingerprint: "f5",
			},
		},
		LoadErrors: []finding.LoadError{
			{Input: "empty.json", Reason: "the file is empty"},
			{Input: "broken.yaml", Line: 3, Column: 1, Reason: "not valid YAML or JSON: did not find expected key"},
		},
		RuleErrors: []finding.RuleError{{RuleID: "XX100", Input: "api/openapi.yaml", Message: "evaluation did not finish within 1m0s"}},
		Notices:    []finding.Notice{{Input: "svc/serverless.yml", Kind: "serverless", Message: "a Serverless Framework service, which authlint does not read."}},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		rep  *finding.Report
	}{
		{"sample", sampleReport()},
		{"empty", &finding.Report{Tool: finding.Tool{Name: "authlint", Version: "v1.2.3"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := New().Report(&buf, tc.rep); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", tc.name+".golden.json"), buf.Bytes())
		})
	}
}

// TestShape checks the contract scripts rely on, independently of the golden
// file: key names, sorted findings, empty lists as [], the summary.
func TestShape(t *testing.T) {
	var buf bytes.Buffer
	if err := New().Report(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(buf.Bytes(), []byte("}\n")) {
		t.Error("no trailing newline")
	}
	var doc struct {
		SchemaVersion int `json:"schemaVersion"`
		Findings      []struct {
			RuleID     string `json:"ruleId"`
			Severity   string `json:"severity"`
			Suppressed bool   `json:"suppressed"`
			Location   struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
		Summary finding.Summary `json:"summary"`
	}
	if err := gojson.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != SchemaVersion {
		t.Errorf("schemaVersion = %d", doc.SchemaVersion)
	}
	var ids []string
	for _, f := range doc.Findings {
		ids = append(ids, f.RuleID+"/"+f.Severity)
	}
	if want := []string{"DP003/note", "AZ001/error", "SC001/warning"}; !slices.Equal(ids, want) {
		t.Errorf("findings = %v, want %v", ids, want)
	}
	if !doc.Findings[1].Suppressed || doc.Findings[1].Location.Line != 12 {
		t.Errorf("AZ001 = %+v", doc.Findings[1])
	}
	want := finding.Summary{Inputs: 2, Findings: 2, Warnings: 1, Notes: 1, Suppressed: 1, LoadErrors: 2, RuleErrors: 1, Notices: 1}
	if doc.Summary != want {
		t.Errorf("summary = %+v, want %+v", doc.Summary, want)
	}

	buf.Reset()
	if err := New().Report(&buf, &finding.Report{}); err != nil {
		t.Fatal(err)
	}
	var empty map[string]any
	if err := gojson.Unmarshal(buf.Bytes(), &empty); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"inputs", "findings", "loadErrors", "ruleErrors"} {
		if _, ok := empty[k].([]any); !ok {
			t.Errorf("%s = %v, want []", k, empty[k])
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
