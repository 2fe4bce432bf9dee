package snapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
)

// Loader reads export documents.
type Loader struct{ norm *model.Normalizer }

// New returns the snapshot loader.
func New() *Loader { return &Loader{norm: model.NewNormalizer()} }

// Name is the source kind.
func (*Loader) Name() string { return model.KindSnapshot }

// Detect accepts an export document (format: authlint-inventories) or a bare
// inventory (schemaVersion with restApis).
func (*Loader) Detect(in *loader.Input) bool {
	doc, err := in.Doc()
	if err != nil || !doc.IsMapping() {
		return false
	}
	if f, ok := doc.TopValue("format"); ok && f == model.ExportFormat {
		return true
	}
	keys := doc.TopKeys()
	return slices.Contains(keys, "schemaVersion") && slices.Contains(keys, "restApis") && slices.Contains(keys, "userPools")
}

// Load decodes the document; unknown fields are an error so a typo in a
// hand-edited snapshot does not silently drop data.
func (l *Loader) Load(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	named, err := l.LoadNamed(ctx, in)
	out := make([]*model.Inventory, 0, len(named))
	for _, n := range named {
		out = append(out, n.Inventory)
	}
	return out, err
}

// LoadNamed decodes the document like Load and keeps, for each inventory of
// an export, the input name and kind it was exported with. A bare inventory
// has neither.
func (l *Loader) LoadNamed(_ context.Context, in *loader.Input) ([]loader.Named, error) {
	doc, err := in.Doc()
	if err != nil {
		return nil, loader.AsError(in.Name(), err)
	}
	data := in.Data
	if !doc.JSON {
		v, err := doc.Decode(yamltree.Options{})
		if err != nil {
			return nil, loader.AsError(in.Name(), err)
		}
		if data, err = json.Marshal(v); err != nil {
			return nil, loader.Errorf(in.Name(), "re-encoding the snapshot: %v", err)
		}
	}
	if f, ok := doc.TopValue("format"); ok && f == model.ExportFormat {
		var ex model.Export
		if err := strictDecode(data, &ex); err != nil {
			return nil, loader.Errorf(in.Name(), "not a valid authlint export: %v", err)
		}
		if ex.SchemaVersion != model.SchemaVersion {
			return nil, loader.Errorf(in.Name(), "export has schemaVersion %d; this authlint reads %d", ex.SchemaVersion, model.SchemaVersion)
		}
		out := make([]loader.Named, 0, len(ex.Inventories))
		for i := range ex.Inventories {
			e := &ex.Inventories[i]
			inv := e.Inventory
			l.normalize(&inv)
			out = append(out, loader.Named{Source: e.Source, Kind: e.Kind, Inventory: &inv})
		}
		return out, nil
	}
	var inv model.Inventory
	if err := strictDecode(data, &inv); err != nil {
		return nil, loader.Errorf(in.Name(), "not a valid authlint inventory: %v", err)
	}
	if inv.SchemaVersion != model.SchemaVersion {
		return nil, loader.Errorf(in.Name(), "inventory has schemaVersion %d; this authlint reads %d", inv.SchemaVersion, model.SchemaVersion)
	}
	l.normalize(&inv)
	return []loader.Named{{Inventory: &inv}}, nil
}

func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decoding: %w", err)
	}
	return nil
}

// normalize gives nil slices their empty value so the Rego input always has
// every collection.
func (l *Loader) normalize(inv *model.Inventory) {
	l.norm.Normalize(inv)
}
