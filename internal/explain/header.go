package explain

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/authlint/authlint/internal/model"
)

var (
	// schemeWord is a word written before the token ("Bearer", "JWT"): short,
	// and never the start of a token (base64url JSON starts with eyJ), so a
	// piece of a token broken by a space is never taken for one, and never
	// shown.
	schemeWord = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,19}$`)
	urlEscape  = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)
)

// ParseHeader describes the value of header name as the client sends it, and
// returns the token it most likely holds once prefixes, quotes, whitespace
// and URL escapes are taken away (so the later steps can still be checked).
// The description holds no part of the token.
func ParseHeader(name, value string) (model.TokenHeader, string) {
	h := model.TokenHeader{Name: name, Prefixes: []string{}}
	if strings.TrimSpace(value) == "" {
		h.Empty = true
		return h, ""
	}
	h.LineBreak = strings.ContainsAny(value, "\r\n")
	t := strings.Trim(value, "\r\n")
	if trimmed := strings.Trim(t, " \t"); trimmed != t {
		h.OuterSpaces = true
		t = trimmed
	}
	t = strings.Trim(t, " \t\r\n")
	if isSigV4(t) {
		h.SigV4 = true
		return h, ""
	}
	if unq := strings.Trim(t, `"'`); unq != t {
		h.Quoted = true
		t = strings.TrimSpace(unq)
	}
	// Scheme words: every leading word followed by more text.
	for {
		word, rest, ok := cutSpace(t)
		if !ok || !schemeWord.MatchString(word) || strings.HasPrefix(word, "eyJ") {
			break
		}
		h.Prefixes = append(h.Prefixes, word)
		trimmed := strings.TrimLeft(rest, " \t\r\n")
		if len(rest)-len(trimmed) > 1 {
			h.ExtraSpaces = true
		}
		t = trimmed
	}
	if strings.ContainsAny(t, `"'`) {
		h.Quoted = true
		t = strings.NewReplacer(`"`, "", `'`, "").Replace(t)
	}
	if strings.ContainsAny(t, " \t") {
		h.InnerSpaces = true
	}
	t = strings.Join(strings.Fields(t), "")
	if urlEscape.MatchString(t) {
		h.URLEncoded = true
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
	}
	if t != "" {
		h.Segments = strings.Count(t, ".") + 1
	}
	return h, t
}

// cutSpace splits s at its first run of whitespace; ok is false when s has
// no whitespace or nothing after it.
func cutSpace(s string) (word, rest string, ok bool) {
	i := strings.IndexAny(s, " \t\r\n")
	if i < 0 {
		return s, "", false
	}
	rest = s[i:]
	if strings.TrimSpace(rest) == "" {
		return s, "", false
	}
	return s[:i], rest, true
}

// isSigV4 recognises an AWS Signature Version 4 Authorization value.
func isSigV4(v string) bool {
	return strings.HasPrefix(v, "AWS4-HMAC-SHA256") || strings.HasPrefix(v, "AWS4-ECDSA-P256-SHA256") ||
		strings.Contains(v, "Credential=") && strings.Contains(v, "Signature=")
}
