// Package github writes a report as GitHub Actions workflow commands
// ("::error file=…,line=…,col=…,title=…::message"), which the Actions runner
// turns into annotations on the pull request's changed lines. Errors map to
// error, warnings to warning, notes to notice. Suppressed findings are left
// out; inputs that could not be loaded and rules that failed are errors.
// Values are escaped the way the runner expects: "%", "\r" and "\n" in
// messages, and also ":" and "," in properties.
package github
