package model

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite schema.json from the Go types")

func TestSchemaUpToDate(t *testing.T) {
	for _, tc := range []struct {
		file      string
		generate  func() ([]byte, error)
		committed []byte
	}{
		{"schema.json", GenerateSchema, Schema()},
		{"tokencase.schema.json", GenerateTokenCaseSchema, TokenCaseSchema()},
	} {
		got, err := tc.generate()
		if err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(tc.file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !bytes.Equal(got, tc.committed) {
			t.Errorf("internal/model/%s is stale: run go test ./internal/model -run TestSchemaUpToDate -update", tc.file)
		}
	}
}
