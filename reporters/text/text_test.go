package text

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sampleReport exercises every part of the format: findings of each severity,
// unsorted on purpose, a suppressed one, a live one without a file, load errors
// with and without a position, and a rule error.
func sampleReport() *finding.Report {
	return &finding.Report{
		Tool:   finding.Tool{Name: "authlint", Version: "v1.2.3"},
		Inputs: []finding.Input{{Name: "infra/template.yaml", Kind: "cloudformation"}, {Name: "api/openapi.yaml", Kind: "openapi"}, {Name: "live:123456789012/eu-west-1", Kind: "live"}},
		Findings: []finding.Finding{
			{
				RuleID: "SC001", Slug: "mixed-token-kinds", Severity: finding.Warning,
				Message:     "API pets mixes methods that need an ID token with methods that need an access token.",
				Location:    finding.Location{File: "api/openapi.yaml", Line: 40, Column: 7, Pointer: "/paths/~1pets/post"},
				Resource:    finding.Resource{Kind: "method", Ref: "api/method/POST /pets", Name: "POST /pets"},
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
			},
			{
				RuleID: "CR001", Slug: "preflight-requires-auth", Severity: finding.Error,
				Message:     "OPTIONS /pets requires a Cognito token.",
				Location:    finding.Location{File: "api/openapi.yaml", Line: 30, Column: 5},
				Resource:    finding.Resource{Kind: "method", Ref: "api/method/OPTIONS /pets", Name: "OPTIONS /pets"},
				Source:      "api/openapi.yaml",
				Fingerprint: "f3",
				Suppression: &finding.Suppression{Kind: "inSource", Justification: "preflight is answered by a Lambda"},
			},
			{
				RuleID: "UP003", Slug: "openid-scope-not-allowed", Severity: finding.Note,
				Message:     "App client web does not allow the openid scope.",
				Location:    finding.Location{File: "infra/template.yaml", Line: 88},
				Resource:    finding.Resource{Kind: "appClient", Ref: "WebClient", Name: "web", LogicalID: "WebClient"},
				Source:      "infra/template.yaml",
				Fingerprint: "f4",
			},
			{
				RuleID: "DP003", Slug: "stage-serves-stale-deployment", Severity: finding.Error,
				Message: "Stage prod serves a deployment older than the authorizer change.",
				Resource: finding.Resource{Kind: "stage", Ref: "a1b2c3/stage/prod", Name: "prod", API: "pets", APIID: "a1b2c3", Stage: "prod",
					Account: "123456789012", Region: "eu-west-1", ARN: "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod"},
				Source:      "live:123456789012/eu-west-1",
				Fingerprint: "f5",
			},
		},
		LoadErrors: []finding.LoadError{
			{Input: "broken.yaml", Line: 3, Column: 1, Reason: "not valid YAML or JSON: did not find expected key"},
			{Input: "empty.json", Reason: "the file is empty"},
		},
		RuleErrors: []finding.RuleError{{RuleID: "XX100", Input: "api/openapi.yaml", Message: "evaluation did not finish within 1m0s"}},
		Notices:    []finding.Notice{{Input: "svc/serverless.yml", Kind: "serverless", Message: "a Serverless Framework service, which authlint does not read."}},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rep   *finding.Report
		color bool
	}{
		{"sample", sampleReport(), false},
		{"sample-color", sampleReport(), true},
		{"empty", &finding.Report{Tool: finding.Tool{Name: "authlint", Version: "v1.2.3"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := New(Options{Color: tc.color}).Report(&buf, tc.rep); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", tc.name+".golden"), buf.Bytes())
		})
	}
}

func TestReportDoesNotModifyTheReport(t *testing.T) {
	r := sampleReport()
	first := r.Findings[0].RuleID
	if err := New(Options{}).Report(&bytes.Buffer{}, r); err != nil {
		t.Fatal(err)
	}
	if r.Findings[0].RuleID != first {
		t.Fatalf("the reporter sorted the caller's findings in place")
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		s    finding.Summary
		want string
	}{
		{finding.Summary{}, "no findings in 0 inputs"},
		{finding.Summary{Inputs: 1}, "no findings in 1 input"},
		{finding.Summary{Inputs: 1, Findings: 1, Errors: 1}, "1 finding (1 error) in 1 input"},
		{finding.Summary{Inputs: 5, Findings: 3, Errors: 2, Warnings: 1, LoadErrors: 1}, "3 findings (2 errors, 1 warning) in 5 inputs; 1 input could not be loaded"},
		{finding.Summary{Inputs: 2, Findings: 2, Notes: 2, Suppressed: 4, LoadErrors: 2, RuleErrors: 1}, "2 findings (2 notes) in 2 inputs; 4 suppressed; 2 inputs could not be loaded; 1 rule evaluation failed"},
		{finding.Summary{Notices: 2}, "no findings in 0 inputs; 2 notices about what was not read"},
	} {
		if got := Summary(tc.s); got != tc.want {
			t.Errorf("Summary(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteError(t *testing.T) {
	if err := New(Options{}).Report(failingWriter{}, sampleReport()); err == nil {
		t.Fatal("want an error from a failing writer")
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
