// Package sam expands the AWS::Serverless transform the way AWS's SAM
// translator (samtranslator 1.110) does for what decides authorization: it
// merges Globals into AWS::Serverless::Api resources, creates the implicit
// ServerlessRestApi, adds the methods that AWS::Serverless::Function and
// AWS::Serverless::StateMachine Api events create (with their Auth), the
// OPTIONS methods that Cors creates, the security schemes of Auth.Authorizers,
// the DefaultAuthorizer on every method that has an integration (OPTIONS
// included unless AddDefaultAuthorizerToCorsPreflight is false), the API key
// requirement, Auth.ResourcePolicy (the account, IP range and VPC lists become
// the translator's Allow and Deny statements for every path, or for the
// event's path, followed by CustomStatements), gateway responses and
// OpenApiVersion 3 post-processing. A ResourcePolicy setting the translator
// would reject or misread (an intrinsic in place of the object or of a list)
// makes the API's policy unknown (API.PolicyUnknown) rather than absent.
//
// The result for each API is the OpenAPI document SAM would deploy as the
// RestApi Body, plus an origin map that sends every generated piece back to
// what the user wrote (the event, the Auth block, the Cors property), so the
// caller reads it with the OpenAPI loader and findings land on the user's lines.
// Values are copied raw (intrinsics intact) for the caller to resolve.
//
// ExpandHTTP does the same for AWS::Serverless::HttpApi (the translator's
// http_api_generator and OpenApiEditor): Globals.HttpApi, the implicit
// ServerlessHttpApi, the routes of HttpApi events (a missing Path and Method
// is the $default route) with their Auth, CorsConfiguration as
// x-amazon-apigateway-cors, Auth.Authorizers as OpenAPI 3 security schemes
// (JwtConfiguration keys lower-cased, as SAM accepts Issuer and issuer
// alike), AWS_IAM with EnableIamAuthorizer, and Auth.DefaultAuthorizer (with
// its AuthorizationScopes) on every integrated route without security,
// OPTIONS excepted.
//
// Deliberately not expanded: usage plans, custom domains, request models and
// validators — none decides which token a method accepts or who may call it.
package sam
