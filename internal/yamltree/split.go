package yamltree

import (
	"bytes"
	"io"
	"runtime"
	"slices"
	"sync"

	"go.yaml.in/yaml/v4"
)

// Large YAML documents are parsed in parts, one per core: the YAML parser is
// serial and takes about as long as everything the loaders do with the tree
// (some 2 s for a 21 MB template of 40,000 methods).
//
// A part boundary is a line that starts an entry of the top-level section the
// boundary falls in (Resources, paths): every line there has the same
// indentation, and a line at that indentation ends any block scalar, plain
// scalar or nested block above it. The parts after the first are parsed with
// a one-line stand-in for the section's key in front ("_:"), their lines
// renumbered and their entries appended to the section, their later top-level
// keys to the root. A boundary inside a quoted scalar or a flow collection
// leaves the part before it unterminated, and an alias to an anchor of an
// earlier part is unknown in its own part: any error, or a part whose shape
// is not what the boundary promised, sends the whole document to the serial
// parser, which also gives the error its authoritative wording.
//
// Comments are not carried across the boundary; nothing reads them.

// minPartBytes is the smallest part worth a goroutine of its own: below
// some megabyte the serial parse takes tens of milliseconds.
const minPartBytes = 1 << 20

// maxParts bounds the parts of one document.
const maxParts = 8

// partKey is the stand-in key of the section in front of later parts.
const partKey = "_"

// splitParts is how many parts a document of size bytes is parsed in.
func splitParts(size int) int {
	return min(runtime.GOMAXPROCS(0), size/minPartBytes, maxParts)
}

// part is one piece of the document and its parse.
type part struct {
	start, end int // byte range in the document
	// lineOffset is added to the lines of the part's nodes (the stand-in key
	// takes line 1, the part's first line is line 2).
	lineOffset int
	root       *yaml.Node
	err        error
}

// parseSplit parses data in up to parts pieces at once; ok is false when the
// document cannot be split safely or a piece fails, and the caller parses it
// whole.
func parseSplit(data []byte, parts int) (*yaml.Node, bool) {
	if !splittable(data) {
		return nil, false
	}
	header, indent, cuts := boundaries(data, parts)
	if len(cuts) == 0 {
		return nil, false
	}
	ps := make([]part, len(cuts)+1)
	start := 0
	for i, c := range cuts {
		ps[i].start, ps[i].end = start, c
		start = c
	}
	ps[len(cuts)].start, ps[len(cuts)].end = start, len(data)
	var wg sync.WaitGroup
	for i := range ps {
		p := &ps[i]
		if i > 0 {
			p.lineOffset = bytes.Count(data[:p.start], []byte{'\n'}) - 1
		}
		parse := func() {
			var r io.Reader = bytes.NewReader(data[p.start:p.end])
			if i > 0 {
				r = io.MultiReader(bytes.NewReader([]byte(partKey+":\n")), r)
			}
			var n yaml.Node
			p.err = decodeNode(yaml.NewDecoder(r), &n)
			p.root = &n
		}
		if i == len(ps)-1 {
			parse() // the last part on this goroutine
		} else {
			wg.Go(parse)
		}
	}
	wg.Wait()
	return merge(ps, header, indent)
}

// merge joins the parsed parts after checking each has the shape its
// boundaries promise.
func merge(ps []part, header, indent int) (*yaml.Node, bool) {
	for i := range ps {
		if ps[i].err != nil {
			return nil, false
		}
		ps[i].root = docContent(ps[i].root)
	}
	root := ps[0].root
	if !blockMapping(root, 1) || len(root.Content) < 2 {
		return nil, false
	}
	section := root.Content[len(root.Content)-1]
	if root.Content[len(root.Content)-2].Line != header || !blockMapping(section, indent+1) {
		return nil, false
	}
	for i := 1; i < len(ps); i++ {
		r := ps[i].root
		if !blockMapping(r, 1) || len(r.Content) < 2 || r.Content[0].Value != partKey || r.Content[0].Line != 1 {
			return nil, false
		}
		s := r.Content[1]
		if !blockMapping(s, indent+1) || s.Line != 2 || len(s.Content) == 0 {
			return nil, false
		}
		// Only the last part may reach past the section.
		if i < len(ps)-1 && len(r.Content) != 2 {
			return nil, false
		}
	}
	// An empty value ("key:" with nothing after it, "[:]") has no token of
	// its own: the parser places it by the tokens around it, which a part
	// boundary changes (the one that follows the last node of a part is in
	// the next part; fuzzing found others).
	for i := range ps {
		if hasEmptyScalar(ps[i].root) {
			return nil, false
		}
	}
	for i := 1; i < len(ps); i++ {
		r := ps[i].root
		for _, n := range r.Content[1].Content {
			shiftLines(n, ps[i].lineOffset)
		}
		for _, n := range r.Content[2:] {
			shiftLines(n, ps[i].lineOffset)
		}
		section.Content = append(section.Content, r.Content[1].Content...)
		root.Content = append(root.Content, r.Content[2:]...)
	}
	return root, true
}

// hasEmptyScalar reports whether n or a node under it is a scalar with no
// text of its own. Aliases are not followed: their anchors are in the tree.
func hasEmptyScalar(n *yaml.Node) bool {
	if n.Kind == yaml.ScalarNode && n.Style == 0 && n.Value == "" {
		return true
	}
	return slices.ContainsFunc(n.Content, hasEmptyScalar)
}

