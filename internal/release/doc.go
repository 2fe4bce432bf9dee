// Package release checks, in tests, what ships authlint but is not Go code:
// the GoReleaser configuration (targets, version stamping), the Dockerfile
// and its build context (.dockerignore), and docs/iam-role.yaml against
// docs/iam-policy.json. It has no code of its own: a release must not depend
// on a tool that CI cannot run, so the checks are made with the Go
// toolchain and authlint's own loaders.
package release
