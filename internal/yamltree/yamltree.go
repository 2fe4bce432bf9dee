package yamltree

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/textdist"
)

// Limits that keep hostile documents from exhausting memory or the stack.
const (
	// MaxDepth is the deepest nesting accepted.
	MaxDepth = 256
	// maxExpandFactor bounds how many nodes alias expansion may produce,
	// relative to the document's own node count (plus a floor for tiny files).
	maxExpandFactor = 10
	minExpandBudget = 100_000
)

// ErrEmpty is returned for a document with no content.
var ErrEmpty = errors.New("the document is empty")

// Pos is a 1-based line and column.
type Pos struct {
	Line   int
	Column int
}

// Doc is a parsed document.
type Doc struct {
	root *yaml.Node // the document's top node (never a DocumentNode)
	// JSON is true when the text is JSON (starts with '{' or '[').
	JSON bool
	// Size is the length of the text in bytes.
	Size int

	// index is built on the first position lookup (see keyIndex); a Doc may
	// be read from several goroutines.
	indexOnce sync.Once
	index     keyIndex
}

func (d *Doc) keys() keyIndex {
	d.indexOnce.Do(func() { d.index = buildIndex(d.root) })
	return d.index
}

// Error is a syntax or structure error with the position it was found at.
type Error struct {
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return e.Msg
}

// Parse parses the first document of data. Only the first document of a
// multi-document YAML stream is read.
func Parse(data []byte) (*Doc, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, &Error{Line: lineOfInvalidUTF8(data), Column: 0, Msg: "the file is not valid UTF-8 text"}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, &Error{Msg: "the file contains NUL bytes (binary data?)"}
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, ErrEmpty
	}
	isJSON := trimmed[0] == '{' || trimmed[0] == '['
	if isJSON {
		root, err := parseJSON(data)
		if err == nil {
			return &Doc{root: root, JSON: true, Size: len(data)}, nil
		}
		if len(data) > yamlFallbackLimit {
			return nil, err
		}
		// Not strict JSON: read it as YAML flow text, as before.
	}
	root, err := parseYAML(data, splitParts(len(data)))
	if err != nil {
		return nil, err
	}
	return &Doc{root: root, JSON: isJSON, Size: len(data)}, nil
}

// parseYAML parses the first document of a YAML stream, in parts at once when
// there are more than one (see split.go).
func parseYAML(data []byte, parts int) (*yaml.Node, error) {
	if parts > 1 {
		if root, ok := parseSplit(data, parts); ok {
			return root, nil
		}
	}
	var n yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := decodeNode(dec, &n); err != nil {
		return nil, err
	}
	root := docContent(&n)
	if root == nil || root.Kind == 0 || (root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
		return nil, ErrEmpty
	}
	return root, nil
}

// decodeNode runs the YAML parser with a panic guard: the parser is third-party
// code fed with untrusted bytes.
func decodeNode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Error{Msg: fmt.Sprintf("the YAML parser failed: %v", r)}
		}
	}()
	if err := dec.Decode(n); err != nil {
		return syntaxError(err)
	}
	return nil
}

func syntaxError(err error) error {
	msg := clipQuoted(err.Error())
	msg = strings.TrimPrefix(msg, "yaml: ")
	// yaml reports "line N: msg"; keep the line as a structured field.
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok {
			if l, convErr := strconv.Atoi(num); convErr == nil {
				return &Error{Line: l, Msg: tail}
			}
		}
	}
	return &Error{Msg: msg}
}

