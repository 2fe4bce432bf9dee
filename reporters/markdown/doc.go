// Package markdown writes a report as GitHub-flavoured Markdown for
// $GITHUB_STEP_SUMMARY, a pull-request comment or a merge-request note: a
// one-line verdict, counts by severity, a table of findings (most severe
// first, capped so a comment stays within size limits, with "…and N more"),
// the inputs that could not be loaded, the rules that failed, and the
// suppressed findings folded away. Text from findings is escaped so that
// "|", backticks and HTML in messages cannot break the table or inject markup.
package markdown
