// Package sam expands the AWS::Serverless transform the way AWS's SAM
// translator (samtranslator 1.110) does for what decides authorization: it
// merges Globals into AWS::Serverless::Api resources, creates the implicit
// ServerlessRestApi, adds the methods that AWS::Serverless::Function and
// AWS::Serverless::StateMachine Api events create (with their Auth), the
// OPTIONS methods that Cors creates, the security schemes of Auth.Authorizers,
// the DefaultAuthorizer on every method that has an integration (OPTIONS
// included unless AddDefaultAuthorizerToCorsPreflight is false), the API key
// requirement, gateway responses and OpenApiVersion 3 post-processing.
//
// The result for each API is the OpenAPI document SAM would deploy as the
// RestApi Body, plus an origin map that sends every generated piece back to
// what the user wrote (the event, the Auth block, the Cors property), so the
// caller reads it with the OpenAPI loader and findings land on the user's lines.
// Values are copied raw (intrinsics intact) for the caller to resolve.
//
// Deliberately not expanded: usage plans, custom domains, request models and
// validators, and the IP/VPC/account lists of Auth.ResourcePolicy (only
// CustomStatements are added) — none decides which token a method accepts.
package sam
