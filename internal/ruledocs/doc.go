// Package ruledocs renders the rule reference, docs/rules/<ID>.md for every
// rule and docs/rules/README.md as the index, from the catalogue the engine
// reads out of the policies' METADATA (plus the tool rules). The pages are
// generated, never edited by hand: a test fails when the committed pages
// differ from what the catalogue renders, and `go test ./internal/ruledocs
// -update` rewrites them.
//
// The package only formats; it reads no files and compiles no policy.
package ruledocs
