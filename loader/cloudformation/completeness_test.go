package cloudformation

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/model"
)

func poolRef(p *model.UserPool) string { return p.Ref }

const receiversTemplate = `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Received:
    Type: AWS::Cognito::UserPool
  ReceivedBySub:
    Type: AWS::Cognito::UserPool
  ReceivedInBranch:
    Type: AWS::Cognito::UserPool
  Exported:
    Type: AWS::Cognito::UserPool
  Alone:
    Type: AWS::Cognito::UserPool
  Domain:
    Type: Custom::CognitoDomain
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:domain
      UserPoolId: !Ref Received
  Settings:
    Type: AWS::CloudFormation::CustomResource
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:settings
      Config:
        Pools:
          - !Sub "${ReceivedBySub.Arn}"
      Maybe: !If [IsProd, !Ref ReceivedInBranch, !Ref AWS::NoValue]
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Alone
Outputs:
  PoolId:
    Value: !Ref Exported
    Export:
      Name: shared-pool
  NotExported:
    Value: !Ref Alone
`

// TestPoolCompleteness: a pool is complete unless something authlint does not
// read may add clients, resource servers or a domain to it.
func TestPoolCompleteness(t *testing.T) {
	inv := loadSource(t, "receivers.yaml", receiversTemplate, Options{})
	for _, tc := range []struct {
		pool string
		why  string // "" = complete
	}{
		{"Received", "custom resource Domain"},
		{"ReceivedBySub", "custom resource Settings"},
		{"ReceivedInBranch", "custom resource Settings"},
		{"Exported", "output PoolId exports it"},
		{"Alone", ""},
	} {
		p := find(t, inv.UserPools, poolRef, tc.pool)
		switch {
		case tc.why == "" && (!p.Complete || p.Incomplete != nil):
			t.Errorf("%s: complete %v (%+v), want complete", tc.pool, p.Complete, p.Incomplete)
		case tc.why != "" && (p.Complete || p.Incomplete == nil || !strings.Contains(p.Incomplete.Reason, tc.why)):
			t.Errorf("%s: complete %v (%+v), want incomplete because %q", tc.pool, p.Complete, p.Incomplete, tc.why)
		}
	}
}

// TestPoolCompletenessWholeTemplate: what may add resources anywhere makes
// every pool incomplete.
func TestPoolCompletenessWholeTemplate(t *testing.T) {
	for _, tc := range []struct{ name, src, why string }{
		{"macro", "Transform: [AWS::Serverless-2016-10-31, MyMacro]\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n", "transform MyMacro"},
		{"language extensions", "Transform: AWS::LanguageExtensions\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n", ""},
		{"loop over an unknown collection", "Transform: AWS::LanguageExtensions\nParameters:\n  Names: {Type: CommaDelimitedList}\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n  Fn::ForEach::Clients:\n    - Name\n    - !Ref Names\n    - ${Name}Client:\n        Type: AWS::Cognito::UserPoolClient\n        Properties: {UserPoolId: !Ref Pool}\n", "Fn::ForEach loop Clients"},
		{"sam only", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n", ""},
		{"remote nested stack", "Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n  Other:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://bucket.s3.amazonaws.com/other.yaml\n", "nested stack Other is not read"},
		{"remote application", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n  App:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: {ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/x, SemanticVersion: 1.0.0}\n", "nested stack App is not read"},
		{"included resources", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n  Api:\n    Type: AWS::ApiGateway::RestApi\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: s3://bucket/clients.yaml\n", "transform includes resources at /Resources/Fn::Transform"},
		{"included resource", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n  Clients:\n    Fn::Transform:\n      Name: AWS::Include\n      Parameters:\n        Location: s3://bucket/clients.yaml\n", "transform includes resources at /Resources/Clients"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := loadSource(t, tc.name+".yaml", tc.src, Options{})
			p := find(t, inv.UserPools, poolRef, "Pool")
			if tc.why == "" {
				if !p.Complete {
					t.Errorf("incomplete: %+v", p.Incomplete)
				}
				return
			}
			if p.Complete || p.Incomplete == nil || !strings.Contains(p.Incomplete.Reason, tc.why) {
				t.Errorf("complete %v (%+v), want incomplete because %q", p.Complete, p.Incomplete, tc.why)
			}
			for _, api := range inv.RestAPIs {
				if strings.HasPrefix(tc.name, "included") && api.MethodsUnknown == nil {
					t.Errorf("API %s: methods known although resources are included at deployment", api.Ref)
				}
			}
		})
	}
}

// TestCorpusPoolCompleteness: the developer portal creates its pools' domains,
// resource servers and client settings through custom resources.
func TestCorpusPoolCompleteness(t *testing.T) {
	dir := corpustest.Dir(t)
	inv, _ := loadFile(t.Context(), t, filepath.Join(dir, "openapi", "088__awslabs_aws-api-gateway-developer-portal__template.yaml"), Options{})
	for _, ref := range []string{"CognitoUserPool", "CognitoAdminUserPool"} {
		if p := find(t, inv.UserPools, poolRef, ref); p.Complete || p.Incomplete == nil || !strings.Contains(p.Incomplete.Reason, "custom resource") {
			t.Errorf("%s: complete %v (%+v)", ref, p.Complete, p.Incomplete)
		}
	}
}
