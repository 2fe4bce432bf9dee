package explain

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jws"

	"github.com/authlint/authlint/internal/cli"
)

var update = flag.Bool("update", false, "re-sign the example tokens and copy the JWKS")

// keyDir holds the test key pair the tokens are signed with.
const keyDir = "../../internal/explain/testdata"

const (
	prodPool    = "eu-west-1_Xk82pQm4T"
	stagingPool = "eu-west-1_St4g1nG0B"
	client      = "4ga9n7kq0d1s3jv6c8fr2mbhpe"
)

// signedAt is when the example tokens were issued (the README's --now is
// 77 minutes later).
var signedAt = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Unix()

func issuer(pool string) string { return "https://cognito-idp.eu-west-1.amazonaws.com/" + pool }

// tokens are the example files and their claims.
var tokens = map[string]map[string]any{
	// What Amplify's fetchAuthSession().tokens.idToken holds.
	"id-token.jwt": {
		"sub": "9c2f6d1e-4b7a-4f3e-a1d2-5e6f7a8b9c0d", "aud": client, "iss": issuer(prodPool), "token_use": "id",
		"cognito:username": "maria", "email": "maria@example.com", "email_verified": true,
		"auth_time": signedAt, "iat": signedAt, "exp": signedAt + 8*3600, "jti": "b7e3c2a1-0f4d-4e5b-9a8c-7d6e5f4a3b2c",
		"origin_jti": "e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b",
	},
	// An access token cached since the morning.
	"expired-token.jwt": {
		"sub": "9c2f6d1e-4b7a-4f3e-a1d2-5e6f7a8b9c0d", "client_id": client, "iss": issuer(prodPool), "token_use": "access",
		"scope": "openid orders/read orders/write", "username": "maria",
		"auth_time": signedAt, "iat": signedAt, "exp": signedAt + 3600, "jti": "3a4b5c6d-7e8f-4091-a2b3-c4d5e6f7a8b9",
		"origin_jti": "e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b", "version": 2,
	},
	// A fresh access token, but from the staging user pool.
	"staging-token.jwt": {
		"sub": "0d9c8b7a-6f5e-4d3c-b2a1-f0e9d8c7b6a5", "client_id": "6s1ut8ngp2jvbm3k4e5o9qrhd0", "iss": issuer(stagingPool), "token_use": "access",
		"scope": "openid orders/read orders/write", "username": "maria",
		"auth_time": signedAt + 4200, "iat": signedAt + 4200, "exp": signedAt + 4200 + 3600, "jti": "5e6f7a8b-9c0d-41e2-b3f4-a5b6c7d8e9f0",
		"origin_jti": "8b9c0d1e-2f3a-4b5c-8d6e-7f8a9b0c1d2e", "version": 2,
	},
	// The token the client should send.
	"access-token.jwt": {
		"sub": "9c2f6d1e-4b7a-4f3e-a1d2-5e6f7a8b9c0d", "client_id": client, "iss": issuer(prodPool), "token_use": "access",
		"scope": "openid orders/read orders/write", "username": "maria",
		"auth_time": signedAt + 4200, "iat": signedAt + 4200, "exp": signedAt + 4200 + 3600, "jti": "c1d2e3f4-a5b6-47c8-9d0e-1f2a3b4c5d6e",
		"origin_jti": "f0e1d2c3-b4a5-4697-8a8b-9c0d1e2f3a4b", "version": 2,
	},
}

func sign(t *testing.T, claims map[string]any) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(keyDir, "test-key-1.pem"))
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	key, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	h := jws.NewHeaders()
	if err := h.Set(jws.KeyIDKey, "test-key-1"); err != nil {
		t.Fatal(err)
	}
	out, err := jws.Sign(payload, jws.WithKey(jwa.RS256(), key, jws.WithProtectedHeaders(h)))
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// TestTokensUpToDate checks (or with -update writes) the token files and the
// JWKS.
func TestTokensUpToDate(t *testing.T) {
	files := map[string][]byte{}
	for name, claims := range tokens {
		files[name] = sign(t, claims)
	}
	jwks, err := os.ReadFile(filepath.Join(keyDir, "jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	files["jwks.json"] = jwks
	for name, want := range files {
		if *update {
			if err := os.WriteFile(name, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale (run go test ./examples/explain -update)", name)
		}
	}
}

// TestReadme runs every "$ authlint explain …" line of the README and checks
// that the output starts with the line the README shows under it.
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(readme))
	n := 0
	for sc.Scan() {
		line := sc.Text()
		cmd, ok := strings.CutPrefix(line, "$ authlint ")
		if !ok {
			continue
		}
		if !sc.Scan() {
			t.Fatalf("%q has no output line under it", line)
		}
		want := sc.Text()
		n++
		t.Run(cmd, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := cli.Main(context.Background(), words(t, cmd), strings.NewReader(""), &out, &errOut)
			first, _, _ := strings.Cut(out.String(), "\n")
			if first != want {
				t.Errorf("first line:\n  %s\nREADME shows:\n  %s\nstderr: %s", first, want, errOut.String())
			}
			wantCode := 1
			if strings.HasPrefix(want, "No check fails") {
				wantCode = 0
			}
			if code != wantCode {
				t.Errorf("exit code %d, want %d", code, wantCode)
			}
			for name := range tokens {
				tok, _ := os.ReadFile(name)
				parts := strings.Split(strings.TrimSpace(string(tok)), ".")
				if strings.Contains(out.String()+errOut.String(), parts[len(parts)-1]) {
					t.Errorf("the output holds the signature of %s", name)
				}
			}
		})
	}
	if n < 3 {
		t.Errorf("the README shows %d explain commands, want at least 3", n)
	}
}

// words splits a command line the way a shell does for single quotes.
func words(t *testing.T, s string) []string {
	t.Helper()
	var (
		out   []string
		cur   strings.Builder
		quote bool
		in    bool
	)
	for _, r := range s {
		switch {
		case r == '\'':
			quote, in = !quote, true
		case r == ' ' && !quote:
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if in {
		out = append(out, cur.String())
	}
	return out
}
