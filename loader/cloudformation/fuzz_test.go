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
	for _, s := range fuzzSeeds(f) {
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
		if err := fuzzLoad(filepath.Join(dir, "t.yaml"), data); err != nil {
			if _, ok := errors.AsType[*loader.Error](err); !ok {
				t.Fatalf("error is %T, not *loader.Error: %v", err, err)
			}
		}
	})
}

func fuzzSeeds(tb testing.TB) []string {
	tb.Helper()
	seeds, _ := filepath.Glob("testdata/*.yaml")
	more, _ := filepath.Glob("testdata/*.json")
	return append(seeds, more...)
}

// fuzzLoad is one fuzz execution: detect, then load.
func fuzzLoad(path string, data []byte) error {
	in := loader.NewInput(path, data)
	l := New(Options{})
	if _, err := in.Doc(); err != nil || !l.Detect(in) {
		return nil //nolint:nilerr // input that is not a template is passed over, as a scan does
	}
	_, err := l.Load(context.Background(), in)
	return err
}

// TestFuzzSeedAllocsPerByte bounds the work of one fuzz execution on every
// seed. The fuzzer's shrinker runs the target once per byte range of a seed,
// so a seed costing milliseconds stalls fuzzing for the whole shrink budget;
// a super-linear path in loading shows here as allocations per byte far
// above today's 0.2–2.7.
func TestFuzzSeedAllocsPerByte(t *testing.T) {
	const maxPerByte = 8
	dir := t.TempDir()
	for _, s := range fuzzSeeds(t) {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, filepath.Base(s))
		allocs := testing.AllocsPerRun(3, func() { _ = fuzzLoad(path, data) })
		if per := allocs / float64(len(data)); per > maxPerByte {
			t.Errorf("%s: %.0f allocations for %d bytes (%.1f a byte, bound %d)", s, allocs, len(data), per, maxPerByte)
		}
	}
}
