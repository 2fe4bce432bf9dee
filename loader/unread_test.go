package loader

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUnread(t *testing.T) {
	tests := []struct {
		name  string
		files []string // "dir/" creates a folder
		cdk   string   // cdk.json content, when set
		want  map[string]string
	}{
		{name: "cdk without assembly", cdk: `{"app": "x"}`, want: map[string]string{"cdk": "cdk.json"}},
		{name: "cdk synthesized", cdk: `{"app": "x"}`, files: []string{"cdk.out/"}, want: map[string]string{}},
		{name: "cdk output elsewhere", cdk: `{"output": "build/out"}`, files: []string{"build/out/"}, want: map[string]string{}},
		{name: "cdk output outside the folder is not trusted", cdk: `{"output": "../out"}`, files: []string{"cdk.out/"}, want: map[string]string{}},
		{name: "cdk output outside, cdk.out missing", cdk: `{"output": "../out"}`, want: map[string]string{"cdk": "cdk.json"}},
		{name: "cdk.json not JSON", cdk: `{`, want: map[string]string{"cdk": "cdk.json"}},
		{name: "serverless", files: []string{"serverless.yml"}, want: map[string]string{"serverless": "serverless.yml"}},
		{name: "serverless ts", files: []string{"serverless.ts"}, want: map[string]string{"serverless": "serverless.ts"}},
		{name: "serverless packaged", files: []string{"serverless.yml", ".serverless/"}, want: map[string]string{}},
		{name: "nothing", files: []string{"api.yaml"}, want: map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(f))
				if f[len(f)-1] == '/' {
					if err := os.MkdirAll(p, 0o750); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err := os.WriteFile(p, []byte("x: 1\n"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if tt.cdk != "" {
				if err := os.WriteFile(filepath.Join(dir, "cdk.json"), []byte(tt.cdk), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, u := range []Unread{CDKApp(), ServerlessService()} {
				for _, s := range u.Check(t.Context(), dir, entries) {
					rel, _ := filepath.Rel(dir, s.Path)
					if s.Kind != u.Kind || s.Reason == "" {
						t.Errorf("skip %+v from %s", s, u.Kind)
					}
					got[s.Kind] = filepath.ToSlash(rel)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("found %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
		})
	}
}
