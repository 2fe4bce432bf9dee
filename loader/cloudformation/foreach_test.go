package cloudformation

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

const foreachYAML = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Parameters:
  Stages:
    Type: CommaDelimitedList
    Default: dev, prod
  Teams:
    Type: CommaDelimitedList
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Pool:
    Type: AWS::Cognito::UserPool
  Fn::ForEach::Authorizers:
    - Name
    - [Alpha, Beta]
    - ${Name}Authorizer:
        Type: AWS::ApiGateway::Authorizer
        Properties:
          Name: !Sub "${Name}-auth"
          RestApiId: !Ref Api
          Type: COGNITO_USER_POOLS
          IdentitySource: method.request.header.Authorization
          ProviderARNs:
            - !GetAtt Pool.Arn
`

// TestForEach: Fn::ForEach loops expand as CloudFormation expands them.
func TestForEach(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		params          map[string]string
		// refs are the generated authorizers and their names; line is the
		// line every generated authorizer points at.
		refs, names []string
		line        int
		// unknown is part of the reason the API's authorizers are unknown.
		unknown string
	}{
		{
			name: "literals", file: "t.yaml", src: foreachYAML,
			refs: []string{"AlphaAuthorizer", "BetaAuthorizer"}, names: []string{"Alpha-auth", "Beta-auth"}, line: 19,
		},
		{
			name: "parameter default", file: "t.yaml",
			src:  strings.Replace(foreachYAML, "[Alpha, Beta]", "!Ref Stages", 1),
			refs: []string{"devAuthorizer", "prodAuthorizer"}, names: []string{"dev-auth", "prod-auth"}, line: 19,
		},
		{
			name: "parameter given", file: "t.yaml", params: map[string]string{"Teams": "red,blue"},
			src:  strings.Replace(foreachYAML, "[Alpha, Beta]", "!Ref Teams", 1),
			refs: []string{"blueAuthorizer", "redAuthorizer"}, names: []string{"blue-auth", "red-auth"}, line: 19,
		},
		{
			name: "ampersand key", file: "t.yaml",
			src:  strings.Replace(strings.Replace(foreachYAML, "[Alpha, Beta]", "[my-api.v1, b_2]", 1), "${Name}Authorizer:", "'&{Name}Authorizer':", 1),
			refs: []string{"b2Authorizer", "myapiv1Authorizer"}, names: []string{"b_2-auth", "my-api.v1-auth"}, line: 19,
		},
		{
			name: "ref to identifier", file: "t.yaml",
			src:  strings.Replace(foreachYAML, `!Sub "${Name}-auth"`, "!Ref Name", 1),
			refs: []string{"AlphaAuthorizer", "BetaAuthorizer"}, names: []string{"Alpha", "Beta"}, line: 19,
		},
		{
			name: "nested loops", file: "t.yaml",
			src: `Transform: AWS::LanguageExtensions
Parameters:
  Stages:
    Type: CommaDelimitedList
    Default: dev,prod
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Fn::ForEach::Authorizers:
    - Name
    - [Alpha, Beta]
    - Fn::ForEach::Stages:
        - Stage
        - !Ref Stages
        - ${Name}${Stage}Authorizer:
            Type: AWS::ApiGateway::Authorizer
            Properties:
              Name: !Sub "${Name}-${Stage}"
              RestApiId: !Ref Api
              Type: TOKEN
              AuthorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations
