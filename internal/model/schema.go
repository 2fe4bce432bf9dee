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

// Schema returns the committed JSON Schema of the inventory document.
func Schema() []byte { return schemaJSON }

// GenerateSchema builds the JSON Schema of Inventory from the Go types. Objects
// forbid additional properties so the policy compiler rejects a policy that
// reads a field that does not exist.
func GenerateSchema() ([]byte, error) {
	r := &jsonschema.Reflector{ExpandedStruct: true}
	s := r.Reflect(&Inventory{})
	s.Version = "http://json-schema.org/draft-07/schema#"
	s.ID = "https://github.com/authlint/authlint/internal/model/schema.json"
	s.Title = "authlint inventory"
	s.Description = fmt.Sprintf("The normalized model authlint policies read (schemaVersion %d).", SchemaVersion)
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the inventory schema: %w", err)
	}
	// Shared types are defined once and referenced. The policy compiler reads
	// draft-07, where definitions live under "definitions" ($defs is newer); a
	// referenced schema is 20 times smaller than an inlined one and loads in a
	// fraction of the time at every start.
	out = bytes.ReplaceAll(out, []byte(`"$defs":`), []byte(`"definitions":`))
	out = bytes.ReplaceAll(out, []byte(`"#/$defs/`), []byte(`"#/definitions/`))
	return append(out, '\n'), nil
}
