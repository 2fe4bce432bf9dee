// Package openapi reads API Gateway REST API definitions written in OpenAPI
// (Swagger 2.0, OpenAPI 3.0 and 3.1, YAML or JSON) with the
// x-amazon-apigateway-* extensions into the model.
//
// Read (and Build, which drops the suppressions) is also used by the
// CloudFormation loader for OpenAPI documents inline in a template
// (AWS::ApiGateway::RestApi Body, AWS::Serverless::Api DefinitionBody): the
// caller's Env maps pointers back into the template and resolves intrinsics.
//
// How a document is read:
//
//   - kin-openapi checks the structure of the part authorization depends on
//     (paths, operations and their security, security schemes). Models,
//     parameters and responses are not checked: API Gateway tolerates
//     mistakes there that would otherwise stop every check of the API.
//     kin-openapi reads each distinct path item once (most operations of an
//     API are secured alike), and the whole part only to explain a failure,
//     so the check costs little beside parsing.
//   - The model is built from the decoded document itself, through JSON
//     pointers the package computes from the document's version. Positions
//     come from Env.Loc and Env.KeyLoc; values go through Env.String and
//     Env.ProviderARN, never interpreted here, so a CloudFormation intrinsic
//     stays what the Env makes of it.
//   - Internal $refs are followed by the package's own resolver; references
//     to other documents are never read: what sits behind them is unknown,
//     with the reason. A chain of references that loops is a load error.
//
// Mapping decisions (API Gateway behaviour, research §2.2 and §3a):
//
//   - Root-level security is recorded in OpenAPIInfo.RootSecurity and not
//     applied: API Gateway ignores it.
//   - The security requirements of an operation are merged, as API Gateway
//     does: the authorizer, the API key and the scopes come from all of them.
//     Two different authorizers, or conflicting authorization types (a Cognito
//     scheme and x-amazon-apigateway-auth NONE), make the type unknown.
//   - A requirement naming an undeclared scheme links to a Missing
//     authorizer; the method's type is CUSTOM when nothing else declares it
//     (an authorizer is required, its kind cannot be known).
//   - A document that declares both openapi and swagger is read as OpenAPI 3,
//     with the schemes of components.securitySchemes and of
//     securityDefinitions: SAM treats such a document as Swagger 2.0 and
//     writes the authorizers it adds into securityDefinitions. Which of the
//     two places API Gateway reads is not documented, so a method naming a
//     scheme declared only in securityDefinitions keeps the scheme's kind
//     (its authorization type, its API key) and links to an Unknown
//     authorizer, never a Missing one.
//   - A scheme with x-amazon-apigateway-authtype cognito_user_pools and no
//     authorizer object is a Cognito authorizer with no user pool.
//   - x-authlint-ignore entries are returned as written; a later stage
//     validates them. An entry whose shape cannot be read is kept with no
//     rule id so that stage reports it.
//
// HTTP APIs (API Gateway v2, ReadHTTP): a standalone document is read as an
// HTTP API when it is OpenAPI 3 and uses what only HTTP APIs have — a
// security scheme whose x-amazon-apigateway-authorizer has type jwt or an
// HTTP-only Lambda authorizer field (authorizerPayloadFormatVersion,
// enableSimpleResponses), a root x-amazon-apigateway-cors or
// x-amazon-apigateway-importexport-version (see IsHTTPDocument); REST APIs
// define none of them, so no REST document changes kind. The Body of an AWS::ApiGatewayV2::Api and the DefinitionBody
// of an AWS::Serverless::HttpApi are HTTP APIs whatever they hold. Mapping:
//
//   - Every operation is a route "VERB /path"; x-amazon-apigateway-any-method
//     is ANY, and ANY on the path $default is the $default route.
//   - A jwt authorizer gives its routes type JWT with the requirement's
//     scopes; a request authorizer gives CUSTOM; x-amazon-apigateway-authtype
//     awsSigv4 gives AWS_IAM. As for REST APIs the requirements of an
//     operation are merged; two authorizers make the route's link unknown.
//   - jwtConfiguration.issuer and each audience entry go through the
//     HTTPEnv, which links them to the user pool and app clients they name
//     (a standalone file has none to link to). identitySource is a list, or
//     text whose entries are separated by commas.
//   - x-amazon-apigateway-cors is the API's CORS configuration;
//     disableExecuteApiEndpoint is read at the root and in servers[], where
//     SAM writes it.
package openapi