`,
			refs:  []string{"AlphadevAuthorizer", "AlphaprodAuthorizer", "BetadevAuthorizer", "BetaprodAuthorizer"},
			names: []string{"Alpha-dev", "Alpha-prod", "Beta-dev", "Beta-prod"}, line: 15,
		},
		{
			name: "unknown collection", file: "t.yaml",
			src:     strings.Replace(foreachYAML, "[Alpha, Beta]", "!Ref Teams", 1),
			unknown: "parameter Teams has no default",
		},
		{
			name: "intrinsic collection", file: "t.yaml",
			src:     strings.Replace(foreachYAML, "[Alpha, Beta]", "!Split [',', !ImportValue names]", 1),
			unknown: "Fn::ForEach loop Authorizers",
		},
		{
			name: "json", file: "t.json", src: `{
  "Transform": "AWS::LanguageExtensions",
  "Resources": {
    "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "api"}},
    "Fn::ForEach::Authorizers": [
      "Name",
      ["One", "Two"],
      {
        "${Name}Authorizer": {
          "Type": "AWS::ApiGateway::Authorizer",
          "Properties": {"Name": {"Fn::Sub": "${Name}-auth"}, "RestApiId": {"Ref": "Api"}, "Type": "TOKEN",
            "AuthorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations"}
        }
      }
    ]
  }
}`,
			refs: []string{"OneAuthorizer", "TwoAuthorizer"}, names: []string{"One-auth", "Two-auth"}, line: 9,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inv := loadSource(t, tc.file, tc.src, Options{Params: tc.params})
			api := find(t, inv.RestAPIs, apiRef, "Api")
			var refs, names []string
			for _, a := range api.Authorizers {
				refs = append(refs, a.Ref)
				if a.Name != nil {
					names = append(names, *a.Name.Value)
				}
				if a.Loc.Line != tc.line || a.Loc.File != tc.file {
					t.Errorf("%s at %s:%d, want %s:%d", a.Ref, a.Loc.File, a.Loc.Line, tc.file, tc.line)
				}
			}
			slices.Sort(refs)
			slices.Sort(names)
			if !slices.Equal(refs, tc.refs) || !slices.Equal(names, tc.names) {
				t.Errorf("authorizers %v named %v, want %v named %v", refs, names, tc.refs, tc.names)
			}
			if tc.unknown == "" {
				if api.AuthorizersUnknown != nil {
					t.Errorf("authorizers unknown: %+v", api.AuthorizersUnknown)
				}
				for _, p := range inv.UserPools {
					if !p.Complete {
						t.Errorf("pool %s incomplete: %+v", p.Ref, p.Incomplete)
					}
				}
				return
			}
			if api.AuthorizersUnknown == nil || !strings.Contains(api.AuthorizersUnknown.Reason, tc.unknown) {
				t.Errorf("authorizers unknown %+v, want a reason with %q", api.AuthorizersUnknown, tc.unknown)
			}
			if api.MethodsUnknown != nil {
				t.Errorf("methods unknown although the loop generates authorizers only: %+v", api.MethodsUnknown)
			}
		})
	}
}

// TestForEachSections: loops in Conditions and Outputs, malformed loops.
func TestForEachSections(t *testing.T) {
	src := `Transform: AWS::LanguageExtensions
Conditions:
  Fn::ForEach::Flags:
    - Env
    - [dev, prod]
    - Is${Env}: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
  Fn::ForEach::Clients:
    - Env
    - [dev, prod]
    - ${Env}Client:
        Type: AWS::Cognito::UserPoolClient
        Condition: Is${Env}
        Properties:
          UserPoolId: !Ref Pool
Outputs:
  Fn::ForEach::Ids:
    - Env
    - [dev]
    - ${Env}PoolId:
        Value: !Ref Pool
        Export:
          Name: !Sub "${Env}-pool"
