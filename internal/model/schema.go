package model

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"
)

// schemaJSON is the committed JSON Schema of Inventory; TestSchemaUpToDate
// regenerates it and fails when it differs.
//
//go:embed schema.json
var schemaJSON []byte

// tokenCaseSchemaJSON is the committed JSON Schema of TokenCase, the input of
// the token rules.
//
//go:embed tokencase.schema.json
var tokenCaseSchemaJSON []byte

// Schema returns the committed JSON Schema of the inventory document.
func Schema() []byte { return schemaJSON }

// TokenCaseSchema returns the committed JSON Schema of TokenCase.
func TokenCaseSchema() []byte { return tokenCaseSchemaJSON }

// GenerateSchema builds the JSON Schema of Inventory from the Go types. Objects
// forbid additional properties so the policy compiler rejects a policy that
// reads a field that does not exist.
func GenerateSchema() ([]byte, error) {
	return generate(&Inventory{}, "schema.json", "authlint inventory",
		fmt.Sprintf("The normalized model authlint policies read (schemaVersion %d).", SchemaVersion))
}

// GenerateTokenCaseSchema builds the JSON Schema of TokenCase, the input of
// the token rules.
func GenerateTokenCaseSchema() ([]byte, error) {
	return generate(&TokenCase{}, "tokencase.schema.json", "authlint token case",
		fmt.Sprintf("The input of the token rules that authlint explain evaluates (schemaVersion %d).", SchemaVersion))
}

func generate(v any, file, title, description string) ([]byte, error) {
	r := &jsonschema.Reflector{ExpandedStruct: true}
	s := r.Reflect(v)
	s.Version = "http://json-schema.org/draft-07/schema#"
	s.ID = jsonschema.ID("https://github.com/authlint/authlint/internal/model/" + file)
	s.Title = title
	s.Description = description
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the %s: %w", title, err)
	}
	// Shared types are defined once and referenced. The policy compiler reads
	// draft-07, where definitions live under "definitions" ($defs is newer); a
	// referenced schema is 20 times smaller than an inlined one and loads in a
	// fraction of the time at every start.
	out = bytes.ReplaceAll(out, []byte(`"$defs":`), []byte(`"definitions":`))
	out = bytes.ReplaceAll(out, []byte(`"#/$defs/`), []byte(`"#/definitions/`))
	return append(out, '\n'), nil
}
