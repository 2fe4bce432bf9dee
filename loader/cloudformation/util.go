package cloudformation

import (
	"slices"
	"strconv"

	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/internal/apigw"
)

func itoa(i int) string { return strconv.Itoa(i) }

func escape(s string) string { return yamltree.Escape(s) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func scalarString(v any) (string, bool) { return apigw.Scalar(v) }
