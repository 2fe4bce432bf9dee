package cloudformation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

func TestDeploymentHash(t *testing.T) {
	tests := []struct {
		id, api string
		want    string // "" = not a tool's hash
	}{
		{"MyApiDeployment2fae3fff22", "MyApi", model.KindSAM},
		{"ServerlessRestApiDeploymentcbc79073ff", "ServerlessRestApi", model.KindSAM},
		{"MyApiDeployment2fae3fff22", "", model.KindSAM},
		{"managerapiLambdaRestApiDeployment719D102Abf8fc62f0a59aea37747b68fec60f4a4", "managerapiLambdaRestApi62BEEAC7", model.KindCDK},
		{"MyDeployment0A1B2C3Dbf8fc62f0a59aea37747b68fec60f4a4", "", model.KindCDK},
		// Another API's name before "Deployment": not what SAM writes for this one.
		{"OtherApiDeployment2fae3fff22", "MyApi", ""},
		// The CDK's path hash alone never changes with the API.
		{"ApiDeployment719D102A", "", ""},
		// Dates and counters are names someone chose.
		{"ApiDeployment2024061501", "Api", ""},
		{"ApiDeployment20240615", "Api", ""},
		{"ApiDeployment2024", "Api", ""},
		{"ApiDeploymentV2", "Api", ""},
		{"RestApiDeployment", "RestApi", ""},
		{"Deployment", "Api", ""},
		// Upper-case or too short: not SAM's hash.
		{"ApiDeployment2FAE3FFF22", "Api", ""},
		{"ApiDeployment2fae3fff2", "Api", ""},
		// All digits but not a date: a hash that happens to have no letter.
		{"ApiDeployment9912345678", "Api", model.KindSAM},
	}
	for _, tc := range tests {
		got, ok := deploymentHash(tc.id, tc.api)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("deploymentHash(%q, %q) = %q, %v; want %q", tc.id, tc.api, got, ok, tc.want)
		}
	}
}

const deploymentsTemplate = `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  ApiDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
  ApiDeployment20240615:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
  ApiDeploymente860abe1c3:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
  ApiDeployment0A1B2C3Dbf8fc62f0a59aea37747b68fec60f4a4:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
`

func TestDeploymentManagedBy(t *testing.T) {
	inv := loadSource(t, "deployments.yaml", deploymentsTemplate, Options{})
	want := map[string]string{
		"ApiDeployment":           "cloudformation false",
		"ApiDeployment20240615":   "cloudformation false",
		"ApiDeploymente860abe1c3": "sam true",
		"ApiDeployment0A1B2C3Dbf8fc62f0a59aea37747b68fec60f4a4": "cdk true",
	}
	got := map[string]string{}
	for _, d := range find(t, inv.RestAPIs, apiRef, "Api").Deployments {
		v, _ := d.RedeploysOnChange.Get()
		got[d.LogicalID] = d.ManagedBy + " " + map[bool]string{true: "true", false: "false"}[v]
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: %q, want %q", id, got[id], w)
		}
	}
}

// TestCorpusDeploymentsByTool: every deployment of the SAM translator's
// output and of the CDK snapshots (which carry no aws:cdk:path metadata) is
// recognized as rotating with the API; hand-written ones are not.
func TestCorpusDeploymentsByTool(t *testing.T) {
	dir := corpustest.Dir(t)
	var files []string
	for _, sub := range []string{"cfn", "sam-translator-output", "openapi"} {
		fs, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		files = append(files, fs...)
	}
	counts := map[string]int{}
	for _, f := range files {
		if strings.Contains(f, "018__") {
			continue // not valid YAML
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in := loader.NewInput(f, data)
		l := New(Options{})
		if !l.Detect(in) {
			continue // a standalone OpenAPI document
		}
		invs, _ := l.Load(t.Context(), in)
		if len(invs) != 1 {
			t.Fatalf("%s: %d inventories", f, len(invs))
		}
		inv := invs[0]
		for _, api := range inv.RestAPIs {
			for _, d := range api.Deployments {
				redeploys, _ := d.RedeploysOnChange.Get()
				counts[d.ManagedBy]++
				wantBy := model.KindCloudFormation
				switch {
				case strings.Contains(f, "sam-translator-output") || api.Origin == model.KindSAM:
					wantBy = model.KindSAM
				case strings.HasSuffix(f, ".template.json") || strings.Contains(f, "ExternalIDPMultiTenantStack"):
					wantBy = model.KindCDK
				}
				if d.ManagedBy != wantBy || redeploys != (wantBy != model.KindCloudFormation) {
					t.Errorf("%s: deployment %s is %s (redeploys %v), want %s", filepath.Base(f), d.LogicalID, d.ManagedBy, redeploys, wantBy)
				}
			}
		}
	}
	if counts[model.KindSAM] == 0 || counts[model.KindCDK] == 0 || counts[model.KindCloudFormation] == 0 {
		t.Errorf("deployments per tool: %v", counts)
	}
	t.Logf("deployments per tool: %v", counts)
}
