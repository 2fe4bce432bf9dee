package model

import (
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
	r := &jsonschema.Reflector{
		// Inline every definition: the type checker handles plain nested
		// schemas best, and the model has no recursion.
		DoNotReference: true,
		ExpandedStruct: true,
	}
	s := r.Reflect(&Inventory{})
	s.Version = "http://json-schema.org/draft-07/schema#"
	s.ID = "https://github.com/authlint/authlint/internal/model/schema.json"
	s.Title = "authlint inventory"
	s.Description = fmt.Sprintf("The normalized model authlint policies read (schemaVersion %d).", SchemaVersion)
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the inventory schema: %w", err)
	}
	return append(out, '\n'), nil
}
