package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// sparseInventory holds one of each nested struct, every collection in them
// left nil.
func sparseInventory() *Inventory {
	return &Inventory{
		RestAPIs: []RestAPI{{
			Methods:        []Method{{}},
			Stages:         []Stage{{Deployed: &DeployedSnapshot{}}},
			ResourcePolicy: &Policy{Statements: []PolicyStatement{{Principal: &Principal{}}}},
		}},
		AppClients: []AppClient{{AllowedOAuthFlows: &Strings{}}},
		CDK:        &CDKApp{},
	}
}

func TestNormalizeLeavesNoNullCollections(t *testing.T) {
	inv := sparseInventory()
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

// TestNormalizerMatchesNormalize: the plans a Normalizer builds up front
// cover every struct type normalize reaches, and give what Normalize gives.
func TestNormalizerMatchesNormalize(t *testing.T) {
	want, got := sparseInventory(), sparseInventory()
	Normalize(want)
	z := NewNormalizer()
	z.Normalize(got)
	wb, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	gb, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if string(wb) != string(gb) {
		t.Fatalf("Normalizer gives\n%s\nNormalize gives\n%s", gb, wb)
	}
	lazy := normalizer{plans: map[reflect.Type][]fieldPlan{}}
	lazy.normalize(reflect.ValueOf(sparseInventory()).Elem())
	for typ := range lazy.plans {
		if _, ok := z.plans[typ]; !ok {
			t.Errorf("NewNormalizer has no plan for %v", typ)
		}
	}
}
