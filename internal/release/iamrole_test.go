package release

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation"
)

// statement is an IAM statement reduced to what it grants.
type statement struct {
	Sid       string
	Effect    string
	Actions   []string
	Resources []string
}

// statements reads the Statement list of a policy document (decoded JSON or
// YAML), with Action and Resource as lists whether written as one or many.
func statements(t *testing.T, doc any) []statement {
	t.Helper()
	m, _ := doc.(map[string]any)
	list, _ := m["Statement"].([]any)
	if len(list) == 0 {
		t.Fatalf("no statements in %v", doc)
	}
	strs := func(v any) []string {
		switch x := v.(type) {
		case string:
			return []string{x}
		case []any:
			var out []string
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					t.Fatalf("not a string: %v", e)
				}
				out = append(out, s)
			}
			slices.Sort(out)
			return out
		}
		t.Fatalf("not a string or list: %v", v)
		return nil
	}
	var out []statement
	for _, e := range list {
		s, _ := e.(map[string]any)
		sid, _ := s["Sid"].(string)
		eff, _ := s["Effect"].(string)
		out = append(out, statement{Sid: sid, Effect: eff, Actions: strs(s["Action"]), Resources: strs(s["Resource"])})
	}
	return out
}

// TestIAMRoleTemplate loads docs/iam-role.yaml with authlint's own
// CloudFormation loader (it must be detected and load without error) and
// checks that the role's policy grants exactly what docs/iam-policy.json
// grants, statement by statement.
func TestIAMRoleTemplate(t *testing.T) {
	r := root(t)
	path := filepath.Join(r, "docs", "iam-role.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := loader.NewInput(path, data)
	in.Explicit = true
	cfn := cloudformation.New(cloudformation.Options{Params: map[string]string{"ScannerPrincipal": "arn:aws:iam::111111111111:root"}})
	if !cfn.Detect(in) {
		t.Fatal("the CloudFormation loader does not recognize docs/iam-role.yaml")
	}
	if _, err := cfn.Load(t.Context(), in); err != nil {
		t.Fatalf("loading docs/iam-role.yaml: %v", err)
	}
	doc, err := in.Doc()
	if err != nil {
		t.Fatal(err)
	}
	tree, err := doc.Decode(yamltree.Options{CloudFormationTags: true})
	if err != nil {
		t.Fatal(err)
	}
	res, _ := tree.(map[string]any)["Resources"].(map[string]any)
	var got []statement
	roles := 0
	for _, v := range res {
		rsc, _ := v.(map[string]any)
		if rsc["Type"] != "AWS::IAM::Role" {
			continue
		}
		roles++
		props, _ := rsc["Properties"].(map[string]any)
		pols, _ := props["Policies"].([]any)
		for _, p := range pols {
			pm, _ := p.(map[string]any)
			got = append(got, statements(t, pm["PolicyDocument"])...)
		}
	}
	if roles != 1 {
		t.Fatalf("%d roles, want 1", roles)
	}
	raw, err := os.ReadFile(filepath.Join(r, "docs", "iam-policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	var policy any
	if err := json.Unmarshal(raw, &policy); err != nil {
		t.Fatal(err)
	}
	want := statements(t, policy)
	if len(got) != len(want) {
		t.Fatalf("the role has %d statements, docs/iam-policy.json %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Sid != w.Sid || g.Effect != w.Effect || !slices.Equal(g.Actions, w.Actions) || !slices.Equal(g.Resources, w.Resources) {
			t.Errorf("statement %d:\n  role   %+v\n  policy %+v", i, g, w)
		}
	}
}
