package apigw

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
)

// posValues gives every pointer a value position and a key position that
// differ, so a test can tell which one a helper used.
var posValues = Literal{
	LocFunc:    func(p string) model.Loc { return model.Loc{Pointer: p, Line: 2} },
	KeyLocFunc: func(p string) model.Loc { return model.Loc{Pointer: p, Line: 1} },
}

// TestPolicyPointsAtKeys: the policy, its statements' Principal and lists
// point at the keys that hold them, whatever loader gives the positions.
func TestPolicyPointsAtKeys(t *testing.T) {
	doc := map[string]any{"Statement": []any{
		map[string]any{
			"Effect":    "Allow",
			"Principal": map[string]any{"AWS": []any{"arn:aws:iam::111122223333:root", "*"}, "Service": "x"},
			"Action":    "execute-api:Invoke",
			"Resource":  []any{"execute-api:/*"},
			"Condition": map[string]any{"IpAddress": map[string]any{"aws:SourceIp": "10.0.0.0/8"}},
		},
	}}
	p := Policy(doc, "/Policy", posValues)
	if p.Loc.Line != 1 || len(p.Statements) != 1 {
		t.Fatalf("policy at line %d with %d statements", p.Loc.Line, len(p.Statements))
	}
	st := p.Statements[0]
	for name, loc := range map[string]model.Loc{
		"principal": st.Principal.Loc, "principal AWS": st.Principal.AWS.Loc,
		"actions": st.Actions.Loc, "resources": st.Resources.Loc,
	} {
		if loc.Line != 1 {
			t.Errorf("%s at %+v, want its key", name, loc)
		}
	}
	if st.Principal.AWS.Loc.Pointer != "/Policy/Statement/0/Principal/AWS" || st.Principal.Loc.Pointer != "/Policy/Statement/0/Principal" {
		t.Errorf("principal pointers %q / %q", st.Principal.Loc.Pointer, st.Principal.AWS.Loc.Pointer)
	}
	if !st.Principal.Everyone || len(st.Principal.AWS.Items) != 1 || strings.Join(st.Principal.Other, ",") != "Service" {
		t.Errorf("principal %+v", st.Principal)
	}
	if strings.Join(st.Conditions, ",") != "IpAddress:aws:SourceIp" {
		t.Errorf("conditions %v", st.Conditions)
	}
}

func TestPolicyShapes(t *testing.T) {
	tests := []struct {
		name       string
		doc        any
		unknown    string
		statements int
	}{
		{"JSON text", `{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}}`, "", 1},
		{"bad JSON text", `{"Statement": [`, "not valid JSON", 0},
		{"intrinsic", map[string]any{"Fn::If": []any{"c", map[string]any{}, map[string]any{}}}, "Fn::If", 0},
		{"statement not a list", map[string]any{"Statement": "x"}, "Statement is", 0},
		{"no statement", map[string]any{"Version": "2012-10-17"}, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Policy(tc.doc, "/p", posValues)
			switch {
			case tc.unknown == "" && p.Unknown != nil:
				t.Errorf("unknown %+v", p.Unknown)
			case tc.unknown != "" && (p.Unknown == nil || !strings.Contains(p.Unknown.Reason, tc.unknown)):
				t.Errorf("unknown %+v, want %q", p.Unknown, tc.unknown)
			}
			if len(p.Statements) != tc.statements {
				t.Errorf("%d statements, want %d", len(p.Statements), tc.statements)
			}
		})
	}
}
