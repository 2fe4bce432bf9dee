package openapi_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

type corpusLabel struct {
	RestAPIs           int `json:"rest_apis"`
	CognitoAuthorizers int `json:"cognito_authorizers"`
	CognitoMethods     int `json:"cognito_methods"`
}

// knownDifferences are disagreements with labels.json that were checked by
// hand, keyed by file and fact, with the side that is wrong.
var knownDifferences = map[string]map[string]string{
	"openapi/072__aws-samples_serverless-samples__openapi.json": {
		"cognito_methods": "label wrong: the file protects its operations only with root-level security, which API Gateway ignores (AZ009), so no method is Cognito-protected",
	},
	"openapi/075__localstack_localstack__openapi.cognito-auth.json": {
		"cognito_methods": "label wrong: GET /pets has no security of its own and the root-level security is ignored by API Gateway; 3 operations name a Cognito scheme",
	},
	"openapi/078__smithy-lang_smithy__cognito-user-pools-security.openapi.json": {
		"cognito_methods": "label wrong: GET / relies on root-level security, which API Gateway ignores",
	},
}

// TestCorpus loads every OpenAPI document of the corpus and compares the
// counts with the hand-written labels. Files of the openapi folder that are
// CloudFormation templates with an inline body belong to the CloudFormation
// loader and are skipped.
func TestCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels map[string]json.RawMessage
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "openapi", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var loaded, agree, facts int
	for _, f := range files {
		key := "openapi/" + filepath.Base(f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in := loader.NewInput(f, data)
		l := openapi.New()
		if !l.Detect(in) {
			t.Logf("%-80s skipped: not an OpenAPI document (a template with an inline body)", key)
			continue
		}
		invs, err := l.Load(t.Context(), in)
		if err != nil {
			t.Errorf("%s: %v", key, err)
			continue
		}
		loaded++
		var want corpusLabel
		if err := json.Unmarshal(labels[key], &want); err != nil {
			t.Errorf("%s: no usable label: %v", key, err)
			continue
		}
		got := count(invs)
		for _, c := range []struct {
			fact      string
			got, want int
		}{
			{"rest_apis", got.RestAPIs, want.RestAPIs},
			{"cognito_authorizers", got.CognitoAuthorizers, want.CognitoAuthorizers},
			{"cognito_methods", got.CognitoMethods, want.CognitoMethods},
		} {
			facts++
			status := "agrees"
			switch why, known := knownDifferences[key][c.fact]; {
			case c.got == c.want && known:
				t.Errorf("%s %s: now agrees with the label (%d); remove the known difference", key, c.fact, c.got)
			case c.got == c.want:
				agree++
			case known:
				status = "differs (known: " + why + ")"
			default:
				status = "DIFFERS"
				t.Errorf("%s %s: loader %d, label %d", key, c.fact, c.got, c.want)
			}
			t.Logf("%-80s %-20s loader %2d label %2d  %s", key, c.fact, c.got, c.want, status)
		}
	}
	if loaded == 0 {
		t.Fatal("no OpenAPI document found in the corpus")
	}
	t.Logf("%d documents, %d/%d facts agree with the labels", loaded, agree, facts)
}

func count(invs []*model.Inventory) corpusLabel {
	var c corpusLabel
	for _, inv := range invs {
		for _, api := range inv.RestAPIs {
			c.RestAPIs++
			for _, a := range api.Authorizers {
				if v, ok := a.Type.Get(); ok && v == "COGNITO_USER_POOLS" {
					c.CognitoAuthorizers++
				}
			}
			for _, m := range api.Methods {
				if v, ok := m.AuthorizationType.Get(); ok && v == "COGNITO_USER_POOLS" {
					c.CognitoMethods++
				}
			}
		}
	}
	return c
}
