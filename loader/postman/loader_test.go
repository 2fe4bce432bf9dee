package postman_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/postman"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.json from the loader's output")

// canaries are secrets written in the test collections: none may appear in
// an inventory (the token signatures and payloads, client secrets).
var canaries = []string{
	"GLOBALSECRETCANARY", "LITERALSECRETCANARY",
	"c2lnbmF0dXJlQ0FOQVJZc2ln", "QUNDRVNTQ0FOQVJZc2ln",
	"eyJzdWIiOiJ1MSIsImlzcyI6",
}

func load(t *testing.T, l *postman.Loader, path string) (*model.Inventory, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := loader.NewInput(path, data)
	if !l.Detect(in) {
		t.Fatalf("%s: not detected as Postman", path)
	}
	invs, err := l.Load(context.Background(), in)
	if len(invs) != 1 {
		t.Fatalf("%s: %d inventories (error %v), want 1", path, len(invs), err)
	}
	return invs[0], err
}

func str(s *model.String) string {
	if s == nil {
		return "<nil>"
	}
	if v, ok := s.Get(); ok {
		return v
	}
	return "<unknown>"
}

func boolean(b *model.Bool) string {
	if b == nil {
		return "<nil>"
	}
	if v, ok := b.Get(); ok {
		if v {
			return "true"
		}
		return "false"
	}
	return "<unknown>"
}

func tokenRequest(t *testing.T, inv *model.Inventory, item, env string) *model.TokenRequest {
	t.Helper()
	for i := range inv.TokenRequests {
		tr := &inv.TokenRequests[i]
		if tr.Item == item && tr.Environment == env {
			return tr
		}
	}
	t.Fatalf("no token request at %q for environment %q", item, env)
	return nil
}

func apiRequest(t *testing.T, inv *model.Inventory, item, env string) *model.APIRequest {
	t.Helper()
	for i := range inv.APIRequests {
		r := &inv.APIRequests[i]
		if r.Item == item && r.Environment == env {
			return r
		}
	}
	t.Fatalf("no API request %q for environment %q", item, env)
	return nil
}