`
	inv := loadSource(t, "s.yaml", src, Options{Params: map[string]string{"AWS::Region": "us-east-1"}})
	var clients []string
	for _, c := range inv.AppClients {
		clients = append(clients, c.Ref)
	}
	slices.Sort(clients)
	if !slices.Equal(clients, []string{"devClient", "prodClient"}) {
		t.Errorf("clients %v", clients)
	}
	p := find(t, inv.UserPools, poolRef, "Pool")
	if p.Complete || p.Incomplete == nil || !strings.Contains(p.Incomplete.Reason, "devPoolId exports it") {
		t.Errorf("pool complete %v (%+v), want incomplete through the generated export", p.Complete, p.Incomplete)
	}
}

// TestForEachMalformed: a malformed loop is a problem naming the loop and its
// line; the rest of the template is read.
func TestForEachMalformed(t *testing.T) {
	src := "Transform: AWS::LanguageExtensions\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n  Fn::ForEach::Bad: just-a-string\n  Fn::ForEach::NoId:\n    - ''\n    - [a]\n    - {}\n"
	l := New(Options{})
	invs, err := l.Load(context.Background(), loader.NewInput("m.yaml", []byte(src)))
	if err == nil || !strings.Contains(err.Error(), "line 5: the Fn::ForEach loop Bad is a string") || !strings.Contains(err.Error(), "line 7: the identifier of the Fn::ForEach loop NoId") {
		t.Errorf("error %v, want both malformed loops with their lines", err)
	}
	if len(invs) != 1 || len(invs[0].UserPools) != 1 {
		t.Errorf("inventories %d, want the pool read", len(invs))
	}
	src = "Resources:\n  Fn::ForEach::Pools:\n    - Name\n    - [a, b]\n    - ${Name}Pool:\n        Type: AWS::Cognito::UserPool\n"
	invs, err = l.Load(context.Background(), loader.NewInput("n.yaml", []byte(src)))
	if err == nil || !strings.Contains(err.Error(), "line 2: the template uses Fn::ForEach without the AWS::LanguageExtensions transform") {
		t.Errorf("error %v, want the missing transform named", err)
	}
	if len(invs) != 1 || len(invs[0].UserPools) != 2 {
		t.Errorf("want the two pools read")
	}
}

// TestForEachUnknownLink: a reference to a logical id a loop over an unknown
// collection may generate is unknown, not missing; other ids stay missing.
func TestForEachUnknownLink(t *testing.T) {
	src := `Transform: AWS::LanguageExtensions
Parameters:
  Apps:
    Type: CommaDelimitedList
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Fn::ForEach::Authorizers:
    - App
    - !Ref Apps
    - Fn::ForEach::Inner:
        - Env
        - [dev]
        - '&{App}${Env}Authorizer':
            Type: AWS::ApiGateway::Authorizer
            Properties:
              RestApiId: !Ref Api
              Type: COGNITO_USER_POOLS
  Generated:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref WebdevAuthorizer
  Undefined:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Nothing
`
	inv := loadSource(t, "u.yaml", src, Options{})
	api := find(t, inv.RestAPIs, apiRef, "Api")
	for _, tc := range []struct {
		method  string
		unknown bool
	}{{"Generated", true}, {"Undefined", false}} {
		m := find(t, api.Methods, methodRef, tc.method)
		if m.Authorizer == nil {
			t.Fatalf("%s: no authorizer link", tc.method)
		}
		if got := m.Authorizer.Unknown != nil && m.Authorizer.Missing == nil; got != tc.unknown {
			t.Errorf("%s: authorizer link %+v, want unknown %v", tc.method, m.Authorizer, tc.unknown)
		}
	}
}

// TestForEachBounded: nested loops that would generate more than the bound
// stop early and leave what they generate unknown.
func TestForEachBounded(t *testing.T) {
	var names []string
	for i := range 25 {
		names = append(names, fmt.Sprintf("a%d", i))
	}
	items := "[" + strings.Join(names, ", ") + "]"
	var b strings.Builder
	b.WriteString("Transform: AWS::LanguageExtensions\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n")
	indent := "  "
	for i := range 3 {
		fmt.Fprintf(&b, "%sFn::ForEach::L%d:\n%s  - I%d\n%s  - %s\n%s  - ", indent, i, indent, i, indent, items, indent)
		b.WriteString("\n")
		indent += "    "
	}
	fmt.Fprintf(&b, "%sM${I0}${I1}${I2}:\n%s  Type: AWS::ApiGateway::Method\n%s  Properties: {RestApiId: !Ref Api}\n", indent, indent, indent)
	l := New(Options{})
	invs, err := l.Load(context.Background(), loader.NewInput("b.yaml", []byte(b.String())))
	if err == nil || !strings.Contains(err.Error(), "generates more than 10000 entries") {
		t.Errorf("error %v, want the bound named", err)
	}
	if len(invs) != 1 || len(invs[0].RestAPIs) != 1 {
		t.Fatalf("inventories %d", len(invs))
	}
	if api := invs[0].RestAPIs[0]; api.MethodsUnknown == nil {
		t.Errorf("methods known although the loops were cut short")
	}
}

const foreachSAM = `Transform:
  - AWS::LanguageExtensions
  - AWS::Serverless-2016-10-31
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: pets,toys
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
  Pool:
    Type: AWS::Cognito::UserPool
  Fn::ForEach::Functions:
    - Name
    - !Ref Names
    - ${Name}Function:
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
                Path: !Sub /${Name}
                Method: get
