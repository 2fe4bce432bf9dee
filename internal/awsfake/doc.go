// Package awsfake is a loopback AWS endpoint for tests: one http.Handler that
// speaks API Gateway's REST-JSON protocol (REST APIs, and HTTP APIs through
// apigatewayv2's /v2/apis paths with "items"/"nextToken" paging), Cognito
// user pools' JSON 1.1 protocol (X-Amz-Target) and STS's query protocol,
// answering the read-only
// operations authlint's live loader calls with bodies shaped as the AWS API
// references show them (list key "item" with "position" paging, the REST API
// policy as an escaped JSON string, PascalCase Cognito members, STS XML).
//
// Accounts, regions, REST APIs, deployments and user pools come from scenario
// files (see Scenario). Requests are routed by their SigV4 credential scope:
// the access key id names the account, the scope names the region and the
// service, so one server stands in for every account and region at once.
// Faults (errors, throttling, slow answers) are injected per account, region,
// operation and resource; API Gateway's documented control-plane quotas can be
// enforced with 429s; every call is recorded so tests can count calls and
// check which operations were served.
//
// The package is for tests only: nothing outside _test.go files imports it,
// and a test checks that the authlint binary does not depend on it.
package awsfake
