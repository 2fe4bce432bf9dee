// Package config reads .authlint.yaml: which rules run, severity overrides,
// paths to exclude, the --fail-on threshold, CloudFormation parameters,
// suppression governance, external (configuration) suppressions and the
// baseline file. Load checks the file strictly (unknown keys, wrong types,
// bad dates and patterns are errors naming the file, line and key); Resolve
// checks rule ids against the catalogue and merges the file with the
// command-line flags (flags win) into the Settings the run uses.
package config
