package engine_test

import (
	"context"
	"os"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/openapi"
)

// benchInventory loads the 21-operation document the scan benchmarks use.
func benchInventory(b *testing.B) *model.Inventory {
	b.Helper()
	data, err := os.ReadFile("../scan/testdata/api-0001.yaml")
	if err != nil {
		b.Fatal(err)
	}
	invs, err := openapi.New().Load(context.Background(), loader.NewInput("api.yaml", data))
	if err != nil || len(invs) != 1 {
		b.Fatalf("loading: %v", err)
	}
	return invs[0]
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := engine.New(context.Background(), engine.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInput(b *testing.B) {
	inv := benchInventory(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Input(inv); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInputLarge converts the model of a generated template of 10,000
// methods (a quarter of the largest template a scan has been asked to read).
func BenchmarkInputLarge(b *testing.B) {
	inv := generatedTemplate(10_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := engine.Input(inv); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluate(b *testing.B) {
	inv := benchInventory(b)
	e, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		fs, errs := e.Evaluate(context.Background(), inv, "api.yaml")
		if len(errs) > 0 {
			b.Fatalf("findings %d, errors %v", len(fs), errs)
		}
	}
}
