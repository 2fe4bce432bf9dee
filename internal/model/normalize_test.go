package model

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNormalizeLeavesNoNullCollections(t *testing.T) {
	inv := &Inventory{
		RestAPIs: []RestAPI{{
			Methods:        []Method{{}},
			Stages:         []Stage{{Deployed: &DeployedSnapshot{}}},
			ResourcePolicy: &Policy{Statements: []PolicyStatement{{Principal: &Principal{}}}},
		}},
		AppClients: []AppClient{{AllowedOAuthFlows: &Strings{}}},
		CDK:        &CDKApp{},
	}
	Normalize(inv)
	b, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "null") {
		t.Fatalf("null in normalized inventory: %s", b)
	}
	if inv.SchemaVersion != SchemaVersion {
		t.Fatalf("schemaVersion = %d", inv.SchemaVersion)
	}
}
