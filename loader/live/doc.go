// Package live reads API Gateway REST APIs and the Cognito user pools their
// authorizers name from running AWS accounts, with aws-sdk-go-v2, into the same
// model the file loaders produce: one model.Inventory per account and region.
//
// What it reads, per REST API: the API with its resource policy (GetRestApis),
// resources with their methods embedded (GetResources), authorizers, stages,
// deployments and gateway responses, and for each stage the snapshot it
// actually serves (GetExport with API Gateway extensions, parsed by the
// OpenAPI loader; GetDeployment's apiSummary when the export cannot be read),
// so drift between the deployed and the configured API is visible to the
// policies. For each user pool an authorizer names: the pool, its app clients
// (the client secret is dropped the moment the SDK hands it over), its
// resource servers and its domains.
//
// It is read-only by construction: every SDK client carries a middleware that
// refuses any operation missing from the table in operations.go, and a test
// checks that table against docs/iam-policy.json. Calls to one account share
// one rate limiter sized to API Gateway's documented control-plane quotas; the
// SDK's standard retryer handles the throttling that remains; concurrency is
// bounded and each attempt has a timeout. A failure in one account, region,
// API or pool becomes a finding.LoadError naming it and the reason, and the
// rest is still read: an API whose methods could not be read stays in the
// inventory with MethodsUnknown set.
//
// Scan is the entry point. Targets (accounts × regions) can be split into
// shards (ParseShard, Shard) so a scheduler runs them in parallel.
package live
