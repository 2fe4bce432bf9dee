// Package codequality writes a report as a GitLab Code Quality report: the
// JSON array GitLab reads from artifacts:reports:codequality and shows in
// merge requests, one issue per active finding, with description,
// check_name, fingerprint, severity and location (path, lines.begin).
//
// Suppressed findings are left out (the format has no notion of them).
// Inputs that could not be loaded and rules that failed are issues too
// (check_name authlint/load-error, authlint/rule-error), and notices about
// inputs authlint recognized but did not read are info issues
// (authlint/notice), so a report never looks clean when the scan was not.
package codequality
