package model

import (
	"reflect"
	"strings"
)

// Normalize replaces nil slices and maps that the JSON form always carries
// (fields without omitempty) by empty ones, so the Rego input has [] where a
// collection is empty, never null. Loaders and the snapshot reader call it.
func Normalize(inv *Inventory) {
	if inv.SchemaVersion == 0 {
		inv.SchemaVersion = SchemaVersion
	}
	normalize(reflect.ValueOf(inv).Elem())
}

func normalize(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			normalize(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			normalize(v.Index(i))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			fv := v.Field(i)
			if !f.IsExported() {
				continue
			}
			omit := strings.Contains(f.Tag.Get("json"), "omitempty")
			switch fv.Kind() {
			case reflect.Slice:
				if fv.IsNil() && !omit {
					fv.Set(reflect.MakeSlice(f.Type, 0, 0))
				}
			case reflect.Map:
				if fv.IsNil() && !omit {
					fv.Set(reflect.MakeMap(f.Type))
				}
			default:
			}
			normalize(fv)
		}
	default:
		// Scalars hold no collections.
	}
}
