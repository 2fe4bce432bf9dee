package postman

import (
	"strconv"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	chain := map[string]variable{}
	for i := range 25 {
		next := "end"
		if i < 24 {
			next = "{{v" + strconv.Itoa(i+1) + "}}"
		}
		chain["v"+strconv.Itoa(i)] = variable{value: next, origin: "collection"}
	}
	double := map[string]variable{"d0": {value: strings.Repeat("x", 1024), origin: "collection"}}
	for i := 1; i <= 12; i++ {
		double["d"+strconv.Itoa(i)] = variable{value: "{{d" + strconv.Itoa(i-1) + "}}{{d" + strconv.Itoa(i-1) + "}}", origin: "collection"}
	}
	vars := map[string]variable{
		"host":   {value: "{{prefix}}.example.com", origin: "collection"},
		"prefix": {value: "api", origin: "environment dev"},
		"a":      {value: "{{b}}", origin: "collection"},
		"b":      {value: "{{a}}", origin: "collection"},
		"self":   {value: "x{{self}}", origin: "collection"},
		"empty":  {value: "", origin: "environment dev"},
		"secret": {value: "s3cr3t", secret: true, origin: "environment dev"},
	}
	for _, tc := range []struct {
		name    string
		vars    map[string]variable
		in      string
		want    string
		unknown string
		secret  bool
	}{
		{"literal", vars, "https://x/y", "https://x/y", "", false},
		{"nested", vars, "https://{{host}}/pets", "https://api.example.com/pets", "", false},
		{"undefined", vars, "https://{{nope}}/x", "", "{{nope}} is not defined", false},
		{"cycle", vars, "{{a}}", "", "refers to itself", false},
		{"self cycle", vars, "{{self}}", "", "refers to itself", false},
		{"dynamic", vars, "/pets/{{$guid}}", "", "dynamic variable", false},
		{"empty value", vars, "{{empty}}", "", "current value is not exported", false},
		{"secret taints", vars, "https://x/?k={{secret}}", "https://x/?k=s3cr3t", "", true},
		{"19 levels resolve", chain, "{{v6}}", "end", "", false},
		{"deeper than 19 levels", chain, "{{v5}}", "", "more than 19 levels", false},
		{"growth is bounded", double, "{{d12}}", "", "grows past 64 KiB", false},
		{"unclosed braces stay text", vars, "{{host", "{{host", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newResolver(tc.vars).resolve(tc.in)
			if tc.unknown != "" {
				if !strings.Contains(r.unknown, tc.unknown) {
					t.Errorf("unknown = %q, want it to say %q", r.unknown, tc.unknown)
				}
				return
			}
			if r.unknown != "" || r.text != tc.want || r.secret != tc.secret {
				t.Errorf("got %+v, want %q (secret %v)", r, tc.want, tc.secret)
			}
		})
	}
	res := newResolver(vars)
	res.resolve("{{a}} {{self}}")
	if p := res.problems(); len(p) != 1 || !strings.Contains(p[0], "{{a}}") || !strings.Contains(p[0], "{{self}}") {
		t.Errorf("problems = %v, want one naming both cycles", p)
	}
}

func TestSecretNameAndPlaceholder(t *testing.T) {
	for name, want := range map[string]bool{
		"client_secret": true, "password": true, "id_token": true, "accessToken": true, "apiKey": true,
		"token_url": false, "client_id": false, "domain": false, "tokenName": false,
	} {
		if got := secretName(name); got != want {
			t.Errorf("secretName(%q) = %v, want %v", name, got, want)
		}
	}
	for s, want := range map[string]bool{
		"<AUTH_URL>": true, "https://<%= domain %>/x": true, "${DOMAIN}": true, "CLIENT_ID": true,
		"https://api.example.com/pets?a<b": false, "4example1client2id3": false, "S256": false, "GET": false,
	} {
		if got := placeholder(s); got != want {
			t.Errorf("placeholder(%q) = %v, want %v", s, got, want)
		}
	}
}
