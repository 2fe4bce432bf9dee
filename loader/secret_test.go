package loader

import "testing"

func TestLooksSecret(t *testing.T) {
	for name, want := range map[string]bool{
		".env": true, "prod.env": true, ".env.local": true, "home/.aws/credentials": true,
		"id_rsa": true, "id_ed25519.pub": true, "tls.key": true, "cert.pem": true, "db-secrets.yaml": true,
		"template.yaml": false, "openapi.json": false, "environment.yaml": false, "keys.yaml": false,
	} {
		if got := LooksSecret(name); got != want {
			t.Errorf("LooksSecret(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSecretParseErrorsSayWhereNotWhat: a named file that looks like a
// secret and does not parse is an error with its position, and none of its
// text.
func TestSecretParseErrorsSayWhereNotWhat(t *testing.T) {
	in := NewInput("deploy/.env", []byte("a: b\n  'canary-token-value: [\n"))
	in.Explicit = true
	_, _, le := Detect(nil, in)
	if le == nil {
		t.Fatal("no error")
	}
	if le.Line == 0 || le.Reason != "not valid YAML or JSON (details withheld: the file name looks like a secret)" {
		t.Errorf("error = %+v", le)
	}
}
