package parsefloor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
		// bad is the file the error must name; empty when none fails.
		bad string
	}{
		{
			name:  "yaml and json",
			files: map[string]string{"a.yaml": "openapi: 3.0.1\npaths: {}\n", "b.json": `{"openapi": "3.0.1", "paths": {}}`},
			want:  2,
		},
		{
			name:  "a broken file is named",
			files: map[string]string{"good.yaml": "a: 1\n", "broken.yaml": "a: [1, 2\n"},
			want:  2,
			bad:   "broken.yaml",
		},
		{
			name:  "other files are not read",
			files: map[string]string{"notes.txt": "a: [", "a.yml": "a: 1\n"},
			want:  1,
		},
	} {
		for name, parse := range map[string]Parser{"own": Own, "plain": Plain} {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				dir := t.TempDir()
				for f, body := range tc.files {
					if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				n, err := Parse(context.Background(), []string{dir}, parse)
				if n != tc.want {
					t.Errorf("parsed %d files, want %d", n, tc.want)
				}
				switch {
				case tc.bad == "" && err != nil:
					t.Errorf("unexpected error: %v", err)
				case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad)):
					t.Errorf("error %v, want one naming %s", err, tc.bad)
				}
			})
		}
	}
}
