// Package ci holds the CI recipes (a GitHub Actions workflow, a GitLab CI
// job) and the test that keeps them, the repository's composite action.yml
// and its .pre-commit-hooks.yaml from rotting: it runs each recipe's authlint
// command lines through the real command line and checks the exit code and
// the files the recipe hands on (SARIF for code scanning, JUnit for GitLab,
// the job summary).
package ci
