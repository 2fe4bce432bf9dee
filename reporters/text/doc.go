// Package text writes a report for people reading a terminal or a CI log: one
// line per finding in the compiler style "file:line:col: ID (severity)
// message", then the inputs that could not be loaded and the rules that failed,
// then a one-line summary. Suppressed findings are counted, not shown.
package text
