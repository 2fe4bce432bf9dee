package cloudformation

import (
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
)

const exportsTemplate = `Parameters:
  Env:
    Type: String
    Default: prod
  Stage:
    Type: String
Conditions:
  Never: !Equals [a, b]
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
  Other:
    Type: AWS::Cognito::UserPool
  Hook:
    Type: Custom::Hook
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:hook
      Pool: !Ref Other
Outputs:
  PoolArn:
    Value: !GetAtt Pool.Arn
    Export:
      Name: !Sub ${Env}-pool-arn
  PoolId:
    Value: !Ref Pool
    Export:
      Name: !Join ["-", [!Ref Env, pool-id]]
  Literal:
    Value: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc
    Export:
      Name: literal
  Gone:
    Value: !GetAtt Removed.Arn
    Export:
      Name: gone
  PerStage:
    Value: !GetAtt Pool.ProviderURL
    Export:
      Name: !Sub ${Stage}-url
  Hidden:
    Condition: Never
    Value: !Ref Pool
    Export:
      Name: hidden
  OtherId:
    Value: !Ref Other
    Export:
      Name: other-id
  NotExported:
    Value: !Ref Pool
`

// TestExports: exported outputs are recorded with their resolved name and
// what they hand out; a pool open only because it is exported says so.
func TestExports(t *testing.T) {
	inv := loadSource(t, "exports.yaml", exportsTemplate, Options{})
	byOutput := map[string]model.StackExport{}
	for _, e := range inv.Exports {
		byOutput[e.Output] = e
	}
	for _, tc := range []struct {
		output, name, target, missing, attr, value string
	}{
		{output: "PoolArn", name: "prod-pool-arn", target: "Pool", attr: "Arn"},
		{output: "PoolId", name: "prod-pool-id", target: "Pool"},
		{output: "Literal", name: "literal", value: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"},
		{output: "Gone", name: "gone", missing: "Removed", attr: "Arn"},
		{output: "PerStage", target: "Pool", attr: "ProviderURL"},
		{output: "OtherId", name: "other-id", target: "Other"},
	} {
		e, ok := byOutput[tc.output]
		if !ok {
			t.Errorf("%s: not recorded", tc.output)
			continue
		}
		name, known := e.Name.Get()
		if tc.name == "" && known {
			t.Errorf("%s: name %q, want unknown", tc.output, name)
		}
		if tc.name != "" && name != tc.name {
			t.Errorf("%s: name %q (%+v), want %q", tc.output, name, e.Name.Unknown, tc.name)
		}
		if e.Attr != tc.attr {
			t.Errorf("%s: attr %q, want %q", tc.output, e.Attr, tc.attr)
		}
		switch {
		case tc.target != "" && (e.Target == nil || e.Target.Target != tc.target):
			t.Errorf("%s: target %+v, want %s", tc.output, e.Target, tc.target)
		case tc.missing != "" && (e.Target == nil || e.Target.Missing == nil || e.Target.Missing.Name != tc.missing):
			t.Errorf("%s: target %+v, want missing %s", tc.output, e.Target, tc.missing)
		case tc.value != "":
			if v, _ := e.Value.Get(); v != tc.value || e.Target != nil {
				t.Errorf("%s: value %q target %+v, want literal %q", tc.output, v, e.Target, tc.value)
			}
		}
		if e.Loc.File != "exports.yaml" || e.Loc.Line == 0 || !strings.HasPrefix(e.Loc.Pointer, "/Outputs/"+tc.output) {
			t.Errorf("%s: loc %+v", tc.output, e.Loc)
		}
	}
	for _, skipped := range []string{"Hidden", "NotExported"} {
		if _, ok := byOutput[skipped]; ok {
			t.Errorf("%s: recorded, but it exports nothing", skipped)
		}
	}
	pool := find(t, inv.UserPools, poolRef, "Pool")
	if pool.Complete || !pool.OpenOnlyToExports {
		t.Errorf("Pool: complete %v, open only to exports %v; want open only to exports", pool.Complete, pool.OpenOnlyToExports)
	}
	// A custom resource receives Other as well: the scan cannot see all of it.
	other := find(t, inv.UserPools, poolRef, "Other")
	if other.Complete || other.OpenOnlyToExports {
		t.Errorf("Other: complete %v, open only to exports %v; want neither", other.Complete, other.OpenOnlyToExports)
	}
}

// TestImportValueNamesTheExport: the unknown value of an Fn::ImportValue
// carries the export name when it is known.
func TestImportValueNamesTheExport(t *testing.T) {
	src := `Parameters:
  Env: {Type: String, Default: prod}
  Free: {Type: String}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Known:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Type: COGNITO_USER_POOLS
      ProviderARNs: [!ImportValue {"Fn::Sub": "${Env}-pool-arn"}]
  Unknown:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Type: COGNITO_USER_POOLS
      ProviderARNs: [!ImportValue {"Fn::Sub": "${Free}-pool-arn"}]
  ById:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Type: COGNITO_USER_POOLS
      ProviderARNs:
        - !Sub
          - arn:aws:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${PoolId}
          - PoolId: !ImportValue prod-pool-id
`
	inv := loadSource(t, "imports.yaml", src, Options{})
	want := map[string]string{"Known": "prod-pool-arn", "Unknown": "", "ById": "prod-pool-id"}
	for _, a := range inv.RestAPIs[0].Authorizers {
		item := a.ProviderARNs.Items[0]
		if item.UserPool == nil || item.UserPool.Unknown == nil || item.UserPool.Unknown.Import != want[a.LogicalID] {
			t.Errorf("%s: link %+v, want unknown importing %q", a.LogicalID, item.UserPool, want[a.LogicalID])
		}
	}
}
