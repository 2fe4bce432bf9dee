package cloudformation

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/authlint/authlint/loader"
)

// FuzzTemplate feeds arbitrary bytes to detection and loading: no input may
// panic the loader.
func FuzzTemplate(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	more, _ := filepath.Glob("testdata/*.json")
	for _, s := range append(seeds, more...) {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("Resources: {A: {Type: AWS::Serverless::Api, Properties: {Cors: x, Auth: {DefaultAuthorizer: A, Authorizers: {A: {UserPoolArn: []}}}}}}"))
	f.Add([]byte("Conditions: {C: {Condition: C}}\nResources: {A: {Type: AWS::ApiGateway::Method, Condition: C, Properties: {ResourceId: !Ref A}}}"))
	f.Add([]byte(`{"version": "1", "artifacts": {"S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "x.json"}}}}`))
	f.Add([]byte(foreachYAML))
	f.Add([]byte("Transform: AWS::LanguageExtensions\nParameters: {L: {Type: CommaDelimitedList, Default: 'a,b'}}\nConditions: {Fn::ForEach::C: [X, [a], {C${X}: !Equals [a, a]}]}\nResources: {Fn::ForEach::A: [X, !Ref L, {Fn::ForEach::B: [Y, [c, '1.2'], {'&{X}${Y}': {Type: AWS::ApiGateway::Method, Condition: Ca, Properties: {AuthorizerId: !Ref X}}}]}]}\nOutputs: {Fn::ForEach::O: [X, [a], {O${X}: {Value: !Sub '${X}'}}]}"))
	f.Add([]byte("Transform: AWS::Serverless-2016-10-31\nResources: {A: {Type: AWS::Serverless::HttpApi, Properties: {CorsConfiguration: !Ref X, Auth: {DefaultAuthorizer: J, Authorizers: {J: {JwtConfiguration: [], IdentitySource: {}}}}}}, F: {Type: AWS::Serverless::Function, Properties: {Events: {E: {Type: HttpApi, Properties: {ApiId: !Ref A, Auth: {Authorizer: NONE}}}}}}}"))
	f.Add([]byte("Resources: {A: {Type: AWS::ApiGatewayV2::Api, Properties: {Target: !Ref T, RouteKey: !Ref K, Body: {openapi: 3.0.1, paths: {$default: {x-amazon-apigateway-any-method: {security: [{j: []}]}}}}}}, R: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref A, AuthorizerId: !Ref A}}, Z: {Type: AWS::ApiGatewayV2::Authorizer, Properties: {ApiId: !GetAtt A.ApiId, JwtConfiguration: {Audience: !Ref Z, Issuer: [1]}}}}"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		in := loader.NewInput(filepath.Join(dir, "t.yaml"), data)
		l := New(Options{})
		if _, err := in.Doc(); err != nil || !l.Detect(in) {
			return
		}
		invs, err := l.Load(context.Background(), in)
		if err != nil {
			if _, ok := errors.AsType[*loader.Error](err); !ok {
				t.Fatalf("error is %T, not *loader.Error: %v", err, err)
			}
		}
		_ = invs
	})
}