func lineOfInvalidUTF8(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// TopKeys returns the keys of the top-level mapping (nil if the document is not
// a mapping). Detection uses it without decoding the whole document.
func (d *Doc) TopKeys() []string {
	root := resolveAlias(d.root)
	if root.Kind != yaml.MappingNode {
		return nil
	}
	keys := make([]string, 0, len(root.Content)/2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		keys = append(keys, root.Content[i].Value)
	}
	return keys
}

// TopValue returns the scalar value of a top-level key, if it is a scalar.
func (d *Doc) TopValue(key string) (string, bool) {
	n := d.lookupKey(resolveAlias(d.root), key)
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// IsMapping reports whether the document's top value is a mapping.
func (d *Doc) IsMapping() bool { return resolveAlias(d.root).Kind == yaml.MappingNode }

func (d *Doc) lookupKey(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	// From the end: when a key is set twice (accepted only with
	// Options.OnDuplicate) the last value is the one read.
	for i := len(n.Content) - 2; i >= 0; i -= 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < MaxDepth; i++ {
		n = n.Alias
	}
	return n
}

// Pos returns the position of the value at the JSON pointer. When the pointer
// goes deeper than the document (into a decoded intrinsic, say), the position
// of the deepest node on the way is returned; ok is false only for an invalid
// pointer.
func (d *Doc) Pos(pointer string) (Pos, bool) {
	n, _, ok := d.walk(pointer)
	if !ok {
		return Pos{}, false
	}
	return Pos{Line: n.Line, Column: n.Column}, true
}

// KeyPos returns the position of the mapping key that holds the value at the
// pointer (where a finding about a property reads best), or the value's own
// position when the value is a sequence item or the root.
func (d *Doc) KeyPos(pointer string) (Pos, bool) {
	n, key, ok := d.walk(pointer)
	if !ok {
		return Pos{}, false
	}
	if key != nil {
		return Pos{Line: key.Line, Column: key.Column}, true
	}
	return Pos{Line: n.Line, Column: n.Column}, true
}

// walk follows the pointer; it returns the deepest node reached and, when the
// last step reached was through a mapping key, that key node.
func (d *Doc) walk(pointer string) (*yaml.Node, *yaml.Node, bool) {
	n := d.root
	if pointer == "" {
		return n, nil, true
	}
	if pointer[0] != '/' {
		return nil, nil, false
	}
	var key *yaml.Node
	idx := d.keys()
	for raw := range strings.SplitSeq(pointer[1:], "/") {
		seg := unescape(raw)
		n = resolveAlias(n)
		if tagSegment(idx, n, seg) {
			// A short-form tag decodes to {"Fn::If": content}: the long-form
			// key names the tagged node itself, whose content comes next.
			continue
		}
		var next, nextKey *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			next, nextKey = findKey(idx, n, seg, 0)
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		default:
			// Scalars have no children.
		}
		if next == nil {
			// Deeper than the node tree (a short-form tag decoded into a map):
			// the current node is the best position.
			return n, key, true
		}
		n, key = next, nextKey
	}
	return n, key, true
}

// tagSegment reports whether seg is the key a tagged node decodes to: the
// long form of a CloudFormation short tag (!If → Fn::If), or an unknown tag
// kept as written. A mapping that really holds the key is not skipped.
func tagSegment(idx keyIndex, n *yaml.Node, seg string) bool {
	if !strings.HasPrefix(n.Tag, "!") || strings.HasPrefix(n.Tag, "!!") {
		return false
	}
	if long, ok := shortForm[n.Tag]; (!ok || long != seg) && n.Tag != seg {
		return false
	}
	if n.Kind == yaml.MappingNode {
		if v, _ := findKey(idx, n, seg, 0); v != nil {
			return false
		}
	}
	return true
}

// findKey finds a key in a mapping, following YAML merge keys.
func findKey(idx keyIndex, n *yaml.Node, seg string, depth int) (*yaml.Node, *yaml.Node) {
	if v, k := idx.direct(n, seg); v != nil {
		return v, k
	}
	if depth > 8 {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Tag == "!!merge" {
			m := resolveAlias(n.Content[i+1])
			if m.Kind == yaml.MappingNode {
				if v, k := findKey(idx, m, seg, depth+1); v != nil {
					return v, k
				}
			}
		}
	}
	return nil, nil
}

func unescape(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// Escape escapes one JSON pointer segment.
func Escape(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Options control decoding.
type Options struct {
	// CloudFormationTags rewrites short-form intrinsic tags to long form. When
	// false, a custom tag is an error.
	CloudFormationTags bool
	// KeepUnknownTags turns a tag that is not a CloudFormation intrinsic
	// (!Rain::S3, a preprocessor's own tag) into a one-key object {"!Tag":
	// value} instead of an error, so the rest of the document can be read.
	KeepUnknownTags bool
	// OnDuplicate, when set, is told of each key set again in the same
	// mapping, and the last value is kept (what JSON readers such as API
	// Gateway's importer do); when nil a duplicate key is an error.
	OnDuplicate func(Duplicate)
}

// Duplicate is a mapping key set more than once: First is where it is first
// set, Last where it is set again. Position lookups find the last one.
type Duplicate struct {
	Key         string
	First, Last Pos
}

// QuotedKey is the key clipped and quoted for a message.
func (d Duplicate) QuotedKey() string { return quote(d.Key) }

// Decode converts the document into plain Go values.
func (d *Doc) Decode(opts Options) (any, error) {
	return d.decode(opts, minParallelPairs)
}

// decode decodes the values of mappings of parallelFrom pairs or more on
// every core when nothing depends on the order they are decoded in: no
// alias (the expansion budget is shared) and no duplicate callback (called
// in order).
func (d *Doc) decode(opts Options, parallelFrom int) (any, error) {
	budget, aliases := expandBudget(d.root)
	st := &decoder{opts: opts, budget: budget}
	if !aliases && opts.OnDuplicate == nil {
		st.parallelFrom = parallelFrom
	}
	return st.node(d.root, 0)
}

// expandBudget is how many values alias expansion may produce for the
// document; aliases says whether it has any.
func expandBudget(root *yaml.Node) (budget int, aliases bool) {
	count := 0
	var visit func(n *yaml.Node, depth int)
	visit = func(n *yaml.Node, depth int) {
		if n == nil || depth > MaxDepth+1 {
			return
		}
		count++
		if n.Kind == yaml.AliasNode {
			aliases = true
		}
		for _, c := range n.Content {
			visit(c, depth+1)
		}
	}
	visit(root, 0)
	return max(count*maxExpandFactor, minExpandBudget), aliases
}

type decoder struct {
	opts   Options
	budget int
	// parallelFrom is the size of the mappings whose values are decoded on
	// several goroutines (see values); 0 for none.
	parallelFrom int
}

func (st *decoder) node(n *yaml.Node, depth int) (any, error) {
	return st.value(n, depth, false)
}

// value decodes a node; untagged reads a tagged node's content as its plain
// kind (a scalar as a string), for tagged.
func (st *decoder) value(n *yaml.Node, depth int, untagged bool) (any, error) {
	if depth > MaxDepth {
		return nil, &Error{Line: n.Line, Column: n.Column, Msg: fmt.Sprintf("nesting is deeper than %d levels", MaxDepth)}
	}
	st.budget--
	if st.budget < 0 {
		return nil, &Error{Line: n.Line, Column: n.Column, Msg: "the document expands to too many values (YAML alias bomb?)"}
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil, &Error{Line: n.Line, Column: n.Column, Msg: "alias to an unknown anchor"}
		}
		return st.node(n.Alias, depth+1)
	}
	if tag := n.Tag; !untagged && tag != "" && !strings.HasPrefix(tag, "!!") && tag != "!" && !strings.HasPrefix(tag, "tag:yaml.org,2002:") {
		return st.tagged(n, depth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return st.mapping(n, depth)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := st.node(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.ScalarNode:
		if untagged {
			return n.Value, nil
		}
		return scalar(n), nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return st.node(n.Content[0], depth+1)
	default:
		return nil, &Error{Line: n.Line, Column: n.Column, Msg: "unsupported YAML node"}
	}
}

func (st *decoder) mapping(n *yaml.Node, depth int) (map[string]any, error) {
	out := make(map[string]any, len(n.Content)/2)
	var merges []*yaml.Node
	vals, errs := st.values(n, depth)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Line: k.Line, Column: k.Column, Msg: "mapping keys must be scalars"}
		}
		// out holds the keys met so far (merges come after): no second map
		// per mapping only to find the rare duplicate.
		if _, dup := out[k.Value]; dup {
			if st.opts.OnDuplicate == nil {
				return nil, &Error{Line: k.Line, Column: k.Column, Msg: "duplicate key " + quote(k.Value)}
			}
			st.opts.OnDuplicate(Duplicate{Key: k.Value, First: firstKey(n, k.Value), Last: Pos{Line: k.Line, Column: k.Column}})
		}
		var (
			val any
			err error
		)
		if vals != nil {
			val, err = vals[i/2], errs[i/2]
		} else {
			val, err = st.node(v, depth+1)
		}
		if err != nil {
			return nil, err
		}
		out[k.Value] = val
	}
	// Merge keys fill only what the mapping does not set itself.
	for _, m := range merges {
		mv, err := st.node(m, depth+1)
		if err != nil {
			return nil, err
		}
		var sources []any
		switch t := mv.(type) {
		case map[string]any:
			sources = []any{t}
		case []any:
			sources = t
		default:
			return nil, &Error{Line: m.Line, Column: m.Column, Msg: "merge key value must be a mapping or a list of mappings"}
		}
		for _, s := range sources {
			sm, ok := s.(map[string]any)
			if !ok {
				return nil, &Error{Line: m.Line, Column: m.Column, Msg: "merge key value must be a mapping or a list of mappings"}
			}
			for k, v := range sm {
				if _, set := out[k]; !set {
					out[k] = v
				}
			}
		}
	}
	return out, nil
}

// firstKey is where a mapping first sets a key.
func firstKey(n *yaml.Node, key string) Pos {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Tag != "!!merge" && k.Value == key {
			return Pos{Line: k.Line, Column: k.Column}
		}
	}
	return Pos{}
}

