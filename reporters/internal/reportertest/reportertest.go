// Package reportertest holds what the format packages' tests share: one
// hand-built report that exercises every feature a format must render
// (several inputs, active and suppressed findings of each suppression kind,
// a live finding without a file, load errors, rule errors, awkward
// characters), and a golden-file helper with an -update mode.
package reportertest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

// WorkingDir is the sample report's working folder.
const WorkingDir = "/home/ci/project"

// Sample returns a fresh copy of the shared report.
func Sample() *finding.Report {
	rules := []finding.Rule{
		{
			ID: "AZ001", Slug: "cognito-authorizer-without-user-pool", Severity: finding.Error, SecuritySeverity: "medium",
			Title:       "Cognito authorizer without a user pool",
			Description: "A COGNITO_USER_POOLS authorizer names no user pool, so it cannot accept any token.",
			ClientSees:  "401 Unauthorized on every method that uses the authorizer.",
			Remediation: "List the ARN of the user pool that issues your tokens in the authorizer's provider ARNs.",
			Fixes: map[string]string{
				"openapi":        "Add providerARNs to x-amazon-apigateway-authorizer.",
				"cloudformation": "Set ProviderARNs: [!GetAtt UserPool.Arn].",
			},
			Sources:    []string{"openapi", "cloudformation", "sam", "cdk", "terraform", "live"},
			References: []string{"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html"},
			Tags:       []string{"authorizer"},
			Resources:  []string{"authorizer"},
			Package:    "authlint.rules.cognito_authorizer_without_user_pool",
			File:       "rules/authorizer/az001_cognito_authorizer_without_user_pool.rego",
		},
		{
			ID: "AZ004", Slug: "method-authorizer-mismatch", Severity: finding.Error, SecuritySeverity: "medium",
			Title:       "Method and authorizer do not match",
			Description: "A COGNITO_USER_POOLS method has no authorizer, or its authorizer is not a Cognito one.",
			ClientSees:  "401 Unauthorized, or a failed deployment.",
			Remediation: "Point the method at a COGNITO_USER_POOLS authorizer of the same API.",
			Sources:     []string{"openapi", "cloudformation", "sam", "cdk", "terraform", "live"},
			Tags:        []string{"authorizer", "method"},
			Resources:   []string{"method"},
			Package:     "authlint.rules.method_authorizer_mismatch",
			File:        "rules/authorizer/az004_method_authorizer_mismatch.rego",
		},
		{
			ID: "AZ010", Slug: "method-unprotected-among-cognito", Severity: finding.Warning, SecuritySeverity: "high",
			Title:       "Open method beside Cognito-protected ones",
			Description: "A method has no authorization while its siblings require Cognito tokens.",
			ClientSees:  "200 without any token: the method is open.",
			Remediation: "Add the Cognito authorizer to the method, or document why it is public.",
			Sources:     []string{"openapi", "cloudformation"},
			Tags:        []string{"method"},
			Package:     "authlint.rules.method_unprotected_among_cognito",
			File:        "rules/authorizer/az010_method_unprotected_among_cognito.rego",
		},
		{
			ID: "CR001", Slug: "preflight-requires-auth", Severity: finding.Error, SecuritySeverity: "low",
			Title:       "Preflight requires authorization",
			Description: "An OPTIONS method has an authorizer; browsers send preflights without credentials.",
			ClientSees:  "The browser reports a CORS error; the preflight got 401.",
			Remediation: "Set AuthorizationType NONE on OPTIONS methods.",
			Sources:     []string{"openapi", "cloudformation", "sam"},
			Tags:        []string{"cors"},
			Resources:   []string{"method"},
			Package:     "authlint.rules.preflight_requires_auth",
			File:        "rules/cors/cr001_preflight_requires_auth.rego",
		},
		{
			ID: "GW004", Slug: "aws-iam-method-in-cognito-api", Severity: finding.Warning,
			Title:       "AWS_IAM method in a Cognito API",
			Description: "One method takes SigV4 while the others take Cognito tokens.",
			ClientSees:  "403 with a Credential error message.",
			Remediation: "Use the Cognito authorizer on the method, or sign the requests.",
			Sources:     []string{"live"},
			Tags:        []string{"resource-policy"},
			Package:     "authlint.rules.aws_iam_method_in_cognito_api",
			File:        "rules/gateway/gw004.rego",
		},
		{
			ID: "AL001", Slug: "unused-suppression", Severity: finding.Note,
			Title:       "Suppression that matches nothing",
			Description: "An inline or configured suppression matched no finding in this run.",
			ClientSees:  "Nothing: this finding is about authlint's own suppressions, not about the API.",
			Remediation: "Remove the suppression, or correct its rule ids and placement.",
			Tags:        []string{"suppression"},
			Package:     "authlint.tool.suppress",
			File:        "(built in)",
		},
	}
	api := func(kind, ref, name string) finding.Resource {
		return finding.Resource{Kind: kind, Ref: ref, Name: name, API: "PetsApi", LogicalID: "PetsApi"}
	}
	mk := func(rule string, sev finding.Severity, msg, file string, line, col int, ptr string, res finding.Resource, sup *finding.Suppression) finding.Finding {
		src := file
		if src == "" {
			src = "live:123456789012/eu-west-1"
		}
		slug := ""
		for _, r := range rules {
			if r.ID == rule {
				slug = r.Slug
			}
		}
		return finding.Finding{
			RuleID: rule, Slug: slug, Severity: sev, Message: msg,
			Location:    finding.Location{File: file, Line: line, Column: col, Pointer: ptr},
			Resource:    res,
			Source:      src,
			Fingerprint: finding.Fingerprint(rule, src, res.Ref, ptr),
			Suppression: sup,
		}
	}
	oddMessage := "Method GET /pets/{id} has no authorization (AuthorizationType: NONE), while 3 sibling methods require Cognito tokens: 50% of the API, | table, `code`, <b>html</b> & \"quotes\"\nsecond line\x01."
	findings := []finding.Finding{
		mk("AZ004", finding.Error, "Method GET /pets uses COGNITO_USER_POOLS but names no authorizer: clients get 401 Unauthorized. Set AuthorizerId to the Cognito authorizer.",
			"infra/api.yaml", 42, 7, "/Resources/GetPets/Properties/AuthorizerId", api("method", "PetsApi/GetPets", "GET /pets"), nil),
		mk("CR001", finding.Error, "OPTIONS /pets requires Cognito tokens, so browsers' preflights get 401 and show a CORS error.",
			"infra/api.yaml", 60, 7, "/Resources/OptionsPets/Properties/AuthorizationType", api("method", "PetsApi/OptionsPets", "OPTIONS /pets"),
			&finding.Suppression{Kind: "inSource", Justification: "the preflight is answered by CloudFront, not API Gateway", Expires: "2027-03-01",
				Location: &finding.Location{File: "infra/api.yaml", Line: 55, Column: 9, Pointer: "/Resources/OptionsPets/Metadata/authlint/ignore/0"}}),
		mk("AZ010", finding.Warning, "Method GET /health has no authorization while sibling methods require Cognito tokens.",
			"infra/api.yaml", 75, 7, "/Resources/Health/Properties/AuthorizationType", api("method", "PetsApi/Health", "GET /health"),
			&finding.Suppression{Kind: "external", Justification: "health checks are public", Location: &finding.Location{File: ".authlint.yaml", Line: 12, Column: 5}}),
		mk("AL001", finding.Note, "Suppression comment for AZ001 matches no finding, so it does nothing: remove it, or correct its rule ids or placement.",
			"infra/api.yaml", 90, 3, "", finding.Resource{Kind: "suppression", Ref: "comment", Name: "Suppression comment for AZ001"}, nil),
		mk("AZ001", finding.Error, "Cognito authorizer CognitoAuth lists no user pool in providerARNs, so it cannot accept any token.",
			"openapi/pets.yaml", 12, 5, "/components/securitySchemes/CognitoAuth/x-amazon-apigateway-authorizer/providerARNs",
			finding.Resource{Kind: "authorizer", Ref: "api/authorizer/CognitoAuth", Name: "CognitoAuth", API: "Pets"},
			&finding.Suppression{Kind: "baseline", Justification: "accepted in the baseline authlint-baseline.json", Location: &finding.Location{File: "authlint-baseline.json"}}),
		mk("AZ010", finding.Warning, oddMessage,
			"openapi/pets.yaml", 30, 9, "/paths/~1pets~1{id}/get", finding.Resource{Kind: "method", Ref: "api/GET /pets/{id}", Name: "GET /pets/{id}", API: "Pets"}, nil),
		mk("AZ010", finding.Warning, "Same property, second message: the method is also outside the usage plan.",
			"openapi/pets.yaml", 30, 9, "/paths/~1pets~1{id}/get", finding.Resource{Kind: "method", Ref: "api/GET /pets/{id}", Name: "GET /pets/{id}", API: "Pets"}, nil),
		// Names from a hostile pull request: a terminal title sequence, colour
		// codes and a bidi override must come out escaped or encoded.
		mk("AZ001", finding.Error, "Authorizer "+HostileName+" names user pool arn:aws:cognito-idp:eu-west-1:123456789012:userpool/\u202eevil that does not exist.",
			"openapi/hostile.yaml", 7, 3, "/components/securitySchemes/x",
			finding.Resource{Kind: "authorizer", Ref: "hostile/authorizer/" + HostileName, Name: HostileName, API: "api\x1b[31mred"}, nil),
		mk("GW004", finding.Warning, "Method POST /orders of API Orders uses AWS_IAM while the API's other methods take Cognito tokens: clients sending a Cognito token get 403.",
			"", 0, 0, "", finding.Resource{Kind: "method", Ref: "restapis/a1b2c3/resources/r1/methods/POST", Name: "POST /orders", API: "Orders", APIID: "a1b2c3",
				Account: "123456789012", Region: "eu-west-1", ARN: "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/resources/r1/methods/POST"}, nil),
	}
	r := &finding.Report{
		Tool: finding.Tool{Name: "authlint", Version: "1.2.3", URI: "https://github.com/authlint/authlint"},
		Inputs: []finding.Input{
			{Name: "infra/api.yaml", Kind: "cloudformation", Resources: []finding.Resource{
				api("restApi", "PetsApi", "PetsApi"),
				api("authorizer", "PetsApi/CognitoAuth", "CognitoAuth"),
				api("method", "PetsApi/GetPets", "GET /pets"),
				api("method", "PetsApi/OptionsPets", "OPTIONS /pets"),
				api("method", "PetsApi/Health", "GET /health"),
			}},
			{Name: "openapi/pets.yaml", Kind: "openapi"},
			{Name: "live:123456789012/eu-west-1", Kind: "live"},
		},
		Rules:    rules,
		Findings: findings,
		LoadErrors: []finding.LoadError{
			{Input: "broken/bad.yaml", Line: 3, Column: 1, Reason: "not valid YAML or JSON: did not find expected key"},
			{Input: "live:123456789012/us-east-1", Reason: "AccessDeniedException: not authorized to perform apigateway:GET"},
			{Input: "hostile/\x1b[2Jclear.yaml", Line: 2, Column: 1, Reason: "nested stack " + HostileName + ": TemplateURL ../x is outside the scan root"},
		},
		RuleErrors: []finding.RuleError{
			{RuleID: "CR001", Input: "openapi/pets.yaml", Message: "evaluation did not finish within 1m0s"},
		},
		Notices: []finding.Notice{
			{Input: "app/cdk.json", Kind: "cdk", Message: "a CDK app without its cloud assembly (cdk.out): run cdk synth first, then scan again."},
			{Input: "svc/serverless.yml", Kind: "serverless", Message: "a Serverless Framework service, which authlint does not read: serverless package writes its CloudFormation to .serverless/; scan that."},
		},
		FailOn:     finding.FailOn(finding.Error),
		WorkingDir: WorkingDir,
	}
	r.Normalize()
	return r
}

// HostileName is an authorizer name that sets a terminal's title when printed
// raw (OSC 0 ... BEL), with a C1 control and a bidi override besides.
const HostileName = "a\x1b]0;title\x07\u009b\u202e"

// Clean returns a report with findings only (no errors, no suppressions),
// for checks of the exit-code-1 path.
func Clean() *finding.Report {
	r := Sample()
	r.LoadErrors, r.RuleErrors = nil, nil
	return r
}

// Golden compares got with testdata/NAME, or rewrites the file when update
// is set.
func Golden(t *testing.T, name string, got []byte, update bool) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if update {
		if err := os.MkdirAll("testdata", 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s (run go test -update to create it): %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n--- got\n%s", path, got)
	}
}
