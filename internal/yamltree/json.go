package yamltree

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// yamlFallbackLimit is the largest JSON document that is handed to the YAML
// parser when it is not strict JSON (comments, trailing commas, raw control
// characters: YAML flow syntax accepts some of these). Above it, the JSON
// error stands: the YAML parser takes quadratic time on long flow
// collections.
const yamlFallbackLimit = 4 << 20

// parseJSON builds the node tree of a JSON document with a JSON scanner that
// keeps every value's offset, and so its line and column, as the YAML parser
// would report them (1-based; columns count characters). The YAML parser
// reads JSON too, but its token queue makes long flow collections quadratic.
func parseJSON(data []byte) (*yaml.Node, error) {
	p := &jsonParser{data: data, line: 1}
	p.skipSpace()
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.off < len(data) {
		return nil, p.errorf("unexpected text after the end of the JSON value")
	}
	return root, nil
}

type jsonParser struct {
	data []byte
	off  int
	// The position of offset at, kept up to date lazily: nodes are created in
	// document order, so positions are computed in one forward pass.
	at, line, col0 int // col0: offset where the current line starts
	// lineRunes caches the character count from col0 to at.
	lineRunes int
	// slab allocates nodes in blocks: fewer, larger allocations for the
	// collector to track.
	slab []yaml.Node
}

func (p *jsonParser) node() *yaml.Node {
	if len(p.slab) == 0 {
		p.slab = make([]yaml.Node, 256)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	return n
}

// pos is the line and column of offset off (off never goes backwards).
func (p *jsonParser) pos(off int) (int, int) {
	for ; p.at < off; p.at++ {
		c := p.data[p.at]
		switch {
		case c == '\n':
			p.line++
			p.col0, p.lineRunes = p.at+1, 0
		case c == '\r' && (p.at+1 >= len(p.data) || p.data[p.at+1] != '\n'):
			p.line++
			p.col0, p.lineRunes = p.at+1, 0
		case c&0xC0 != 0x80:
			p.lineRunes++
		}
	}
	return p.line, p.lineRunes + 1
}

func (p *jsonParser) errorf(format string, args ...any) error {
	off := min(p.off, len(p.data))
	line, col := p.pos(off)
	return &Error{Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) skipSpace() {
	for p.off < len(p.data) {
		switch p.data[p.off] {
		case ' ', '\t', '\n', '\r':
			p.off++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	if depth > MaxDepth {
		return nil, p.errorf("nesting is deeper than %d levels", MaxDepth)
	}
	if p.off >= len(p.data) {
		return nil, p.errorf("unexpected end of the JSON text")
	}
	n := p.node()
	n.Line, n.Column = p.pos(p.off)
	switch c := p.data[p.off]; {
	case c == '{':
		return n, p.object(n, depth)
	case c == '[':
		return n, p.array(n, depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n.Kind, n.Tag, n.Value, n.Style = yaml.ScalarNode, "!!str", s, yaml.DoubleQuotedStyle
		return n, nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.off
		if err := p.number(); err != nil {
			return nil, err
		}
		n.Kind, n.Value = yaml.ScalarNode, string(p.data[start:p.off])
		n.Tag = numberTag(n.Value)
		return n, nil
	default:
		for _, lit := range [...]struct{ text, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
			if strings.HasPrefix(string(p.data[p.off:min(p.off+5, len(p.data))]), lit.text) {
				p.off += len(lit.text)
				n.Kind, n.Tag, n.Value = yaml.ScalarNode, lit.tag, lit.text
				return n, nil
			}
		}
		return nil, p.errorf("unexpected character")
	}
}

func (p *jsonParser) object(n *yaml.Node, depth int) error {
	n.Kind, n.Tag, n.Style = yaml.MappingNode, "!!map", yaml.FlowStyle
	p.off++ // {
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == '}' {
		p.off++
		return nil
	}
	for {
		if p.off >= len(p.data) || p.data[p.off] != '"' {
			return p.errorf("expected a quoted key")
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.off >= len(p.data) || p.data[p.off] != ':' {
			return p.errorf("expected ':' after a key")
		}
		p.off++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		n.Content = append(n.Content, k, v)
		p.skipSpace()
		if p.off >= len(p.data) {
			return p.errorf("unexpected end of the JSON text in an object")
		}
		switch p.data[p.off] {
		case ',':
			p.off++
			p.skipSpace()
		case '}':
			p.off++
			return nil
		default:
			return p.errorf("expected ',' or '}' in an object")
		}
	}
}

func (p *jsonParser) array(n *yaml.Node, depth int) error {
	n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
	p.off++ // [
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == ']' {
		p.off++
		return nil
	}
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		n.Content = append(n.Content, v)
		p.skipSpace()
		if p.off >= len(p.data) {
			return p.errorf("unexpected end of the JSON text in an array")
		}
		switch p.data[p.off] {
		case ',':
			p.off++
			p.skipSpace()
		case ']':
			p.off++
			return nil
		default:
			return p.errorf("expected ',' or ']' in an array")
		}
	}
}

// numberTag is the tag the YAML resolver gives a JSON number, so values
// decode as they did when JSON was read as YAML: integers that fit 64 bits
// are ints, other numbers floats, and a number out of float range stays
// text.
func numberTag(s string) string {
	if s == "-0" {
		return "!!float" // YAML's negative zero
	}
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(s, 10, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return "!!float"
	}
	return "!!str"
}

// number checks the JSON number grammar and moves past the number.
func (p *jsonParser) number() error {
	d := p.data
	i := p.off
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() int {
		s := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i - s
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case digits() == 0:
		p.off = i
		return p.errorf("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			p.off = i
			return p.errorf("invalid number")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.off = i
			return p.errorf("invalid number")
		}
	}
	p.off = i
	return nil
}

// str reads a string token (p.off at its opening quote) and returns its value.
func (p *jsonParser) str() (string, error) {
	d := p.data
	i := p.off + 1
	// Fast path: no escapes.
	for j := i; j < len(d); j++ {
		c := d[j]
		if c == '"' {
			p.off = j + 1
			return string(d[i:j]), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	var b strings.Builder
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			p.off = i + 1
			return b.String(), nil
		case c < 0x20:
			p.off = i
			return "", p.errorf("control character in a string")
		case c != '\\':
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(d) {
			break
		}
		switch e := d[i+1]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(d[i+2:])
			if !ok {
				p.off = i
				return "", p.errorf("invalid \\u escape in a string")
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(d[min(i+2, len(d)):]); ok && i+1 < len(d) && d[i] == '\\' && d[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						b.WriteRune(dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
			continue
		default:
			p.off = i
			return "", p.errorf("invalid escape in a string")
		}
		i += 2
	}
	p.off = len(d)
	return "", p.errorf("unterminated string")
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}
