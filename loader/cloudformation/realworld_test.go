package cloudformation

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// TestRealWorldTemplates covers shapes found running authlint over AWS's own
// template collections: each case is a file of its kind under
// testdata/realworld.
func TestRealWorldTemplates(t *testing.T) {
	for _, tc := range []struct {
		file     string
		explicit bool
		// detect is whether the loader claims the file.
		detect bool
		// errHas lists what the load error must say (none: no error).
		errHas []string
		// errLacks lists what it must not say.
		errLacks []string
		apis     int
		// policy checks the first API's resource policy.
		policy func(t *testing.T, p *model.Policy)
		// rules are the rule ids the embedded catalogue must report.
		rules []string
		// once is text the error must hold exactly once.
		once string
		// methods are the first API's methods as "VERB /path AUTHTYPE".
		methods []string
	}{
		{file: "rain-module.yaml", explicit: true, detect: true, apis: 1,
			errHas:   []string{"line 4:", "resource Bucket is a Rain module", "run rain pkg"},
			errLacks: []string{"has no Type"}},
		{file: "registry-types.yaml", explicit: true, detect: true},
		{file: "registry-types.yaml", explicit: false, detect: false},
		{file: "empty-resources.yaml", explicit: true, detect: true},
		{file: "empty-resources.yaml", explicit: false, detect: false},
		{file: "sam-api-policy.yaml", explicit: true, detect: true, apis: 1, policy: func(t *testing.T, p *model.Policy) {
			t.Helper()
			if p == nil || p.Unknown != nil || len(p.Statements) != 2 {
				t.Fatalf("policy %+v, want the two statements of Policy", p)
			}
			if e, _ := p.Statements[1].Effect.Get(); e != "Deny" {
				t.Errorf("second statement effect %q", e)
			}
			if p.Loc.Line != 10 {
				t.Errorf("policy at line %d, want 10", p.Loc.Line)
			}
		}},
		{file: "sam-api-policy-deny.yaml", explicit: true, detect: true, apis: 1, rules: []string{"GW001"}},
		{file: "sam-vpc-whitelist-ref-default.yaml", explicit: true, detect: true, apis: 1, policy: func(t *testing.T, p *model.Policy) {
			t.Helper()
			if p == nil || p.Unknown != nil || len(p.Statements) == 0 {
				t.Fatalf("policy %+v, want the statements built from the parameter's default", p)
			}
			found := false
			for _, st := range p.Statements {
				if slices.Contains(st.Conditions, "StringNotEquals:aws:SourceVpce") && st.ConditionsUnknown == nil {
					found = true
				}
			}
			if !found {
				t.Errorf("no statement limits callers to the endpoint: %+v", p.Statements)
			}
		}},
		{file: "sam-vpc-whitelist-ref-nodefault.yaml", explicit: true, detect: true, apis: 1,
			errHas: []string{"SourceVpcWhitelist must be a list of strings"}, once: "SourceVpcWhitelist must be a list of strings"},
		{file: "sam-fn-if-path.yaml", explicit: true, detect: true, apis: 1,
			methods: []string{"GET /pets COGNITO_USER_POOLS", "OPTIONS /pets NONE"}},
		{file: "sam-fn-if-operation.yaml", explicit: true, detect: true, apis: 1,
			methods: []string{"GET /pets COGNITO_USER_POOLS", "OPTIONS /pets NONE", "POST /pets COGNITO_USER_POOLS"}},
		{file: "sam-api-policy-both.yaml", explicit: true, detect: true, apis: 1, policy: func(t *testing.T, p *model.Policy) {
			t.Helper()
			if p == nil || p.Unknown == nil {
				t.Fatalf("policy %+v, want unknown", p)
			}
		}},
	} {
		name := tc.file
		if tc.explicit {
			name += "/named"
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "realworld", tc.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			in := loader.NewInput(path, data)
			in.Explicit = tc.explicit
			l := New(Options{})
			if got := l.Detect(in); got != tc.detect {
				t.Fatalf("Detect = %v, want %v", got, tc.detect)
			}
			if !tc.detect {
				return
			}
			invs, err := l.Load(context.Background(), in)
			if len(tc.errHas) == 0 && err != nil {
				t.Fatalf("load error: %v", err)
			}
			if len(tc.errHas) > 0 {
				if err == nil {
					t.Fatal("no load error")
				}
				for _, s := range tc.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				if tc.once != "" && strings.Count(err.Error(), tc.once) != 1 {
					t.Errorf("error %q says %q %d times, want once", err, tc.once, strings.Count(err.Error(), tc.once))
				}
				for _, s := range tc.errLacks {
					if strings.Contains(err.Error(), s) {
						t.Errorf("error %q says %q", err, s)
					}
				}
			}
			if len(invs) != 1 {
				t.Fatalf("%d inventories", len(invs))
			}
			if got := len(invs[0].RestAPIs); got != tc.apis {
				t.Fatalf("%d REST APIs, want %d", got, tc.apis)
			}
			if tc.policy != nil {
				tc.policy(t, invs[0].RestAPIs[0].ResourcePolicy)
			}
			if tc.methods != nil {
				var got []string
				for _, m := range invs[0].RestAPIs[0].Methods {
					verb, _ := m.HTTPMethod.Get()
					path, _ := m.Path.Get()
					typ, _ := m.AuthorizationType.Get()
					got = append(got, verb+" "+path+" "+typ)
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.methods) {
					t.Errorf("methods %v, want %v", got, tc.methods)
				}
			}
			if tc.rules != nil {
				eng, err := engine.New(context.Background(), engine.Options{})
				if err != nil {
					t.Fatal(err)
				}
				fs, errs := eng.Evaluate(context.Background(), invs[0], path)
				if len(errs) > 0 {
					t.Fatalf("rule errors: %v", errs)
				}
				var got []string
				for _, f := range fs {
					got = append(got, f.RuleID)
				}
				for _, id := range tc.rules {
					if !slices.Contains(got, id) {
						t.Errorf("findings %v lack %s", got, id)
					}
				}
			}
		})
	}
}
