package policies

import "embed"

// FS holds the built-in policies: lib/ helpers and rules/<category>/ rules,
// tests included (the engine leaves *_test.rego out of production compiles).
//
//go:embed lib/*.rego rules/*/*.rego
var FS embed.FS
