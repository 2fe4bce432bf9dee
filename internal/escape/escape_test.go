package escape

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain /pets/{id} GET", "plain /pets/{id} GET"},
		{"tab\tstays", "tab\tstays"},
		{"C:\\path\\kept", "C:\\path\\kept"},
		{"a\x1b]0;title\x07", `a\x1b]0;title\x07`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"line\nforged: error", `line\nforged: error`},
		{"cr\rover", `cr\rover`},
		{"nul\x00", `nul\x00`},
		{"del\x7f", `del\x7f`},
		{"c1\u009bcsi", `c1\u009bcsi`},
		{"next\u0085line", `next\u0085line`},
		{"bidi\u202eevil", `bidi\u202eevil`},
		{"iso\u2066x\u2069", `iso\u2066x\u2069`},
		{"lre\u202a", `lre\u202a`},
		{"invalid\xff\xfe", `invalid\xff\xfe`},
		{"日本語 ok", "日本語 ok"},
		{"emoji 🔑 ok", "emoji 🔑 ok"},
		{"zero width joiner\u200d kept", "zero width joiner\u200d kept"},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "a\x1b[0m", "\u202e", "\xff", "ok", "\u0085", "\t\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Text(%q) = %q is not UTF-8", s, got)
		}
		for _, r := range got {
			if Unsafe(r) {
				t.Fatalf("Text(%q) = %q keeps %U", s, got, r)
			}
		}
		// Nothing is lost: text without anything to escape is unchanged, and
		// escaping never shortens.
		if len(got) < len(s) {
			t.Fatalf("Text(%q) = %q is shorter", s, got)
		}
		if !strings.ContainsAny(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") && utf8.ValidString(s) && !needsSlow(s) && got != s {
			t.Fatalf("Text(%q) = %q changed safe text", s, got)
		}
		if Text(got) != got {
			t.Fatalf("Text is not idempotent on %q", s)
		}
	})
}

func TestJSON(t *testing.T) {
	in := map[string]string{"name": "a\u202eb\u0085c\x7fd\x1be 日本"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got := JSON(raw)
	for _, r := range string(got) {
		if Unsafe(r) {
			t.Errorf("JSON left %U in %s", r, got)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["name"] != in["name"] {
		t.Errorf("round trip: %v %q", err, back["name"])
	}
	if plain := []byte(`{"a":"b"}`); &JSON(plain)[0] != &plain[0] {
		t.Error("JSON copied a document with nothing to escape")
	}
}
