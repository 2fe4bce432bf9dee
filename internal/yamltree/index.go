package yamltree

import (
	"go.yaml.in/yaml/v4"
)

// smallMapping is the number of pairs up to which a mapping's keys are
// scanned rather than indexed: for a handful of keys a scan is faster than a
// hash lookup and costs no memory.
const smallMapping = 8

// keyIndex finds the keys of large mappings in constant time. Position
// lookups walk a pointer from the root; without the index every step through
// a mapping would scan its keys, and a template's Resources (thousands of
// keys) would make each lookup linear and a load quadratic.
type keyIndex map[*yaml.Node]map[string]int

// buildIndex indexes every mapping with more than smallMapping pairs, once
// per document: the last key with a given text wins (merge keys are not
// indexed; findKey follows them), as in a scan and in Decode with
// Options.OnDuplicate.
func buildIndex(root *yaml.Node) keyIndex {
	idx := keyIndex{}
	var visit func(n *yaml.Node, depth int)
	visit = func(n *yaml.Node, depth int) {
		if n == nil || depth > MaxDepth+1 {
			return
		}
		if n.Kind == yaml.MappingNode && len(n.Content) > 2*smallMapping {
			if _, done := idx[n]; done {
				return // reached again through an alias
			}
			m := make(map[string]int, len(n.Content)/2)
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Tag == "!!merge" {
					continue
				}
				m[k.Value] = i
			}
			idx[n] = m
		}
		if n.Kind == yaml.AliasNode {
			return // the anchor is visited where it is defined
		}
		for _, c := range n.Content {
			visit(c, depth+1)
		}
	}
	visit(root, 0)
	return idx
}

// direct finds a key set in the mapping itself (not through a merge key).
func (idx keyIndex) direct(n *yaml.Node, seg string) (*yaml.Node, *yaml.Node) {
	if m, ok := idx[n]; ok {
		if i, ok := m[seg]; ok {
			return n.Content[i+1], n.Content[i]
		}
		return nil, nil
	}
	for i := len(n.Content) - 2; i >= 0; i -= 2 {
		if n.Content[i].Value == seg && n.Content[i].Tag != "!!merge" {
			return n.Content[i+1], n.Content[i]
		}
	}
	return nil, nil
}