func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			return n.Value
		}
		return b
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && !math.IsInf(f, 0) {
			return f
		}
		return n.Value
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
		return n.Value
	default:
		// Strings, timestamps (AWSTemplateFormatVersion: 2010-09-09 stays a
		// string), binary: the text as written.
		return n.Value
	}
}

// shortForm maps CloudFormation short-form tags to long-form keys.
var shortForm = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub",
	"!If": "Fn::If", "!Join": "Fn::Join", "!ImportValue": "Fn::ImportValue",
	"!FindInMap": "Fn::FindInMap", "!Select": "Fn::Select", "!Split": "Fn::Split",
	"!Base64": "Fn::Base64", "!GetAZs": "Fn::GetAZs", "!Cidr": "Fn::Cidr",
	"!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or", "!Not": "Fn::Not",
	"!Transform": "Fn::Transform", "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString",
	"!ForEach": "Fn::ForEach", "!Contains": "Fn::Contains", "!EachMemberEquals": "Fn::EachMemberEquals",
	"!EachMemberIn": "Fn::EachMemberIn", "!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
	"!RefAll": "Fn::RefAll", "!Implies": "Fn::Implies",
}

// IntrinsicKey returns the long-form key for a short-form tag.
func IntrinsicKey(tag string) (string, bool) {
	k, ok := shortForm[tag]
	return k, ok
}

