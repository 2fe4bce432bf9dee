// Package suppress is the post-evaluation processor pipeline: it turns the raw
// findings of the engine into the findings a run reports. In order, it
// normalizes fingerprints, applies suppressions (CloudFormation metadata and
// OpenAPI extensions carried by the model, "# authlint:ignore" comments read
// from YAML sources, and the configuration's ignore entries), drops excluded
// paths and disabled rules, overrides severities, applies the baseline,
// removes exact duplicates and sorts.
//
// Suppressions are accountable: each names rule ids and needs a reason; an
// optional expiry date ends it. A suppression that is expired, lacks a reason
// or is malformed suppresses nothing and is reported, and so is one that
// matches nothing, as findings of the tool rules AL001–AL004 (see Rules), so
// every format shows them like any other finding. Suppressed findings stay in
// the report, marked with the kind of suppression and its justification.
package suppress
