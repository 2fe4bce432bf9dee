// Package openapi reads API Gateway REST API definitions written in OpenAPI
// (Swagger 2.0, OpenAPI 3.0 and 3.1, YAML or JSON) with the
// x-amazon-apigateway-* extensions, through kin-openapi, into the model.
//
// Build is also used by the CloudFormation loader for OpenAPI documents inline in
// a template (AWS::ApiGateway::RestApi Body, AWS::Serverless::Api
// DefinitionBody): the caller's Env maps pointers back into the template and
// resolves intrinsics.
package openapi