func (st *decoder) tagged(n *yaml.Node, depth int) (any, error) {
	fn, ok := shortForm[n.Tag]
	if !st.opts.CloudFormationTags || !ok {
		if !st.opts.KeepUnknownTags {
			return nil, &Error{Line: n.Line, Column: n.Column, Msg: "unknown tag " + clip(n.Tag)}
		}
		if st.opts.CloudFormationTags && !strings.Contains(n.Tag, "::") {
			// Only namespaced tags (!Rain::S3) belong to preprocessors that run
			// before CloudFormation; any other tag is a typo CloudFormation
			// rejects, and reading it as an unknown value would hide that.
			return nil, &Error{Line: n.Line, Column: n.Column, Msg: unknownTagMessage(n.Tag)}
		}
		fn = n.Tag
	}
	// The content as its plain kind: a scalar is the text as written.
	v, err := st.value(n, depth+1, true)
	if err != nil {
		return nil, err
	}
	if fn == "Fn::GetAtt" {
		if s, ok := v.(string); ok {
			// !GetAtt Res.Attr (the attribute may itself contain dots).
			res, attr, _ := strings.Cut(s, ".")
			v = []any{res, attr}
		}
	}
	if fn == "Fn::GetAZs" && v == nil {
		v = ""
	}
	return map[string]any{fn: v}, nil
}

// unknownTagMessage explains a tag that is neither an intrinsic nor
// namespaced, with the intrinsic it most likely meant.
func unknownTagMessage(tag string) string {
	msg := "unknown tag " + clip(tag) + ": CloudFormation accepts only its intrinsic functions as short-form tags (and namespaced preprocessor tags such as !Rain::S3)"
	if s := suggestTag(tag); s != "" {
		msg += "; did you mean " + s + "?"
	}
	return msg
}

// suggestTag returns the intrinsic tag closest to tag: equal but for case,
// or within two edits.
func suggestTag(tag string) string {
	best, bestDist := "", 3
	for short := range shortForm {
		if strings.EqualFold(short, tag) {
			return short
		}
		if d := textdist.Levenshtein(strings.ToLower(tag), strings.ToLower(short)); d < bestDist || d == bestDist && short < best {
			best, bestDist = short, d
		}
	}
	if bestDist > 2 {
		return ""
	}
	return best
}

// maxQuoted is the most of a file's text an error message repeats.
const maxQuoted = 40

// quote quotes a short piece of a document's text (a key) for an error
// message: clipped like clip, Go-quoted so control characters are escaped.
func quote(s string) string {
	c := clip(s)
	if c == s {
		return strconv.Quote(s)
	}
	return strconv.Quote(strings.TrimSuffix(c, "…")) + "…"
}

// clip shortens a tag (no quotes: tags are single words) to what a message
// may repeat; output formats escape any control character left.
func clip(s string) string {
	r := []rune(s)
	if len(r) > maxQuoted {
		return string(r[:maxQuoted]) + "…"
	}
	return s
}

// clipQuoted shortens what a parser message quotes from the document (an
// anchor name, a character) to 40 characters, so no message carries more
// of a file's text than that.
func clipQuoted(msg string) string {
	var b strings.Builder
	for {
		i := strings.IndexAny(msg, "'\"`")
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		q := msg[i]
		j := strings.IndexByte(msg[i+1:], q)
		if j < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i+1])
		b.WriteString(clip(msg[i+1 : i+1+j]))
		b.WriteByte(q)
		msg = msg[i+1+j+1:]
	}
}
