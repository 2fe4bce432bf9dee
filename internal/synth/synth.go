package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Format is a kind of generated document.
type Format string

// The generated formats.
const (
	CloudFormationYAML Format = "cfn-yaml"
	CloudFormationJSON Format = "cfn-json"
	SAMYAML            Format = "sam-yaml"
	OpenAPIYAML        Format = "openapi-yaml"
	OpenAPIJSON        Format = "openapi-json"
)

// Formats lists every format, in the order reports show them.
var Formats = []Format{CloudFormationYAML, CloudFormationJSON, SAMYAML, OpenAPIYAML, OpenAPIJSON}

// Ext is the file extension a document of the format is written with.
func (f Format) Ext() string {
	if strings.HasSuffix(string(f), "json") {
		return ".json"
	}
	return ".yaml"
}

// Generate returns a document of the format with n methods (n is rounded up
// to an even number: methods come in GET/POST pairs on one resource). Every
// method is authorised by a Cognito user pool authorizer with a scope, so the
// rules have work to do on each of them.
func Generate(f Format, n int) []byte {
	pairs := (n + 1) / 2
	switch f {
	case CloudFormationYAML:
		return cfnYAML(pairs)
	case CloudFormationJSON:
		return mustJSON(cfnTree(pairs))
	case SAMYAML:
		return samYAML(pairs)
	case OpenAPIYAML:
		return openAPIYAML(pairs)
	case OpenAPIJSON:
		return mustJSON(openAPITree(pairs))
	default:
		panic("synth: unknown format " + string(f))
	}
}

func mustJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err) // plain maps, slices and strings always encode
	}
	return buf.Bytes()
}

const poolArn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Bench1234"

func cfnYAML(pairs int) []byte {
	var b strings.Builder
	b.Grow(pairs * 1200)
	b.WriteString(`AWSTemplateFormatVersion: "2010-09-09"
Description: generated API with many methods
Parameters:
  StageName:
    Type: String
    Default: prod
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: bench
  PoolDomain:
    Type: AWS::Cognito::UserPoolDomain
    Properties:
      UserPoolId: !Ref Pool
      Domain: bench-auth
  ResourceServer:
    Type: AWS::Cognito::UserPoolResourceServer
    Properties:
      UserPoolId: !Ref Pool
      Identifier: api
      Name: api
      Scopes:
        - ScopeName: read
          ScopeDescription: read
        - ScopeName: write
          ScopeDescription: write
  PoolClient:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Pool
      AllowedOAuthFlows: [code]
      AllowedOAuthScopes: [api/read, api/write]
      AllowedOAuthFlowsUserPoolClient: true
      CallbackURLs: [https://app.example.com/callback]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/bench
      Code:
        ZipFile: "def handler(e, c): return {}"
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: bench
  Authorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Name: cognito
      Type: COGNITO_USER_POOLS
      IdentitySource: method.request.header.Authorization
      ProviderARNs:
        - !GetAtt Pool.Arn
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: Get0
    Properties:
      RestApiId: !Ref Api
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      StageName: !Ref StageName
`)
	for i := range pairs {
		fmt.Fprintf(&b, `  Res%d:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: r%d
`, i, i)
		for _, verb := range []string{"GET", "POST"} {
			scope := "api/read"
			if verb == "POST" {
				scope = "api/write"
			}
			fmt.Fprintf(&b, `  %s%d:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Res%d
      HttpMethod: %s
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Authorizer
      AuthorizationScopes: [%s]
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
`, title(verb), i, i, verb, scope)
		}
	}
	return []byte(b.String())
}

func title(verb string) string { return verb[:1] + strings.ToLower(verb[1:]) }

