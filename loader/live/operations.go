package live

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/smithy-go/middleware"
)

// SDK service ids (the ServiceID constants of the SDK packages).
const (
	serviceAPIGateway   = "API Gateway"
	serviceAPIGatewayV2 = "ApiGatewayV2"
	serviceCognito      = "Cognito Identity Provider"
	serviceSTS          = "STS"
)

// Operation is one AWS operation the scanner may call, with the IAM action
// and resource that authorize it.
type Operation struct {
	// Service is the SDK's service id ("API Gateway", "ApiGatewayV2",
	// "Cognito Identity Provider", "STS").
	Service string
	// Name is the operation name (GetResources).
	Name string
	// Action is the IAM action (apigateway:GET, cognito-idp:DescribeUserPool).
	Action string
	// Resource is the IAM resource pattern the call needs the action on.
	Resource string
	// Caller is true for operations the identity that runs authlint needs
	// (sts:AssumeRole, with --role-arn) rather than the scanned account's role.
	Caller bool
}

// operations is the complete list of what the scanner can call. Every SDK
// client it builds refuses anything else (guard); docs/iam-policy.json
// grants exactly the non-caller entries, which a test checks. API Gateway's
// control plane is authorized by HTTP verb and resource path, so every read
// is apigateway:GET on the path it reads.
var operations = []Operation{
	{serviceAPIGateway, "GetRestApis", "apigateway:GET", "arn:aws:apigateway:*::/restapis", false},
	{serviceAPIGateway, "GetResources", "apigateway:GET", "arn:aws:apigateway:*::/restapis/*/resources", false},
	{serviceAPIGateway, "GetAuthorizers", "apigateway:GET", "arn:aws:apigateway:*::/restapis/*/authorizers", false},
	{serviceAPIGateway, "GetStages", "apigateway:GET", "arn:aws:apigateway:*::/restapis/*/stages", false},
	{serviceAPIGateway, "GetDeployments", "apigateway:GET", "arn:aws:apigateway:*::/restapis/*/deployments", false},
	{serviceAPIGateway, "GetDeployment", "apigateway:GET", "arn:aws:apigateway:*::/restapis/*/deployments/*", false},
	{serviceAPIGateway, "GetGatewayResponses", "apigateway:GET", "arn:aws:apigateway:*::/restapis/*/gatewayresponses", false},
	{serviceAPIGateway, "GetExport", "apigateway:GET", "arn:aws:apigateway:*::/restapis/*/stages/*/exports/*", false},
	{serviceAPIGatewayV2, "GetApis", "apigateway:GET", "arn:aws:apigateway:*::/apis", false},
	{serviceAPIGatewayV2, "GetAuthorizers", "apigateway:GET", "arn:aws:apigateway:*::/apis/*/authorizers", false},
	{serviceAPIGatewayV2, "GetRoutes", "apigateway:GET", "arn:aws:apigateway:*::/apis/*/routes", false},
	{serviceAPIGatewayV2, "GetDeployments", "apigateway:GET", "arn:aws:apigateway:*::/apis/*/deployments", false},
	{serviceAPIGatewayV2, "GetStages", "apigateway:GET", "arn:aws:apigateway:*::/apis/*/stages", false},
	{serviceCognito, "DescribeUserPool", "cognito-idp:DescribeUserPool", "arn:aws:cognito-idp:*:*:userpool/*", false},
	{serviceCognito, "ListUserPoolClients", "cognito-idp:ListUserPoolClients", "arn:aws:cognito-idp:*:*:userpool/*", false},
	{serviceCognito, "DescribeUserPoolClient", "cognito-idp:DescribeUserPoolClient", "arn:aws:cognito-idp:*:*:userpool/*", false},
	{serviceCognito, "DescribeUserPoolDomain", "cognito-idp:DescribeUserPoolDomain", "*", false},
	{serviceCognito, "ListResourceServers", "cognito-idp:ListResourceServers", "arn:aws:cognito-idp:*:*:userpool/*", false},
	{serviceSTS, "GetCallerIdentity", "sts:GetCallerIdentity", "*", false},
	{serviceSTS, "AssumeRole", "sts:AssumeRole", "arn:aws:iam::*:role/authlint-scan", true},
}

// testInvoke is the one write-level operation authlint can make: `explain
// --live --test-invoke` asks API Gateway to run an authorizer on a token. It
// is not in operations (nor in docs/iam-policy.json): only the client
// TestInvokeAuthorizer builds, on request, lets it through.
var testInvoke = Operation{serviceAPIGateway, "TestInvokeAuthorizer", "apigateway:POST", "arn:aws:apigateway:*::/restapis/*/authorizers/*", false}

// Operations returns the operations the scanner can call.
func Operations() []Operation { return slices.Clone(operations) }

// WriteOperations returns the write-level operations authlint calls only when
// asked (explain --test-invoke), with their IAM action.
func WriteOperations() []Operation { return []Operation{testInvoke} }

func allowed(service, op string, extra []Operation) bool {
	match := func(o Operation) bool { return o.Service == service && o.Name == op }
	return slices.ContainsFunc(operations, match) || slices.ContainsFunc(extra, match)
}

// guard refuses every operation the table does not list (plus extra, for
// the client of an operation the user asked for), before anything is signed
// or sent: the scanner cannot write to an account even if a bug (or a future
// edit) calls a mutating operation.
func guard(extra ...Operation) middleware.InitializeMiddleware {
	return middleware.InitializeMiddlewareFunc("AuthlintReadOnlyGuard",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			service, op := middleware.GetServiceID(ctx), middleware.GetOperationName(ctx)
			if !allowed(service, op, extra) {
				return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("authlint refuses to call %s %s: not a read-only operation it needs", service, op)
			}
			return next.HandleInitialize(ctx, in)
		})
}
