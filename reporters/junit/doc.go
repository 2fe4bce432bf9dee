// Package junit writes a report as JUnit XML, the test-report format GitLab,
// Jenkins and GitHub test-report actions read, so that CI dashboards count
// checks rather than print logs.
//
// Layout: one <testsuite> per input (a file, or a live account and region),
// named after it. Each finding is a <testcase> of its own — a <failure> when it
// is at or above --fail-on, a passing case with the finding in <system-out>
// when it is below (a run that passes shows no failed test), <skipped> when it
// is suppressed — and every rule that held is a
// passing <testcase>: once per resource of the input (Input.Resources) of the
// kinds the rule declares (finding.Rule.Resources), or once for the whole
// input when either list is empty. An input that could not be loaded, and a
// rule that failed, is an <error>; an input recognized but not read (a
// notice) is a passing case that says so, or an <error> with --strict. The classname is the rule id (GitLab shows
// it as the suite column); names are unique within a suite (GitLab keeps
// only the first of equal names); file and line attributes point at the
// finding; the details are in the element body, because GitLab ignores the
// message attribute.
package junit
