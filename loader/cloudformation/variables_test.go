package cloudformation

import (
	"context"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// loadSource loads a template given as text.
func loadSource(t *testing.T, name, src string, opts Options) *model.Inventory {
	t.Helper()
	in := loader.NewInput(name, []byte(src))
	l := New(opts)
	if !l.Detect(in) {
		t.Fatalf("%s: not detected", name)
	}
	invs, err := l.Load(context.Background(), in)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(invs) != 1 {
		t.Fatalf("%s: %d inventories", name, len(invs))
	}
	return invs[0]
}

const variablesTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
  PoolArn:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Always: !Equals [a, a]
  Never: !Equals [a, b]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: pets
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
  ByCondition:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: a
      Variables: !If [IsProd, {pool: prod}, {pool: dev}]
  KnownBranch:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: b
      Variables: !If
        - Always
        - pool: chosen
        - !Ref AWS::NoValue
  NoVariables:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: c
      Variables: !If [Never, {pool: x}, !Ref AWS::NoValue]
  Values:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: d
      Variables:
        literal: text
        number: 3
        param: !Ref PoolArn
        gone: !Ref AWS::NoValue
        maybe: !If [Never, x, !Ref AWS::NoValue]
        either: !If [IsProd, x, y]
  WithStageDescription:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: e
      StageDescription: !If [IsProd, {Variables: {pool: a}}, {Variables: {pool: b}}]
  WithVariablesRef:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: f
      StageDescription:
        Variables: !Ref PoolArn
  WithKnownDescription:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: g
      StageDescription: !If
        - Always
        - Variables:
            pool: known
        - !Ref AWS::NoValue
`

type wantVars struct {
	unknown bool
	vars    string // name=value,… with ? for an unknown value
	line    int    // line of the first variable, 0 to skip
}

func varsOf(st *model.Stage) string {
	parts := make([]string, 0, len(st.Variables))
	for _, v := range st.Variables {
		val, ok := v.Value.Get()
		if !ok {
			val = "?"
		}
		parts = append(parts, v.Name+"="+val)
	}
	return strings.Join(parts, ",")
}

// TestStageVariables: an intrinsic in place of the Variables map makes the
// set unknown; it is never read as a variable named after the intrinsic.
func TestStageVariables(t *testing.T) {
	inv := loadSource(t, "vars.yaml", variablesTemplate, Options{})
	api := find(t, inv.RestAPIs, apiRef, "Api")
	tests := []struct {
		ref  string
		want wantVars
	}{
		{"ByCondition", wantVars{unknown: true}},
		{"KnownBranch", wantVars{vars: "pool=chosen", line: 35}},
		{"NoVariables", wantVars{}},
		{"Values", wantVars{vars: "either=?,literal=text,number=3,param=?", line: 56}},
		{"WithStageDescription/stage", wantVars{unknown: true}},
		{"WithVariablesRef/stage", wantVars{unknown: true}},
		{"WithKnownDescription/stage", wantVars{vars: "pool=known", line: 78}},
	}
	for _, tc := range tests {
		t.Run(tc.ref, func(t *testing.T) {
			st := find(t, api.Stages, stageRef, tc.ref)
			if (st.VariablesUnknown != nil) != tc.want.unknown {
				t.Errorf("VariablesUnknown = %+v, want unknown %v", st.VariablesUnknown, tc.want.unknown)
			}
			if got := varsOf(st); got != tc.want.vars {
				t.Errorf("variables %q, want %q", got, tc.want.vars)
			}
			for _, v := range st.Variables {
				if strings.HasPrefix(v.Name, "Fn::") || v.Name == "Ref" {
					t.Errorf("an intrinsic read as variable %q", v.Name)
				}
			}
			if tc.want.line > 0 && st.Variables[0].Value.Loc.Line != tc.want.line {
				t.Errorf("first variable at line %d, want %d", st.Variables[0].Value.Loc.Line, tc.want.line)
			}
		})
	}
	st := find(t, api.Stages, stageRef, "Values")
	for _, v := range st.Variables {
		if v.Name == "param" && (v.Value.Unknown == nil || !strings.HasPrefix(v.Value.Unknown.Expr, "!Ref PoolArn")) {
			t.Errorf("param: %+v", *v.Value.Unknown)
		}
	}
}

const samVariablesTemplate = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Globals:
  Api:
    Variables:
      fromGlobals: g
Resources:
  Unknown:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Variables: !If [IsProd, {pool: a}, {pool: b}]
  Merged:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Variables:
        own: o
        param: !Ref Env
`

func TestSAMStageVariables(t *testing.T) {
	inv := loadSource(t, "sam-vars.yaml", samVariablesTemplate, Options{})
	unknown := find(t, find(t, inv.RestAPIs, apiRef, "Unknown").Stages, stageRef, "Unknown/stage")
	if unknown.VariablesUnknown == nil || len(unknown.Variables) != 0 {
		t.Errorf("Variables: !If on an unknown condition: %+v / %+v", unknown.Variables, unknown.VariablesUnknown)
	}
	merged := find(t, find(t, inv.RestAPIs, apiRef, "Merged").Stages, stageRef, "Merged/stage")
	if got := varsOf(merged); got != "fromGlobals=g,own=o,param=?" || merged.VariablesUnknown != nil {
		t.Errorf("merged variables %q (%+v)", got, merged.VariablesUnknown)
	}
	for _, v := range merged.Variables {
		if v.Name == "fromGlobals" && v.Value.Loc.Line != 10 {
			t.Errorf("a variable from Globals points at line %d, want 10", v.Value.Loc.Line)
		}
	}
}
