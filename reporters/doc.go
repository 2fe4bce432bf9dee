// Package reporters defines the Reporter interface and the one explicit list of
// output formats. Each format lives in its own package (reporters/text,
// reporters/json, …) and writes a *finding.Report to the io.Writer it is
// given; formats never open files, read inputs or decide exit codes.
package reporters