`

// TestForEachSAM: SAM functions generated by a loop give their API methods;
// over an unknown collection, the API's methods are unknown.
func TestForEachSAM(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params map[string]string
		paths  []string
	}{
		{"default", nil, []string{"/pets", "/toys"}},
		{"given", map[string]string{"Names": "a, b,c"}, []string{"/a", "/b", "/c"}},
		{"unknown", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := foreachSAM
			if tc.name == "unknown" {
				src = strings.Replace(src, "    Default: pets,toys\n", "", 1)
			}
			inv := loadSource(t, "sam.yaml", src, Options{Params: tc.params})
			api := find(t, inv.RestAPIs, apiRef, "Api")
			var paths []string
			for _, m := range api.Methods {
				if m.Path.Value != nil && m.HTTPMethod.Value != nil && *m.HTTPMethod.Value == "GET" {
					paths = append(paths, *m.Path.Value)
				}
				if m.HTTPMethod.Loc.Line != 30 {
					t.Errorf("%s at line %d, want the loop's line 30", m.Ref, m.HTTPMethod.Loc.Line)
				}
			}
			slices.Sort(paths)
			if !slices.Equal(paths, tc.paths) {
				t.Errorf("paths %v, want %v", paths, tc.paths)
			}
			if (api.MethodsUnknown != nil) != (tc.paths == nil) {
				t.Errorf("methods unknown %+v with paths %v", api.MethodsUnknown, tc.paths)
			}
		})
	}
}

// TestForEachUnknownOutputs: a loop of outputs over an unknown collection
// leaves the pools incomplete only when the outputs are exported, and never
// touches the APIs.
func TestForEachUnknownOutputs(t *testing.T) {
	for _, tc := range []struct {
		name, export string
		complete     bool
	}{
		{"exported", "\n        Export: {Name: !Sub '${Env}-pool'}", false},
		{"not exported", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "Transform: AWS::LanguageExtensions\nParameters:\n  Envs: {Type: CommaDelimitedList}\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n  Pool:\n    Type: AWS::Cognito::UserPool\nOutputs:\n  Fn::ForEach::Ids:\n    - Env\n    - !Ref Envs\n    - ${Env}PoolId:\n        Value: !Ref Pool" + tc.export + "\n"
			inv := loadSource(t, "o.yaml", src, Options{})
			if p := find(t, inv.UserPools, poolRef, "Pool"); p.Complete != tc.complete {
				t.Errorf("pool complete %v (%+v), want %v", p.Complete, p.Incomplete, tc.complete)
			}
			if api := find(t, inv.RestAPIs, apiRef, "Api"); api.MethodsUnknown != nil || api.AuthorizersUnknown != nil {
				t.Errorf("API parts unknown because of outputs: %+v", api)
			}
		})
	}
}

// TestForEachInProperties expands loops inside a RestApi's Body: known
// collections add their paths (nested loops too); an unknown collection
// makes the methods unknown, and is no error.
func TestForEachInProperties(t *testing.T) {
	const path = "testdata/realworld/foreach-properties.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inv := loadSource(t, path, string(data), Options{})
	apis := map[string]*model.RestAPI{}
	for i := range inv.RestAPIs {
		name, _ := inv.RestAPIs[i].Name.Get()
		apis[name] = &inv.RestAPIs[i]
	}
	known := apis["known"]
	if known == nil || known.MethodsUnknown != nil {
		t.Fatalf("known API: %+v", known)
	}
	var got []string
	for _, m := range known.Methods {
		verb, _ := m.HTTPMethod.Get()
		p, _ := m.Path.Get()
		got = append(got, verb+" "+p)
	}
	slices.Sort(got)
	want := []string{"GET /pets", "GET /static", "GET /toys", "POST /pets", "POST /toys"}
	if !slices.Equal(got, want) {
		t.Errorf("methods %v, want %v", got, want)
	}
	unknown := apis["unknown"]
	if unknown == nil || unknown.MethodsUnknown == nil || !strings.Contains(unknown.MethodsUnknown.Reason, "Fn::ForEach") {
		t.Errorf("the API whose loop is over an unknown list must have unknown methods: %+v", unknown)
	}
}
