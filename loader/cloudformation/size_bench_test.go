package cloudformation_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/synth"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation"
)

// growthSizes are the method counts `make bench` reports the growth curve
// over; loading should take time proportional to the size.
var growthSizes = []int{1000, 2000, 4000, 8000, 16000}

// BenchmarkLoadSize loads generated CloudFormation (YAML and JSON) and SAM
// templates of growing size, parsing included.
func BenchmarkLoadSize(b *testing.B) {
	ctx := context.Background()
	for _, f := range []synth.Format{synth.CloudFormationYAML, synth.CloudFormationJSON, synth.SAMYAML} {
		for _, n := range growthSizes {
			b.Run(fmt.Sprintf("%s/n=%d", f, n), func(b *testing.B) {
				data := synth.Generate(f, n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					in := loader.NewInput("bench"+f.Ext(), data)
					l := cloudformation.New(cloudformation.Options{})
					if !l.Detect(in) {
						b.Fatal("not detected")
					}
					invs, err := l.Load(ctx, in)
					if err != nil {
						b.Fatal(err)
					}
					if got := len(invs[0].RestAPIs[0].Methods); got < n {
						b.Fatalf("%d methods, want at least %d", got, n)
					}
				}
			})
		}
	}
}

// BenchmarkForEach loads a template whose methods come from an Fn::ForEach
// loop of n items: the cost should grow with what the loop generates.
func BenchmarkForEach(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{250, 500, 1000, 2000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var items strings.Builder
			for i := range n {
				if i > 0 {
					items.WriteString(", ")
				}
				fmt.Fprintf(&items, "p%d", i)
			}
			data := []byte(`Transform: AWS::LanguageExtensions
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Fn::ForEach::Paths:
    - Name
    - [` + items.String() + `]
    - ${Name}Resource:
        Type: AWS::ApiGateway::Resource
        Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: !Ref Name}
      ${Name}Get:
        Type: AWS::ApiGateway::Method
        Properties:
          RestApiId: !Ref Api
          ResourceId: !Ref ${Name}Resource
          HttpMethod: GET
          AuthorizationType: NONE
`)
			b.ReportAllocs()
			for b.Loop() {
				invs, err := cloudformation.New(cloudformation.Options{}).Load(ctx, loader.NewInput("loop.yaml", data))
				if err != nil {
					b.Fatal(err)
				}
				if got := len(invs[0].RestAPIs[0].Methods); got != n {
					b.Fatalf("%d methods, want %d", got, n)
				}
			}
		})
	}
}

// BenchmarkHTTPAPISize loads HTTP APIs of n routes: AWS::ApiGatewayV2::Route
// resources of one API, and a SAM HttpApi whose routes come from n HttpApi
// events with the default JWT authorizer. Time should grow with n.
func BenchmarkHTTPAPISize(b *testing.B) {
	ctx := context.Background()
	for _, kind := range []string{"cloudformation", "sam"} {
		for _, n := range []int{500, 1000, 2000, 4000} {
			b.Run(fmt.Sprintf("%s/n=%d", kind, n), func(b *testing.B) {
				data := httpAPITemplate(kind, n)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					invs, err := cloudformation.New(cloudformation.Options{}).Load(ctx, loader.NewInput("http.yaml", data))
					if err != nil {
						b.Fatal(err)
					}
					if got := len(invs[0].HTTPAPIs[0].Routes); got != n {
						b.Fatalf("%d routes, want %d", got, n)
					}
				}
			})
		}
	}
}

func httpAPITemplate(kind string, n int) []byte {
	var s strings.Builder
	s.WriteString("Resources:\n  Pool: {Type: AWS::Cognito::UserPool}\n  Client: {Type: AWS::Cognito::UserPoolClient, Properties: {UserPoolId: !Ref Pool}}\n")
	if kind == "sam" {
		s.WriteString(`  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            IdentitySource: $request.header.Authorization
            JwtConfiguration: {issuer: !Sub "https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}", audience: [!Ref Client]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: x
      Events:
`)
		for i := range n {
			fmt.Fprintf(&s, "        E%d: {Type: HttpApi, Properties: {ApiId: !Ref Api, Path: /p%d, Method: get}}\n", i, i)
		}
		return []byte("Transform: AWS::Serverless-2016-10-31\n" + s.String())
	}
	s.WriteString(`  Api: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: HTTP}}
  Authorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref Api
      AuthorizerType: JWT
      IdentitySource: [$request.header.Authorization]
      JwtConfiguration: {Issuer: !Sub "https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}", Audience: [!Ref Client]}
`)
	for i := range n {
		fmt.Fprintf(&s, "  R%d: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: GET /p%d, AuthorizationType: JWT, AuthorizerId: !Ref Authorizer}}\n", i, i)
	}
	return []byte(s.String())
}
