package escape

import (
	"strings"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Text returns s with every character that could control a terminal or
// reorder text shown escaped: C0 controls except tab (so newlines become
// `\n`), DEL, C1 controls, the Unicode bidi embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069), and bytes that are not UTF-8.
// Newline and carriage return are shown as `\n` and `\r`, other bytes
// below 0x80 as `\xNN`, runes as `\uNNNN`. Everything else,
// including backslashes, is unchanged, so ordinary text reads as written.
func Text(s string) string {
	if !needs(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			writeByte(&b, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case Unsafe(r):
			if r < utf8.RuneSelf {
				writeByte(&b, s[i]) // an ASCII rune is its one byte
			} else {
				writeRune(&b, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Unsafe reports whether r is shown escaped by Text.
func Unsafe(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// needs is the fast path: most strings have nothing to escape.
func needs(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' || c == 0x7f || c >= utf8.RuneSelf {
			// Non-ASCII: look closer only when there is any.
			if c >= utf8.RuneSelf {
				return needsSlow(s[i:])
			}
			return true
		}
	}
	return false
}

func needsSlow(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || Unsafe(r) {
			return true
		}
		i += size
	}
	return false
}

func writeByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xf])
}

func writeRune(b *strings.Builder, r rune) {
	var buf [6]byte
	b.Write(appendU(buf[:0], r))
}

// appendU appends r as a \uNNNN escape (r is below U+10000: every rune
// escaped here is).
func appendU(out []byte, r rune) []byte {
	out = append(out, '\\', 'u')
	for shift := 12; shift >= 0; shift -= 4 {
		out = append(out, hexDigits[(r>>uint(shift))&0xf])
	}
	return out
}

// Lines is Text for a block of several lines that authlint composed itself:
// newlines stay, every other unsafe character is escaped. Fields taken from
// input should still go through Text first, so they cannot add lines.
func Lines(s string) string {
	if !needs(s) {
		return s
	}
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = Text(p)
	}
	return strings.Join(parts, "\n")
}

// JSON rewrites encoded JSON so that the characters Text escapes and a JSON
// encoder leaves raw (DEL, C1 controls, bidi overrides) appear as \uXXXX
// escapes: the same strings once decoded, but a terminal or a web page that
// shows the raw document cannot be steered by them. Outside strings, valid
// JSON holds only ASCII, so every such rune is inside a string.
func JSON(data []byte) []byte {
	i := 0
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		if r == 0x7f || (r >= 0x80 && Unsafe(r)) {
			break
		}
		i += size
	}
	if i == len(data) {
		return data
	}
	out := make([]byte, 0, len(data)+32)
	out = append(out, data[:i]...)
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		if r == 0x7f || (r >= 0x80 && Unsafe(r)) {
			out = appendU(out, r)
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	return out
}
