// Package engine compiles the Rego policies (the embedded catalogue plus user
// --policy folders) once, prepares one query over each family of rules once, and
// evaluates them against one model.Inventory at a time, turning each rule's
// deny set into findings. The rule catalogue comes from the policies' METADATA
// annotations without evaluating anything.
//
// The embedded catalogue compiles by families, each the first time an input
// needs it: the REST API, user pool, HTTP API and Postman rules, each skipped
// for inputs without the collections all its rules iterate over (REST APIs,
// app clients, HTTP APIs, Postman requests), and the token rules (explain
// only). With user policies everything compiles together when the engine is
// made. The embedded families are not compiled at run time at all while the
// generated ast.bin matches the policies and OPA: it holds each family as
// compiling it gives it, and a run only builds the compiler's indexes (the
// catalogue likewise comes from the generated heads.bin). Warm starts on the
// families most inputs need before any input is read.
//
// The compile runs in strict mode, against the model's JSON Schema (a policy
// that reads a field the model does not have fails to compile) and with
// capabilities that leave out every network and runtime built-in. Evaluation of
// each rule runs under a timeout and a panic guard; a failing rule becomes a
// finding.RuleError and the other rules still run.
//
// The engine imports the model, the policies and the finding vocabulary; it never
// imports loaders, reporters or the CLI.
package engine
