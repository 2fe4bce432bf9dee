package cloudformation

import (
	"context"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

// samPolicyTemplate is a SAM API whose Auth.ResourcePolicy is %s.
func samPolicyTemplate(policy string) string {
	return `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
  Vpcs:
    Type: CommaDelimitedList
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Users
        Authorizers:
          Users:
            UserPoolArn: !GetAtt Pool.Arn
        ResourcePolicy:
` + policy + `
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: s3://bucket/code.zip
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /pets
            Method: get
  Pool:
    Type: AWS::Cognito::UserPool
`
}

func loadWithProblems(t *testing.T, name, src string) (*model.Inventory, error) {
	t.Helper()
	in := loader.NewInput(name, []byte(src))
	invs, err := New(Options{}).Load(context.Background(), in)
	if len(invs) != 1 {
		t.Fatalf("%s: %d inventories (%v)", name, len(invs), err)
	}
	return invs[0], err
}

// TestSAMResourcePolicyUnknown: what the SAM translator would reject or
// misread makes the policy unknown; nothing is dropped silently.
func TestSAMResourcePolicyUnknown(t *testing.T) {
	tests := []struct {
		name, policy string
		unknown      string // part of the reason; "" = known
		problem      string // part of the load error; "" = none
		statements   int
	}{
		{"intrinsic in place of the object", `          Fn::If: [IsProd, {IpRangeBlacklist: [10.0.0.0/8]}, {Ref: AWS::NoValue}]`, "Fn::If", "", 0},
		{"account list as text", `          AwsAccountWhitelist: "111122223333"`, "neither a list nor an object", "must be a list or an object", 0},
		{"intrinsic in a string-only list", `          SourceVpcWhitelist: [!Ref Env]`, "not a list of strings", "must be a list of strings", 0},
		{"intrinsic list given whole", `          IntrinsicVpcWhitelist: !Ref Vpcs`, "not a list", "", 0},
		{"accounts from a parameter", `          AwsAccountWhitelist: !Ref Vpcs`, "", "", 1},
		{"intrinsic list", `          IntrinsicVpcWhitelist: [!Ref Env]`, "", "", 2},
		{"ip range as text", `          IpRangeBlacklist: 10.0.0.0/8`, "", "", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv, err := loadWithProblems(t, "policy.yaml", samPolicyTemplate(tc.policy))
			switch {
			case tc.problem == "" && err != nil:
				t.Errorf("unexpected load error: %v", err)
			case tc.problem != "" && (err == nil || !strings.Contains(err.Error(), tc.problem)):
				t.Errorf("load error %v, want one saying %q", err, tc.problem)
			}
			p := find(t, inv.RestAPIs, apiRef, "Api").ResourcePolicy
			if p == nil {
				t.Fatal("no resource policy")
			}
			if tc.unknown == "" {
				if p.Unknown != nil {
					t.Errorf("policy unknown: %+v", p.Unknown)
				}
			} else if p.Unknown == nil || !strings.Contains(p.Unknown.Reason, tc.unknown) {
				t.Errorf("policy unknown %+v, want a reason with %q", p.Unknown, tc.unknown)
			}
			if len(p.Statements) != tc.statements {
				t.Errorf("%d statements, want %d", len(p.Statements), tc.statements)
			}
			if p.Loc.Line == 0 {
				t.Error("the policy has no position")
			}
		})
	}
}

// TestSAMAccountWhitelistFindsGW003: an AwsAccountWhitelist allows only IAM
// principals, so Cognito callers get 403; the finding points at the setting.
func TestSAMAccountWhitelistFindsGW003(t *testing.T) {
	deny := ruleDeny(t, "gw003_", "resource_policy_aws_principal_without_iam")
	inv, err := loadWithProblems(t, "whitelist.yaml", samPolicyTemplate(`          AwsAccountWhitelist: ["111122223333"]`))
	if err != nil {
		t.Fatal(err)
	}
	hits := deny(inv)
	if len(hits) != 1 || hits[0].line != 20 {
		t.Errorf("GW003 findings %+v, want one at line 20 (AwsAccountWhitelist)", hits)
	}
}

const cfnPolicyTemplate = `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Always: !Equals [a, a]
Resources:
  ByCondition:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy: !If [IsProd, {Statement: [{Effect: Deny, Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*"}]}, !Ref AWS::NoValue]
  KnownBranch:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy: !If
        - Always
        - Statement:
            - Effect: Allow
              Principal: "*"
              Action: execute-api:Invoke
              Resource: execute-api:/*
        - !Ref AWS::NoValue
  AsText:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}'
`

// TestRestAPIPolicyIntrinsics: a RestApi Policy behind an Fn::If is followed
// on a known condition and unknown otherwise, never an empty policy.
func TestRestAPIPolicyIntrinsics(t *testing.T) {
	inv := loadSource(t, "policy.yaml", cfnPolicyTemplate, Options{})
	if p := find(t, inv.RestAPIs, apiRef, "ByCondition").ResourcePolicy; p == nil || p.Unknown == nil || !strings.Contains(p.Unknown.Reason, "IsProd") {
		t.Errorf("ByCondition policy %+v, want unknown (depends on IsProd)", p)
	}
	p := find(t, inv.RestAPIs, apiRef, "KnownBranch").ResourcePolicy
	if p == nil || p.Unknown != nil || len(p.Statements) != 1 {
		t.Fatalf("KnownBranch policy %+v", p)
	}
	if st := p.Statements[0]; st.Loc.Line != 18 || st.Principal == nil || st.Principal.Loc.Line != 19 {
		t.Errorf("statement at line %d, principal %+v: want lines 18 and 19", st.Loc.Line, st.Principal)
	}
	if p := find(t, inv.RestAPIs, apiRef, "AsText").ResourcePolicy; p == nil || p.Unknown != nil || len(p.Statements) != 1 {
		t.Errorf("AsText policy %+v", p)
	}
}
