// Package policies holds authlint's built-in Rego rules, embedded into the
// binary. Each rule is a package under authlint.rules with package-scope
// METADATA (see CONTRIBUTING.md and docs/architecture.md), a _test.rego beside
// it, and fixtures under testdata/fixtures/<ID>/. Helpers shared by rules live
// under lib/. The package contains no Go logic beyond the embedded files.
package policies