// cfnTree is the template cfnYAML writes, in long form, for JSON.
func cfnTree(pairs int) map[string]any {
	ref := func(id string) map[string]any { return map[string]any{"Ref": id} }
	res := map[string]any{
		"Pool":       map[string]any{"Type": "AWS::Cognito::UserPool", "Properties": map[string]any{"UserPoolName": "bench"}},
		"PoolDomain": map[string]any{"Type": "AWS::Cognito::UserPoolDomain", "Properties": map[string]any{"UserPoolId": ref("Pool"), "Domain": "bench-auth"}},
		"ResourceServer": map[string]any{"Type": "AWS::Cognito::UserPoolResourceServer", "Properties": map[string]any{
			"UserPoolId": ref("Pool"), "Identifier": "api", "Name": "api",
			"Scopes": []any{map[string]any{"ScopeName": "read", "ScopeDescription": "read"}, map[string]any{"ScopeName": "write", "ScopeDescription": "write"}},
		}},
		"PoolClient": map[string]any{"Type": "AWS::Cognito::UserPoolClient", "Properties": map[string]any{
			"UserPoolId": ref("Pool"), "AllowedOAuthFlows": []any{"code"}, "AllowedOAuthScopes": []any{"api/read", "api/write"},
			"AllowedOAuthFlowsUserPoolClient": true, "CallbackURLs": []any{"https://app.example.com/callback"},
		}},
		"Fn": map[string]any{"Type": "AWS::Lambda::Function", "Properties": map[string]any{
			"Runtime": "python3.12", "Handler": "index.handler", "Role": "arn:aws:iam::123456789012:role/bench",
			"Code": map[string]any{"ZipFile": "def handler(e, c): return {}"},
		}},
		"Api": map[string]any{"Type": "AWS::ApiGateway::RestApi", "Properties": map[string]any{"Name": "bench"}},
		"Authorizer": map[string]any{"Type": "AWS::ApiGateway::Authorizer", "Properties": map[string]any{
			"RestApiId": ref("Api"), "Name": "cognito", "Type": "COGNITO_USER_POOLS",
			"IdentitySource": "method.request.header.Authorization",
			"ProviderARNs":   []any{map[string]any{"Fn::GetAtt": []any{"Pool", "Arn"}}},
		}},
		"Deployment": map[string]any{"Type": "AWS::ApiGateway::Deployment", "DependsOn": "Get0", "Properties": map[string]any{"RestApiId": ref("Api")}},
		"Stage": map[string]any{"Type": "AWS::ApiGateway::Stage", "Properties": map[string]any{
			"RestApiId": ref("Api"), "DeploymentId": ref("Deployment"), "StageName": ref("StageName"),
		}},
	}
	for i := range pairs {
		id := strconv.Itoa(i)
		res["Res"+id] = map[string]any{"Type": "AWS::ApiGateway::Resource", "Properties": map[string]any{
			"RestApiId": ref("Api"), "ParentId": map[string]any{"Fn::GetAtt": []any{"Api", "RootResourceId"}}, "PathPart": "r" + id,
		}}
		for _, verb := range []string{"GET", "POST"} {
			scope := "api/read"
			if verb == "POST" {
				scope = "api/write"
			}
			res[title(verb)+id] = map[string]any{"Type": "AWS::ApiGateway::Method", "Properties": map[string]any{
				"RestApiId": ref("Api"), "ResourceId": ref("Res" + id), "HttpMethod": verb,
				"AuthorizationType": "COGNITO_USER_POOLS", "AuthorizerId": ref("Authorizer"),
				"AuthorizationScopes": []any{scope},
				"Integration": map[string]any{"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
					"Uri": map[string]any{"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"}},
			}}
		}
	}
	return map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Description":              "generated API with many methods",
		"Parameters":               map[string]any{"StageName": map[string]any{"Type": "String", "Default": "prod"}},
		"Resources":                res,
	}
}

// samYAML is a SAM template whose function has one Api event per method.
func samYAML(pairs int) []byte {
	var b strings.Builder
	b.Grow(pairs * 500)
	b.WriteString(`AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: bench
  PoolDomain:
    Type: AWS::Cognito::UserPoolDomain
    Properties:
      UserPoolId: !Ref Pool
      Domain: bench-auth
  ResourceServer:
    Type: AWS::Cognito::UserPoolResourceServer
    Properties:
      UserPoolId: !Ref Pool
      Identifier: api
      Name: api
      Scopes:
        - ScopeName: read
          ScopeDescription: read
  PoolClient:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Pool
      AllowedOAuthFlows: [code]
      AllowedOAuthScopes: [api/read]
      AllowedOAuthFlowsUserPoolClient: true
      CallbackURLs: [https://app.example.com/callback]
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt Pool.Arn
            AuthorizationScopes: [api/read]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: "def handler(e, c): return {}"
      Events:
`)
	for i := range pairs {
		for _, verb := range []string{"get", "post"} {
			fmt.Fprintf(&b, `        %s%d:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /r%d
            Method: %s
`, title(verb), i, i, verb)
		}
	}
	return []byte(b.String())
}

func openAPIYAML(pairs int) []byte {
	var b strings.Builder
	b.Grow(pairs * 1400)
	b.WriteString(`openapi: 3.0.1
info:
  title: bench
  version: "1"
paths:
`)
	for i := range pairs {
		fmt.Fprintf(&b, "  /r%d:\n", i)
		for _, verb := range []string{"get", "post"} {
			fmt.Fprintf(&b, `    %s:
      operationId: %s%d
      security:
        - Cognito: [api/read]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f%d/invocations
`, verb, verb, i, i)
		}
	}
	fmt.Fprintf(&b, `components:
  schemas:
    Item:
      type: object
      properties:
        id:
          type: string
  securitySchemes:
    Cognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs:
          - %s
`, poolArn)
	return []byte(b.String())
}

// openAPITree is the definition openAPIYAML writes, for JSON.
func openAPITree(pairs int) map[string]any {
	paths := make(map[string]any, pairs)
	for i := range pairs {
		item := map[string]any{}
		for _, verb := range []string{"get", "post"} {
			item[verb] = map[string]any{
				"operationId": verb + strconv.Itoa(i),
				"security":    []any{map[string]any{"Cognito": []any{"api/read"}}},
				"responses": map[string]any{"200": map[string]any{"description": "ok",
					"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Item"}}}}},
				"x-amazon-apigateway-integration": map[string]any{"type": "aws_proxy", "httpMethod": "POST",
					"uri": fmt.Sprintf("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f%d/invocations", i)},
			}
		}
		paths["/r"+strconv.Itoa(i)] = item
	}
	return map[string]any{
		"openapi": "3.0.1",
		"info":    map[string]any{"title": "bench", "version": "1"},
		"paths":   paths,
		"components": map[string]any{
			"schemas": map[string]any{"Item": map[string]any{"type": "object", "properties": map[string]any{"id": map[string]any{"type": "string"}}}},
			"securitySchemes": map[string]any{"Cognito": map[string]any{"type": "apiKey", "name": "Authorization", "in": "header",
				"x-amazon-apigateway-authtype":   "cognito_user_pools",
				"x-amazon-apigateway-authorizer": map[string]any{"type": "cognito_user_pools", "providerARNs": []any{poolArn}}}},
		},
	}
}