// TestCollectionWithEnvironments loads a v2.1 collection beside two
// environments and a globals file: one check per environment, variables
// with Postman's precedence, inheritance, unknowns.
func TestCollectionWithEnvironments(t *testing.T) {
	inv, err := load(t, postman.New(postman.Options{}), "testdata/pets/pets.postman_collection.json")
	var le *loader.Error
	if !errors.As(err, &le) || !strings.Contains(le.Reason, "cycle") || !strings.Contains(le.Reason, "{{loop_a}}") {
		t.Fatalf("want a load error naming the variable cycle, got %v", err)
	}
	if got := len(inv.Sources); got != 4 {
		t.Errorf("sources = %d, want the collection, the globals and two environments: %+v", got, inv.Sources)
	}
	if inv.Sources[0].Version != "2.1.0" || inv.Sources[0].Kind != model.KindPostman {
		t.Errorf("collection source = %+v", inv.Sources[0])
	}
	for _, tc := range []struct {
		name, got, want string
	}{
		{"dev auth URL: environment wins over collection", str(tokenRequest(t, inv, "", "dev").AuthURL), "https://petstore-dev.auth.us-east-1.amazoncognito.com/oauth2/authorize"},
		{"prod auth URL: collection domain, environment region", str(tokenRequest(t, inv, "", "prod").AuthURL), "https://petstore.auth.eu-west-1.amazoncognito.com/oauth2/authorize"},
		{"nested variables in the token URL", str(tokenRequest(t, inv, "", "dev").TokenURL), "https://petstore-dev.auth.us-east-1.amazoncognito.com/oauth2/token"},
		{"dev client id", str(tokenRequest(t, inv, "", "dev").ClientID), "4example1client2id3"},
		{"prod client id is a placeholder", str(tokenRequest(t, inv, "", "prod").ClientID), "<unknown>"},
		{"empty secret in dev is unknown, not absent", boolean(tokenRequest(t, inv, "", "dev").SecretPresent), "<unknown>"},
		{"globals secret in prod", boolean(tokenRequest(t, inv, "", "prod").SecretPresent), "true"},
		{"useBrowser sets the browser callback", str(tokenRequest(t, inv, "", "dev").Callback), "https://oauth.pstmn.io/v1/browser-callback"},
		{"PKCE method", str(tokenRequest(t, inv, "", "dev").PKCEMethod), "plain"},
		{"add token to", str(tokenRequest(t, inv, "", "dev").AddTokenTo), "queryParams"},
		{"no access token exported", boolean(tokenRequest(t, inv, "", "dev").AccessTokenPresent), "false"},
		{"bearer folder token from the environment", boolean(tokenRequest(t, inv, "admin", "dev").AccessTokenPresent), "true"},
		{"bearer folder token undefined in prod", boolean(tokenRequest(t, inv, "admin", "prod").AccessTokenPresent), "<unknown>"},
		{"bearer token variable", tokenRequest(t, inv, "admin", "dev").TokenVariable, "id_token"},
		{"folder scope", tokenRequest(t, inv, "admin", "dev").Scope, model.PostmanScopeFolder},
		{"method upper-cased", str(&apiRequest(t, inv, "admin / GET pets", "dev").HTTPMethod), "GET"},
		{"URL resolved", str(&apiRequest(t, inv, "admin / GET pets", "dev").URL), "https://api.example.com/prod/pets"},
		{"host", str(apiRequest(t, inv, "admin / GET pets", "dev").Host), "api.example.com"},
		{"path", str(apiRequest(t, inv, "admin / GET pets", "dev").Path), "/prod/pets"},
		{"folder auth inherited", apiRequest(t, inv, "admin / GET pets", "dev").Auth.Type, "bearer"},
		{"noauth stops inheritance", apiRequest(t, inv, "admin / health", "dev").Auth.Type, "noauth"},
		{"cycle is unknown", str(&apiRequest(t, inv, "admin / loop", "dev").URL), "<unknown>"},
		{"dynamic variable is unknown", str(&apiRequest(t, inv, "admin / guid", "dev").URL), "<unknown>"},
		{"disabled variable is not defined", str(&apiRequest(t, inv, "admin / disabled", "dev").URL), "<unknown>"},
		{"collection auth inherited by a bare URL request", apiRequest(t, inv, "inherits collection", "prod").Auth.Type, "oauth2"},
		{"bare URL request is a GET", str(&apiRequest(t, inv, "inherits collection", "prod").HTTPMethod), "GET"},
		{"Authorization header scheme", apiRequest(t, inv, "scripted", "dev").AuthorizationHeader.Scheme, "Bearer"},
		{"Authorization header variable", apiRequest(t, inv, "scripted", "dev").AuthorizationHeader.Variable, "id_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	dev := tokenRequest(t, inv, "", "dev")
	scopes, known := dev.Scopes.Values()
	if !known || strings.Join(scopes, " ") != "openid email https://api.example.com/pets.read" {
		t.Errorf("dev scopes = %v (known %v): the environment value must win over globals", scopes, known)
	}
	if r := apiRequest(t, inv, "admin / GET pets", "dev"); r.Auth.TokenRequest != tokenRequest(t, inv, "admin", "dev").Ref || !r.Auth.Inherited {
		t.Errorf("GET pets auth = %+v", r.Auth)
	}
	if h := apiRequest(t, inv, "scripted", "dev").AuthorizationHeader; !h.JWT || !h.Resolved || h.Loc.Line == 0 {
		t.Errorf("the dev id_token is a JWT: header = %+v", h)
	}
	// Literal JWTs: the X-Debug header once (not once per environment), and
	// the dev environment's id_token.
	if len(inv.CommittedTokens) != 2 {
		t.Fatalf("committed tokens = %+v, want 2", inv.CommittedTokens)
	}
	for _, ct := range inv.CommittedTokens {
		if !ct.Decoded || ct.Expires != 1700000000 || ct.Loc.Line == 0 {
			t.Errorf("committed token %+v", ct)
		}
	}
	// Lines: the auth URL finding belongs on the authUrl attribute.
	if got := dev.AuthURL.Loc.Line; got != 11 {
		t.Errorf("authUrl line = %d, want 11", got)
	}
	assertNoCanary(t, inv)
}

// TestVersion20 reads the object form of auth, a header string and a URL
// object without raw.
func TestVersion20(t *testing.T) {
	inv, err := load(t, postman.New(postman.Options{}), "testdata/v20/legacy.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	tr := tokenRequest(t, inv, "token", "")
	for _, tc := range []struct{ name, got, want string }{
		{"grant", str(tr.GrantType), "implicit"},
		{"auth URL", str(tr.AuthURL), "https://cognito-idp.us-west-2.amazonaws.com/login"},
		{"secret present", boolean(tr.SecretPresent), "true"},
		{"access token present", boolean(tr.AccessTokenPresent), "true"},
		{"callback", str(tr.Callback), "https://example.com/cb"},
		{"version", inv.Sources[0].Version, "2.0.0"},
		{"composed URL", str(&apiRequest(t, inv, "x", "").URL), "https://api.example.com/v1/x"},
		{"header string", apiRequest(t, inv, "token", "").AuthorizationHeader.Variable, "id_token"},
		{"no auth anywhere", apiRequest(t, inv, "x", "").Auth.Type, "none"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if len(inv.CommittedTokens) != 1 || inv.CommittedTokens[0].Where != "oauth2 accessToken" || inv.CommittedTokens[0].TokenUse != "id" || inv.CommittedTokens[0].Region != "us-east-1" {
		t.Errorf("committed tokens = %+v", inv.CommittedTokens)
	}
	assertNoCanary(t, inv)
}

// TestFlags: --postman-env replaces the environments beside the
// collection, --postman-var wins over everything.
func TestFlags(t *testing.T) {
	l := postman.New(postman.Options{
		Environments: []string{"testdata/pets/prod.postman_environment.json"},
		Globals:      "testdata/pets/workspace.postman_globals.json",
		Vars:         []string{"domain=from-flag", "loop_a=x", "loop_b=y"},
	})
	inv, err := load(t, l, "testdata/pets/pets.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.TokenRequests) != 2 {
		t.Errorf("token requests = %d, want 2 (collection and folder, one environment)", len(inv.TokenRequests))
	}
	if got := str(tokenRequest(t, inv, "", "prod").AuthURL); got != "https://from-flag.auth.eu-west-1.amazoncognito.com/oauth2/authorize" {
		t.Errorf("auth URL = %q", got)
	}
}

// TestEnvironmentAlone: an environment file scanned on its own yields its
// committed tokens.
func TestEnvironmentAlone(t *testing.T) {
	inv, err := load(t, postman.New(postman.Options{}), "testdata/pets/dev.postman_environment.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.CommittedTokens) != 1 || inv.CommittedTokens[0].Where != "environment dev value id_token" || inv.CommittedTokens[0].TokenUse != "access" {
		t.Errorf("committed tokens = %+v", inv.CommittedTokens)
	}
	if inv.Sources[0].Version != "environment" {
		t.Errorf("source = %+v", inv.Sources[0])
	}
	assertNoCanary(t, inv)
}

// TestBadInput: every bad collection is a clear error naming the file and
// the reason, never a panic.
func TestBadInput(t *testing.T) {
	l := postman.New(postman.Options{})
	for _, tc := range []struct {
		name, data, want string
	}{
		{"unknown schema version", `{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v3.0.0/collection.json"},"item":[]}`, "collection schema version 3.0.0 is not read"},
		{"item not an array", `{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":{}}`, "needs an item array"},
		{"no item", `{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}}`, "needs an item array"},
		{"v1", `{"id":"a","name":"x","order":[],"requests":[]}`, "v1 format"},
		{"info not an object", `{"info":"x","item":[]}`, "info is a string"},
		{"bad --postman-var", `{"info":{"name":"x"},"item":[]}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := loader.NewInput("bad.json", []byte(tc.data))
			if !l.Detect(in) {
				t.Fatal("not detected")
			}
			_, err := l.Load(context.Background(), in)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "bad.json") {
				t.Errorf("error = %v, want one naming bad.json and %q", err, tc.want)
			}
		})
	}
	// Invalid JSON is caught before detection, by the walk (loader.Detect).
	in := loader.NewInput("broken.postman_collection.json", []byte(`{"info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [`))
	in.Explicit = true
	if _, _, le := loader.Detect([]loader.Loader{l}, in); le == nil || !strings.Contains(le.Error(), "not valid YAML or JSON") {
		t.Errorf("invalid JSON: %v", le)
	}
}

// TestNotPostman: other JSON documents are left to their loaders.
func TestNotPostman(t *testing.T) {
	l := postman.New(postman.Options{})
	for _, data := range []string{
		`{"openapi":"3.0.1","info":{"title":"x"},"paths":{}}`,
		`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`,
		`{"info":{"name":"x"}}`,
		"info:\n  name: x\nitem: []\n",
	} {
		if l.Detect(loader.NewInput("x.json", []byte(data))) {
			t.Errorf("%s: detected as Postman", data)
		}
	}
}

// TestLarge: a collection of 10,000 requests loads, and one with more than
// the bound stops with a clear error instead of growing without end.
func TestLarge(t *testing.T) {
	l := postman.New(postman.Options{})
	inv, err := l.Load(context.Background(), loader.NewInput("big.json", manyRequests(10_000, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(inv[0].APIRequests) != 10_000 {
		t.Errorf("API requests = %d", len(inv[0].APIRequests))
	}
	bounded := postman.New(postman.Options{MaxObjects: 1000})
	inv, err = bounded.Load(context.Background(), loader.NewInput("huge.json", manyRequests(1000, 0)))
	if err == nil || !strings.Contains(err.Error(), "the rest is not checked") {
		t.Errorf("error = %v", err)
	}
	if n := len(inv[0].APIRequests) + len(inv[0].TokenRequests); n != 1000 {
		t.Errorf("objects = %d, want the bound", n)
	}
}

// TestEmbeddedResponses: a 20 MB export whose size is saved responses loads
// (within the default 32 MiB file limit) with every request.
func TestEmbeddedResponses(t *testing.T) {
	if testing.Short() {
		t.Skip("20 MB collection")
	}
	data := manyRequests(2_000, 10_000)
	if len(data) < 20<<20-(1<<20) {
		t.Fatalf("generated %d bytes, want about 20 MB", len(data))
	}
	invs, err := postman.New(postman.Options{}).Load(context.Background(), loader.NewInput("responses.json", data))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(invs[0].APIRequests); n != 2_000 {
		t.Errorf("API requests = %d", n)
	}
}

// manyRequests builds a collection of n requests, each with a response
// body of pad bytes (embedded responses make exports large).
func manyRequests(n, pad int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"info":{"name":"big","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{t}}"}]},"item":[`)
	body := strings.Repeat("x", pad)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":"r","request":{"method":"GET","url":"https://api.example.com/{{p}}"},"response":[{"body":"` + body + `"}]}`)
	}
	b.WriteString(`],"variable":[{"key":"p","value":"x"}]}`)
	return b.Bytes()
}

// TestGolden compares the inventories of the test collections with
// testdata/golden; review a diff by hand before accepting it with -update.
func TestGolden(t *testing.T) {
	for _, path := range []string{"testdata/pets/pets.postman_collection.json", "testdata/v20/legacy.postman_collection.json", "testdata/pets/dev.postman_environment.json"} {
		inv, _ := load(t, postman.New(postman.Options{}), path)
		got, err := json.MarshalIndent(inv, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		golden := filepath.Join("testdata", "golden", strings.TrimSuffix(filepath.Base(path), ".json")+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./loader/postman -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test ./loader/postman -update and review the diff)", path, golden)
		}
	}
}

func assertNoCanary(t *testing.T, inv *model.Inventory) {
	t.Helper()
	out, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range canaries {
		if bytes.Contains(out, []byte(c)) {
			t.Errorf("the inventory holds the secret %s", c)
		}
	}
}

// TestTokensInRequests: JWTs in a URL, its query parameters or a body are
// committed tokens too, kept as claims only.
func TestTokensInRequests(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MiLCJleHAiOjF9.U0lHTkFUVVJFQ0FOQVJZ"
	data := `{"info":{"name":"t","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[
{"name":"url","request":{"method":"GET","url":"https://api.example.com/x?access_token=` + jwt + `"}},
{"name":"query","request":{"method":"GET","url":{"raw":"https://api.example.com/x?t=x","query":[{"key":"t","value":"` + jwt + `"}]}}},
{"name":"form","request":{"method":"POST","url":"https://x/oauth2/revoke","body":{"mode":"urlencoded","urlencoded":[{"key":"token","value":"` + jwt + `"}]}}},
{"name":"raw","request":{"method":"POST","url":"https://x/y","body":{"mode":"raw","raw":"{\"t\": \"` + jwt + `\"}"}}}]}`
	invs, err := postman.New(postman.Options{}).Load(context.Background(), loader.NewInput("tokens.json", []byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, c := range invs[0].CommittedTokens {
		if !c.Decoded || c.TokenUse != "access" || c.Loc.Line == 0 {
			t.Errorf("token %+v", c)
		}
		where = append(where, c.Where)
	}
	if got := strings.Join(where, ", "); got != "request URL, query parameter t, request body field token, request body" {
		t.Errorf("tokens found in %s", got)
	}
	out, _ := json.Marshal(invs[0])
	if bytes.Contains(out, []byte("U0lHTkFUVVJFQ0FOQVJZ")) {
		t.Error("the inventory holds a token's signature")
	}
}
