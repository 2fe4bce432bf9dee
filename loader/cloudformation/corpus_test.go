package cloudformation

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

type counts struct{ apis, authorizers, methods int }

func countsOf(invs []*model.Inventory) counts {
	var c counts
	for _, inv := range invs {
		for _, api := range inv.RestAPIs {
			if api.LogicalID != "" {
				c.apis++
			}
			for _, a := range api.Authorizers {
				if v, ok := a.Type.Get(); ok && v == "COGNITO_USER_POOLS" {
					c.authorizers++
				}
			}
			for _, m := range api.Methods {
				if v, ok := m.AuthorizationType.Get(); ok && v == "COGNITO_USER_POOLS" {
					c.methods++
				}
			}
		}
	}
	return c
}

// labelDisagreements are the corpus files whose counts differ from
// labels.json, with the reason and the side that is wrong. The test fails on
// any other difference.
var labelDisagreements = map[string]string{
	"cfn/018__aws-samples_aws-serverless-example-for-webxr__leaderboard.yml": "" +
		"the file is deliberately not valid YAML (a stray first line): it fails with a clear error, so nothing is counted",
	"cfn/019__aws-cloudformation_cfn-lint__cfn-gather.yaml": "" +
		"loader right: the method is written AuthorizationType: CUSTOM with a Cognito AuthorizerId (cfn-lint's E3708 fixture); " +
		"authlint keeps the written type (rule AZ004 reports the mismatch) instead of counting it as a Cognito method",
	"sam/055__aws_serverless-application-model__implicit_api_with_auth_and_conditions_max.yaml": "" +
		"label counts what is declared; every function's condition is Fn::Equals [true, false], so with these conditions " +
		"SAM deploys no API at all (the translator output puts the API under ServerlessRestApiCondition, which is false)",
}

func TestCorpusAgainstLabels(t *testing.T) {
	dir := corpustest.Dir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Skip("labels.json not available")
	}
	var labels map[string]map[string]any
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, sub := range []string{"cfn", "sam", "openapi"} {
		fs, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		files = append(files, fs...)
	}
	agree, total := 0, 0
	var table strings.Builder
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in := loader.NewInput(f, data)
		l := New(Options{})
		if _, err := in.Doc(); err == nil && !l.Detect(in) {
			continue // a standalone OpenAPI document: the OpenAPI loader's
		}
		total++
		var invs []*model.Inventory
		var lerr error
		if _, derr := in.Doc(); derr != nil {
			lerr = loader.AsError(f, derr)
		} else {
			invs, lerr = l.Load(t.Context(), in)
		}
		if lerr != nil && len(invs) == 0 {
			if le, ok := errors.AsType[*loader.Error](lerr); !ok || le.Reason == "" || !strings.Contains(le.Error(), filepath.Base(f)) {
				t.Errorf("%s: load error does not name the file: %v", rel, lerr)
			}
		}
		got := countsOf(invs)
		lab := labels[rel]
		want := counts{intOf(lab["rest_apis"]), intOf(lab["cognito_authorizers"]), intOf(lab["cognito_methods"])}
		status := "agree"
		why, explained := labelDisagreements[rel]
		if got != want {
			status = "DIFFER"
			if explained {
				status = "explained: " + why
			} else {
				t.Errorf("%s: authlint apis/authorizers/methods %d/%d/%d, label %d/%d/%d (load error: %v)", rel, got.apis, got.authorizers, got.methods, want.apis, want.authorizers, want.methods, lerr)
			}
		} else {
			agree++
			if explained {
				t.Errorf("%s now agrees with labels.json: remove it from labelDisagreements (%s)", rel, why)
			}
		}
		fmt.Fprintf(&table, "%-90s authlint %d/%d/%d label %d/%d/%d %s\n", rel, got.apis, got.authorizers, got.methods, want.apis, want.authorizers, want.methods, status)
	}
	t.Logf("templates agreeing with labels.json (REST APIs / Cognito authorizers / Cognito methods): %d of %d\n%s", agree, total, table.String())
}

func intOf(v any) int {
	f, _ := v.(float64)
	return int(f)
}
