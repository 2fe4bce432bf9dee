package terraform

import (
	"testing"
)

// TestEndpointType reads aws_api_gateway_rest_api's endpoint_configuration
// types: EDGE without the block, the body's VPC endpoint ids meaning
// PRIVATE, a variable's value, and unknown for a dynamic block or a
// variable without a value. The policy's condition values are read too.
func TestEndpointType(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"default", `resource "aws_api_gateway_rest_api" "api" { name = "a" }`, "EDGE"},
		{"block", `resource "aws_api_gateway_rest_api" "api" {
  name = "a"
  endpoint_configuration {
    types = ["regional"]
  }
}`, "REGIONAL"},
		{"variable", `variable "t" { default = "PRIVATE" }
resource "aws_api_gateway_rest_api" "api" {
  name = "a"
  endpoint_configuration {
    types = [var.t]
  }
}`, "PRIVATE"},
		{"variable without value", `variable "t" {}
resource "aws_api_gateway_rest_api" "api" {
  name = "a"
  endpoint_configuration {
    types = [var.t]
  }
}`, "unknown"},
		{"dynamic block", `variable "types" {}
resource "aws_api_gateway_rest_api" "api" {
  name = "a"
  dynamic "endpoint_configuration" {
    for_each = var.types
    content {
      types = [endpoint_configuration.value]
    }
  }
}`, "unknown"},
		{"body vpc endpoints", `resource "aws_api_gateway_rest_api" "api" {
  name = "a"
  body = jsonencode({
    openapi = "3.0.1"
    info = { title = "t", version = "1" }
    paths = {}
    "x-amazon-apigateway-endpoint-configuration" = { vpcEndpointIds = ["vpce-1"] }
  })
}`, "PRIVATE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": tt.src}), Options{})
			if err != nil {
				t.Fatalf("load error: %v", err)
			}
			et := inv.RestAPIs[0].EndpointType
			got := "nil"
			switch {
			case et == nil:
			case et.Unknown != nil:
				got = "unknown"
			default:
				got, _ = et.Get()
			}
			if got != tt.want {
				t.Errorf("endpoint type = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPolicyConditionValues(t *testing.T) {
	src := `variable "office" {}
resource "aws_api_gateway_rest_api" "api" {
  name = "a"
  policy = jsonencode({
    Statement = [{
      Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*"
      Condition = { IpAddress = { "aws:SourceIp" = ["10.0.0.0/8", var.office] } }
    }]
  })
}`
	inv, err := loadDir(t, writeModule(t, map[string]string{"main.tf": src}), Options{})
	if err != nil {
		t.Fatalf("load error: %v", err)
	}
	st := inv.RestAPIs[0].ResourcePolicy.Statements[0]
	if len(st.ConditionValues) != 1 || st.ConditionValues[0].Key != "aws:SourceIp" {
		t.Fatalf("condition values: %+v", st.ConditionValues)
	}
	items := st.ConditionValues[0].Values.Items
	if v, ok := items[0].Get(); !ok || v != "10.0.0.0/8" {
		t.Errorf("first value = %q (known %v)", v, ok)
	}
	if len(items) != 2 || items[1].Unknown == nil {
		t.Errorf("a variable without a value must stay unknown: %+v", items)
	}
}
