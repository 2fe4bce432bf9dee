// Package escape makes text taken from scanned input safe to show in a
// terminal, a CI log or a rendered page.
//
// Names of APIs, authorizers, paths and logical ids, and load-error reasons,
// come from files written by strangers (pull requests from forks). Printed
// raw, an escape sequence in them could set a terminal's title, hide lines
// with colour codes, forge log lines with a newline, or reorder what a
// reviewer sees with Unicode bidi overrides. Every text-like reporter and the
// CLI's stderr lines pass such strings through Text; JSON and SARIF rely on
// their encoders instead.
package escape
