package explain_test

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwe"
	"github.com/lestrrat-go/jwx/v3/jws"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/explain"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// now is the time of every request in the tests: tokens are signed relative
// to it, so expiry never depends on the clock.
var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	pool     = "us-east-1_AbC123"
	issuer   = "https://cognito-idp.us-east-1.amazonaws.com/" + pool
	clientID = "3n4b5urk1ft4fl3mg5e62d9ado"
)

var (
	engOnce sync.Once
	eng     *engine.Engine
	engErr  error
)

func testEngine(tb testing.TB) *engine.Engine {
	tb.Helper()
	engOnce.Do(func() { eng, engErr = engine.New(context.Background(), engine.Options{}) })
	if engErr != nil {
		tb.Fatal(engErr)
	}
	return eng
}

func privateKey(tb testing.TB, kid string) *rsa.PrivateKey {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", kid+".pem"))
	if err != nil {
		tb.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		tb.Fatal(err)
	}
	return k.(*rsa.PrivateKey)
}

func testKeys(tb testing.TB) *explain.Keys {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "jwks.json"))
	if err != nil {
		tb.Fatal(err)
	}
	k, err := explain.ParseKeys(b, "jwks.json")
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

// sign makes an RS256 token with the test key kid.
func sign(tb testing.TB, kid string, claims map[string]any) string {
	tb.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		tb.Fatal(err)
	}
	h := jws.NewHeaders()
	if err := h.Set(jws.KeyIDKey, kid); err != nil {
		tb.Fatal(err)
	}
	out, err := jws.Sign(payload, jws.WithKey(jwa.RS256(), privateKey(tb, kid), jws.WithProtectedHeaders(h)))
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}

// signHS256 makes an HMAC token, which Cognito never issues.
func signHS256(tb testing.TB, claims map[string]any) string {
	tb.Helper()
	payload, _ := json.Marshal(claims)
	out, err := jws.Sign(payload, jws.WithKey(jwa.HS256(), []byte("a shared secret of the test")))
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}

// unsigned makes an alg none token.
func unsigned(claims map[string]any) string {
	enc := base64.RawURLEncoding
	payload, _ := json.Marshal(claims)
	return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "."
}

// refreshToken makes a JWE shaped like a Cognito refresh token.
func refreshToken(tb testing.TB) string {
	tb.Helper()
	h := jwe.NewHeaders()
	if err := h.Set(jwe.ContentTypeKey, "JWT"); err != nil {
		tb.Fatal(err)
	}
	out, err := jwe.Encrypt([]byte(`{"opaque":true}`),
		jwe.WithKey(jwa.RSA_OAEP(), &privateKey(tb, "other-key").PublicKey),
		jwe.WithContentEncryption(jwa.A256GCM()),
		jwe.WithProtectedHeaders(h))
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}

func idClaims(overrides map[string]any) map[string]any {
	c := map[string]any{
		"sub": "5f7c1e2a-1b2c-4d5e-8f90-123456789abc", "aud": clientID, "iss": issuer, "token_use": "id",
		"cognito:username": "alice", "email": "alice@example.com", "auth_time": now.Unix() - 120,
		"exp": now.Unix() + 3600, "iat": now.Unix() - 120, "jti": "2f0a3c4e",
	}
	for k, v := range overrides {
		if v == nil {
			delete(c, k)
			continue
		}
		c[k] = v
	}
	return c
}

func accessClaims(overrides map[string]any) map[string]any {
	c := map[string]any{
		"sub": "5f7c1e2a-1b2c-4d5e-8f90-123456789abc", "client_id": clientID, "iss": issuer, "token_use": "access",
		"scope": "pets/read", "username": "alice", "auth_time": now.Unix() - 120,
		"exp": now.Unix() + 3600, "iat": now.Unix() - 120, "jti": "7d1e9b0c", "version": 2,
	}
	for k, v := range overrides {
		if v == nil {
			delete(c, k)
			continue
		}
		c[k] = v
	}
	return c
}

// sources loads testdata/api.yaml through the real loaders.
func sources(tb testing.TB) []explain.Source {
	tb.Helper()
	res := scan.Files(context.Background(), scan.Options{
		Paths:   []string{filepath.Join("testdata", "api.yaml")},
		Loaders: registry.Files(registry.Options{}),
		Workers: 1,
	}, nil, true)
	if len(res.LoadErrors) > 0 {
		tb.Fatalf("loading testdata/api.yaml: %v", res.LoadErrors)
	}
	var out []explain.Source
	for _, ld := range res.Loaded {
		out = append(out, explain.Source{Name: ld.Source, Inventory: ld.Inventory})
	}
	return out
}
