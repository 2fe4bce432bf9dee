package cloudformation

import (
	"testing"

	"github.com/authlint/authlint/internal/model"
)

// endpointOf describes an API's endpoint type: its value, "unknown", or
// "nil" when the loader did not set it.
func endpointOf(api *model.RestAPI) string {
	switch {
	case api.EndpointType == nil:
		return "nil"
	case api.EndpointType.Unknown != nil:
		return "unknown"
	default:
		v, _ := api.EndpointType.Get()
		return v
	}
}

// TestEndpointType reads the endpoint type of RestApi and Serverless::Api
// resources: the property (a list of one type, a SAM type name or object),
// an import parameter, the body's VPC endpoint ids, or EDGE by default;
// unresolved values stay unknown.
func TestEndpointType(t *testing.T) {
	const head = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Kind:\n    Type: String\n  Known:\n    Type: String\n    Default: private\n"
	const sam = "Transform: AWS::Serverless-2016-10-31\n"
	tests := []struct {
		name, src, want string
		line            int
	}{
		{"default", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: a}\n", "EDGE", 9},
		{"types", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      EndpointConfiguration:\n        Types: [regional]\n", "REGIONAL", 13},
		{"no types", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      EndpointConfiguration: {VpcEndpointIds: [vpce-1]}\n", "EDGE", 12},
		{"parameter with default", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      EndpointConfiguration:\n        Types: [!Ref Known]\n", "PRIVATE", 13},
		{"parameter without default", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      EndpointConfiguration:\n        Types: [!Ref Kind]\n", "unknown", 13},
		{"types list unknown", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      EndpointConfiguration:\n        Types: !Split [',', !Ref Kind]\n", "unknown", 13},
		{"two types", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      EndpointConfiguration:\n        Types: [EDGE, REGIONAL]\n", "unknown", 13},
		{"import parameter", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Parameters: {endpointConfigurationTypes: REGIONAL}\n", "REGIONAL", 12},
		{"body vpc endpoints", head + "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Body:\n        swagger: '2.0'\n        info: {title: t, version: '1'}\n        x-amazon-apigateway-endpoint-configuration:\n          vpcEndpointIds: [vpce-1]\n        paths: {}\n", "PRIVATE", 16},
		{"sam default", head + sam + "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: prod}\n", "EDGE", 10},
		{"sam name", head + sam + "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      EndpointConfiguration: REGIONAL\n", "REGIONAL", 14},
		{"sam object", head + sam + "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      EndpointConfiguration:\n        Type: PRIVATE\n        VPCEndpointIds: [vpce-1]\n", "PRIVATE", 15},
		{"sam globals", head + sam + "Globals:\n  Api:\n    EndpointConfiguration: REGIONAL\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: prod}\n", "REGIONAL", 0},
		{"sam unknown", head + sam + "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      EndpointConfiguration: !Ref Kind\n", "unknown", 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := loadSource(t, "t.yaml", tt.src, Options{})
			if len(inv.RestAPIs) != 1 {
				t.Fatalf("%d APIs", len(inv.RestAPIs))
			}
			api := &inv.RestAPIs[0]
			if got := endpointOf(api); got != tt.want {
				t.Errorf("endpoint type = %s, want %s", got, tt.want)
			}
			if tt.line > 0 && api.EndpointType.Loc.Line != tt.line {
				t.Errorf("endpoint type at line %d, want %d", api.EndpointType.Loc.Line, tt.line)
			}
		})
	}
}

// TestConditionValues keeps a policy's condition values typed: known
// addresses, a parameter's default, and an unresolved reference unknown.
func TestConditionValues(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Office: {Type: String}
  Vpn: {Type: String, Default: 10.8.0.0/16}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              IpAddress:
                aws:SourceIp: [10.0.0.0/8, !Ref Vpn, !Ref Office]
              StringEquals:
                aws:SourceVpce: vpce-1
`
	inv := loadSource(t, "t.yaml", src, Options{})
	st := inv.RestAPIs[0].ResourcePolicy.Statements[0]
	if len(st.ConditionValues) != 2 {
		t.Fatalf("condition values: %+v", st.ConditionValues)
	}
	ip := st.ConditionValues[0]
	if ip.Operator != "IpAddress" || ip.Key != "aws:SourceIp" || len(ip.Values.Items) != 3 {
		t.Fatalf("first condition: %+v", ip)
	}
	for i, want := range []string{"10.0.0.0/8", "10.8.0.0/16", ""} {
		v, known := ip.Values.Items[i].Get()
		if v != want || known != (want != "") {
			t.Errorf("value %d = %q (known %v), want %q", i, v, known, want)
		}
	}
	if ip.Values.Items[0].Loc.Line != 17 {
		t.Errorf("value at line %d, want 17", ip.Values.Items[0].Loc.Line)
	}
	if vpce := st.ConditionValues[1]; vpce.Operator != "StringEquals" || len(vpce.Values.Items) != 1 {
		t.Errorf("second condition: %+v", vpce)
	}
}
