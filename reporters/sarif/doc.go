// Package sarif writes a report as SARIF 2.1.0 for GitHub code scanning and
// other SARIF viewers: one run whose driver lists every rule of the catalogue
// (with help text and markdown, tags and security-severity), one result per
// finding with its exact line and column, a logical location naming the API
// resource, a primaryLocationLineHash built from the finding's semantic
// fingerprint (so alerts survive edits that move lines), and suppressions
// for suppressed findings. Inputs that could not be loaded and rules that
// failed become tool execution notifications.
//
// Findings about live resources have no file. Code scanning shows only
// results with a file location, so they point at a stable pseudo-path
// "live/ACCOUNT/REGION" (line 1) and carry the resource's ARN as their
// logical location; live scans get their own automation category so their
// alerts never replace those of a repository scan.
package sarif