// docContent is the top node of a parsed document (nil when empty).
func docContent(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		return n.Content[0]
	}
	return n
}

func blockMapping(n *yaml.Node, column int) bool {
	return n != nil && n.Kind == yaml.MappingNode && n.Style&yaml.FlowStyle == 0 && n.Column == column
}

// shiftLines renumbers the lines of a part's nodes as they are in the
// document. Alias nodes are not followed: their anchors are in the tree too.
func shiftLines(n *yaml.Node, offset int) {
	n.Line += offset
	for _, c := range n.Content {
		shiftLines(c, offset)
	}
}

// splittable rules out documents whose lines the parser counts differently
// from the '\n' bytes (a lone carriage return, Unicode line and paragraph
// separators, NEL) and streams with directives or document markers past the
// first line: a part boundary must not fall in another document.
func splittable(data []byte) bool {
	for i := bytes.IndexByte(data, '\r'); i >= 0; {
		if i+1 >= len(data) || data[i+1] != '\n' {
			return false
		}
		j := bytes.IndexByte(data[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	for _, sep := range [][]byte{[]byte("\u2028"), []byte("\u2029"), []byte("\u0085")} {
		if bytes.Contains(data, sep) {
			return false
		}
	}
	for _, marker := range [][]byte{[]byte("\n---"), []byte("\n..."), []byte("\n%")} {
		if bytes.Contains(data, marker) {
			return false
		}
	}
	return true
}

// boundaries finds up to parts-1 lines to cut the document at, all inside the
// top-level section that holds the first cut: header is the line (1-based) of
// the section's key, indent the indentation of its entries, cuts the byte
// offsets of the lines that start the later parts.
func boundaries(data []byte, parts int) (header, indent int, cuts []int) {
	target := len(data) / parts
	// The section's key: the last line before the first target that starts at
	// column 0 (and is not a comment).
	hdr := -1
	for off := 0; off < target; {
		if isTopLine(data[off:]) {
			hdr = off
		}
		off = nextLine(data, off)
	}
	if hdr < 0 {
		return 0, 0, nil
	}
	header = bytes.Count(data[:hdr], []byte{'\n'}) + 1
	// The section's first entry gives the indentation of all of them.
	first := -1
	for off := nextLine(data, hdr); off < len(data); off = nextLine(data, off) {
		line := data[off:]
		n := leadingSpaces(line)
		if blankOrComment(line[n:]) {
			continue
		}
		if n == 0 || !entryStart(line[n]) {
			return 0, 0, nil
		}
		first, indent = off, n
		break
	}
	if first < 0 {
		return 0, 0, nil
	}
	// Each cut is the first entry line at or after its target, while the
	// section lasts.
	next := 1
	for off := nextLine(data, first); off < len(data) && next < parts; off = nextLine(data, off) {
		line := data[off:]
		if isTopLine(line) {
			break // the section ended
		}
		if off < next*len(data)/parts {
			continue
		}
		if n := leadingSpaces(line); n == indent && n < len(line) && entryStart(line[n]) {
			cuts = append(cuts, off)
			next++
		}
	}
	return header, indent, cuts
}

// nextLine is the offset of the line after the one at off.
func nextLine(data []byte, off int) int {
	if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(data)
}

// isTopLine reports whether a line starts at column 0 with something other
// than a comment.
func isTopLine(line []byte) bool {
	return len(line) > 0 && !blankOrComment(line) && line[0] != ' ' && line[0] != '\t'
}

func leadingSpaces(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

func blankOrComment(rest []byte) bool {
	return len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' || rest[0] == '#'
}

// entryStart reports whether a line that starts with c (after its
// indentation) can only be a plain mapping key: no indicator (sequence item,
// complex key, flow collection, quote, anchor, alias, tag, block scalar,
// directive), no tab.
func entryStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '/' || c == '$' || c == '.'
}

// minParallelPairs is the size from which a mapping's values are decoded on
// every core: a template's Resources or an OpenAPI document's paths.
const minParallelPairs = 4096

// values decodes the values of a large mapping (merge keys aside) on every
// core, each with its result or error by pair; nil when the mapping is
// decoded in order instead. The caller goes through the pairs in order, so
// the first error met is the one the serial decoder would return.
func (st *decoder) values(n *yaml.Node, depth int) ([]any, []error) {
	pairs := len(n.Content) / 2
	workers := runtime.GOMAXPROCS(0)
	if st.parallelFrom < minParallelPairs {
		workers = max(workers, 2) // tests: this path on one core too
	}
	if st.parallelFrom == 0 || pairs < st.parallelFrom || workers < 2 {
		return nil, nil
	}
	vals, errs := make([]any, pairs), make([]error, pairs)
	var (
		wg     sync.WaitGroup
		panics = make([]any, workers)
	)
	for w := range workers {
		// Without aliases no decoder can run out of budget: each starts
		// from the whole of it.
		sub := &decoder{opts: st.opts, budget: st.budget}
		lo, hi := w*pairs/workers, (w+1)*pairs/workers
		wg.Go(func() {
			defer func() { panics[w] = recover() }()
			for i := lo; i < hi; i++ {
				if n.Content[2*i].Tag == "!!merge" {
					continue
				}
				vals[i], errs[i] = sub.node(n.Content[2*i+1], depth+1)
			}
		})
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p)
		}
	}
	return vals, errs
}
