package explain_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/explain"
	"github.com/authlint/authlint/internal/model"
)

const jwt3 = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name, value string
		want        model.TokenHeader
		token       string
	}{
		{"bare", jwt3, model.TokenHeader{Segments: 3}, jwt3},
		{"bearer", "Bearer " + jwt3, model.TokenHeader{Prefixes: []string{"Bearer"}, Segments: 3}, jwt3},
		{"bearer twice", "Bearer Bearer " + jwt3, model.TokenHeader{Prefixes: []string{"Bearer", "Bearer"}, Segments: 3}, jwt3},
		{"lower case, two spaces", "bearer  " + jwt3, model.TokenHeader{Prefixes: []string{"bearer"}, ExtraSpaces: true, Segments: 3}, jwt3},
		{"quoted", `"` + jwt3 + `"`, model.TokenHeader{Quoted: true, Segments: 3}, jwt3},
		{"quoted inside", `Bearer "` + jwt3 + `"`, model.TokenHeader{Prefixes: []string{"Bearer"}, Quoted: true, Segments: 3}, jwt3},
		{"trailing newline", jwt3 + "\n", model.TokenHeader{LineBreak: true, Segments: 3}, jwt3},
		{"outer spaces", "  " + jwt3 + " ", model.TokenHeader{OuterSpaces: true, Segments: 3}, jwt3},
		{"broken by a space", jwt3[:20] + " " + jwt3[20:], model.TokenHeader{InnerSpaces: true, Segments: 3}, jwt3},
		{"url-encoded", strings.ReplaceAll(jwt3, ".", "%2E"), model.TokenHeader{URLEncoded: true, Segments: 3}, jwt3},
		{"five parts", "a.b.c.d.e", model.TokenHeader{Segments: 5}, "a.b.c.d.e"},
		{"sigv4", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc", model.TokenHeader{SigV4: true}, ""},
		{"empty", " \t", model.TokenHeader{Empty: true}, ""},
		{"prefix only", "Bearer", model.TokenHeader{Segments: 1}, "Bearer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tok := explain.ParseHeader("Authorization", tt.value)
			tt.want.Name = "Authorization"
			if tt.want.Prefixes == nil {
				tt.want.Prefixes = []string{}
			}
			if !equalHeader(got, tt.want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(tt.want)
				t.Errorf("got  %s\nwant %s", g, w)
			}
			if tok != tt.token {
				t.Errorf("token %q, want %q", tok, tt.token)
			}
		})
	}
}

func equalHeader(a, b model.TokenHeader) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestPrefixNeverHoldsToken: a token broken by a space must not be taken
// for a prefix, or the message that quotes prefixes would show it.
func TestPrefixNeverHoldsToken(t *testing.T) {
	h, _ := explain.ParseHeader("Authorization", "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ eyJzdWIiOiJ4In0.c2ln")
	if !slices.Equal(h.Prefixes, []string{"Bearer"}) {
		t.Errorf("prefixes %q", h.Prefixes)
	}
	h, _ = explain.ParseHeader("Authorization", "Bearer abcdefghijklmnopqrstuvwxyz0123 eyJzdWIiOiJ4In0.c2ln")
	if !slices.Equal(h.Prefixes, []string{"Bearer"}) {
		t.Errorf("prefixes %q", h.Prefixes)
	}
}

func TestDecode(t *testing.T) {
	d := explain.Decode(unsigned(map[string]any{"iss": issuer, "exp": 1767229200, "aud": []string{"a", "b"}, "scope": "x y", "token_use": 3}))
	if d.Info == nil || d.Info.Problem != "" || d.Info.Header.Alg != "none" {
		t.Fatalf("decode: %+v", d.Info)
	}
	c := d.Info.Claims
	if *c.Iss != issuer || *c.Exp != 1767229200 || !slices.Equal(c.Aud, []string{"a", "b"}) || !slices.Equal(c.Scopes, []string{"x", "y"}) {
		t.Errorf("claims %+v", c)
	}
	if c.TokenUse != nil || !slices.Contains(c.Problems, "token_use is not a string") {
		t.Errorf("token_use: %v, problems %v", c.TokenUse, c.Problems)
	}
	for _, bad := range []string{"!!.e30.sig", "e30.!!.sig", "e30.bm90IGpzb24.sig"} {
		if d := explain.Decode(bad); d.Info == nil || d.Info.Problem == "" {
			t.Errorf("%s: no problem reported", bad)
		}
	}
	if d := explain.Decode("a.b"); d.Info != nil {
		t.Errorf("a 2-part token decodes: %+v", d.Info)
	}
}

func FuzzParseAndDecode(f *testing.F) {
	for _, s := range []string{
		jwt3, "Bearer " + jwt3, `"Bearer Bearer ` + jwt3 + "\n\"", "a.b.c.d.e", "", "%2E%2E", "AWS4-HMAC-SHA256 x",
		unsigned(map[string]any{"exp": 1.5e300, "aud": []any{1, "x"}}),
		"eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d",
	} {
		f.Add(s)
	}
	keys := testKeys(f)
	f.Fuzz(func(t *testing.T, value string) {
		h, tok := explain.ParseHeader("Authorization", value)
		for _, p := range h.Prefixes {
			if len(p) > 20 || strings.HasPrefix(p, "eyJ") {
				t.Fatalf("prefix %q could be part of a token", p)
			}
		}
		d := explain.Decode(tok)
		sc := explain.Verify(tok, d.Info, keys)
		if sc.Status == model.SignatureValid {
			t.Fatalf("a fuzzed token verified")
		}
		if d.Info != nil && d.Info.Problem != "" && len(tok) > 12 && strings.Contains(d.Info.Problem, tok) {
			t.Fatalf("the problem quotes the token")
		}
	})
}
