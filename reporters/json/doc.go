// Package json writes a report as one indented JSON document with a stable,
// versioned shape (schemaVersion): the tool, the inputs, the findings with
// their location, resource, fingerprint and suppression, the load errors, the
// rule errors and a summary. Scripts and dashboards read it; fields are added,
// never renamed or removed, without a new schemaVersion.
package json
