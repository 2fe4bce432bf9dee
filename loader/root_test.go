package loader

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tree lays out files (content "x") and symbolic links (value "->TARGET").
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRootCheck(t *testing.T) {
	dir := tree(t, map[string]string{
		"repo/.git/HEAD":        "x",
		"repo/a.yaml":           "x",
		"repo/sub/b.yaml":       "x",
		"repo/out-link.yaml":    "->../secret.txt",
		"repo/in-link.yaml":     "->sub/b.yaml",
		"repo/dir-link":         "->..",
		"repo/dangling.yaml":    "->../missing.txt",
		"secret.txt":            "SECRET=canary",
		"repo/sub/loop.yaml":    "->loop.yaml",
		"repo/sub/deeper/c.yml": "x",
	})
	repo := filepath.Join(dir, "repo")
	root, err := NewRoot(repo, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		outside bool
	}{
		{"a.yaml", false},
		{"sub/b.yaml", false},
		{"sub/../a.yaml", false},
		{"missing.yaml", false}, // the read reports it
		{"in-link.yaml", false},
		{"sub/deeper/c.yml", false},
		{"../secret.txt", true},
		{"sub/../../secret.txt", true},
		{"out-link.yaml", true},
		{"dir-link/secret.txt", true},
		{"dir-link/repo/a.yaml", false}, // leads back in
		{"/etc/passwd", true},
		{"dangling.yaml", false}, // its target does not exist: the read fails
	} {
		p := tc.path
		if !filepath.IsAbs(p) {
			p = filepath.Join(repo, p)
		}
		err := root.Check(tc.path, p)
		if got := err != nil; got != tc.outside {
			t.Errorf("Check(%s) = %v, want outside=%v", tc.path, err, tc.outside)
		}
		if err != nil && (!IsOutside(err) || !strings.Contains(err.Error(), "pass --allow-outside-root to read it") || !strings.HasPrefix(err.Error(), tc.path+" ")) {
			t.Errorf("Check(%s): message %q", tc.path, err)
		}
	}
	// Reading refuses before opening.
	if _, err := (Reader{Root: root}).Read(context.Background(), "../secret.txt", filepath.Join(repo, "../secret.txt")); !IsOutside(err) {
		t.Errorf("Read outside = %v", err)
	}
	// Allowed: everything goes; nil: no confinement.
	open, err := NewRoot(repo, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := open.Check("x", "/etc/passwd"); err != nil {
		t.Errorf("allow-outside-root: %v", err)
	}
	var none *Root
	if err := none.Check("x", "/etc/passwd"); err != nil {
		t.Errorf("nil root: %v", err)
	}
	if err := ClosedRoot().Check("a.yaml", filepath.Join(repo, "a.yaml")); err == nil {
		t.Error("ClosedRoot let a path in")
	}
}

func TestDefaultRoot(t *testing.T) {
	dir := tree(t, map[string]string{
		"repo/.git/HEAD":          "x",
		"repo/infra/api/t.yaml":   "x",
		"plain/a/x.yaml":          "x",
		"plain/b/y.yaml":          "x",
		"plain/c/deeper/z.yaml":   "x",
		"elsewhere/loose.yaml":    "x",
		"repo/infra/api/nested/k": "x",
	})
	j := func(p string) string { return filepath.Join(dir, p) }
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{j("repo/infra/api/t.yaml")}, j("repo")},
		{[]string{j("repo/infra")}, j("repo")},
		{[]string{j("plain/a")}, j("plain/a")},
		{[]string{j("plain/a/x.yaml")}, j("plain/a")},
		{[]string{j("plain/a"), j("plain/c/deeper")}, j("plain")},
		{[]string{j("plain/a/missing.yaml")}, j("plain/a")},
	} {
		got := DefaultRoot(tc.paths)
		// A temporary folder may itself sit in a repository on some machines;
		// only the cases without one above are exact.
		if got != tc.want {
			t.Errorf("DefaultRoot(%v) = %s, want %s", tc.paths, got, tc.want)
		}
	}
}

// TestWalkLinks: a walk reports candidate links that cannot be followed and
// links that lead out of the root, and still skips links to folders it has
// walked.
func TestWalkLinks(t *testing.T) {
	dir := tree(t, map[string]string{
		"repo/.git/HEAD":      "x",
		"repo/ok.yaml":        "x",
		"repo/dangling.yaml":  "->nowhere.yaml",
		"repo/loop.json":      "->loop.json",
		"repo/notes.txt":      "->nowhere.txt",
		"repo/leak.yaml":      "->../secret.yaml",
		"repo/leakdir":        "->../outside",
		"repo/self":           "->.",
		"repo/in.yaml":        "->ok.yaml",
		"secret.yaml":         "SECRET: canary",
		"outside/other.yaml":  "x",
		"repo/sub/file.yaml":  "x",
		"repo/sub/again.yaml": "->../sub/file.yaml",
	})
	repo := filepath.Join(dir, "repo")
	root, err := NewRoot(repo, false)
	if err != nil {
		t.Fatal(err)
	}
	cands, skips, errs := Expand(context.Background(), []string{repo}, root)
	var got []string
	for _, c := range cands {
		got = append(got, strings.TrimPrefix(c.Path, repo+"/"))
	}
	slices.Sort(got)
	if want := []string{"in.yaml", "ok.yaml", "sub/again.yaml", "sub/file.yaml"}; !slices.Equal(got, want) {
		t.Errorf("candidates = %v, want %v", got, want)
	}
	reasons := map[string]string{}
	for _, e := range errs {
		reasons[strings.TrimPrefix(e.Input, repo+"/")] = e.Reason
	}
	for name, want := range map[string]string{
		"dangling.yaml": "symbolic link that cannot be followed: its target does not exist",
		"loop.json":     "symbolic link that cannot be followed: too many levels of symbolic links",
		"leak.yaml":     "a symbolic link that leads outside the scan root",
		"leakdir":       "a symbolic link that leads outside the scan root",
	} {
		if !strings.Contains(reasons[name], want) {
			t.Errorf("%s: reason %q, want %q", name, reasons[name], want)
		}
	}
	if len(errs) != 4 {
		t.Errorf("errors = %v", errs)
	}
	skipped := map[string]string{}
	for _, s := range skips {
		skipped[strings.TrimPrefix(s.Path, repo+"/")] = s.Reason
	}
	if !strings.Contains(skipped["notes.txt"], "cannot be followed") || !strings.Contains(skipped["self"], "loop") {
		t.Errorf("skips = %v", skipped)
	}
	// With the root lifted, the links out are followed.
	open, _ := NewRoot(repo, true)
	cands, _, errs = Expand(context.Background(), []string{repo}, open)
	if len(errs) != 2 || len(cands) != 6 {
		t.Errorf("allow-outside-root: %d candidates, errors %v", len(cands), errs)
	}
}
