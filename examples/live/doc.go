// Package live holds the live scanning recipes (a Kubernetes CronJob for one
// account, an Indexed Job with shards and a merge step for an organisation, a
// scheduled GitHub Actions workflow with OIDC, and the IAM policies) and the
// test that keeps them consistent: the manifests parse, the authlint command
// lines use the live scanning flags correctly, the shard counts agree with the
// number of shards that run, and the IAM documents are valid.
package live
