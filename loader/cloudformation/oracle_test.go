package cloudformation

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSAMFixturesMatchInstalledTranslator runs AWS's SAM translator (the
// Python samtranslator package, when installed) on this package's SAM
// fixtures and requires the same authorizers, methods and resource policy
// statements from the SAM input and from the translator's CloudFormation —
// for HTTP APIs the same routes, JWT authorizers (issuer, audience, identity
// source), CORS origins and stages. It skips when samtranslator is not
// available.
func TestSAMFixturesMatchInstalledTranslator(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Python translator")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not available")
	}
	ctx := context.Background()
	if err := exec.CommandContext(ctx, python, "-c", "import samtranslator").Run(); err != nil {
		t.Skip("samtranslator not installed")
	}
	for _, f := range []string{"testdata/sam.yaml", "testdata/sam-more.yaml", "testdata/sam-policy.yaml", "testdata/sam-httpapi.yaml", "testdata/sam-httpapi-more.yaml"} {
		t.Run(filepath.Base(f), func(t *testing.T) {
			cmd := exec.CommandContext(ctx, python, "testdata/samtranslate.py", f)
			cmd.Env = append(os.Environ(), "AWS_DEFAULT_REGION=us-east-1")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("samtranslator: %v", err)
			}
			translated := filepath.Join(t.TempDir(), "out.json")
			if err := os.WriteFile(translated, out, 0o600); err != nil {
				t.Fatal(err)
			}
			mine, err := loadFile(ctx, t, f, Options{})
			if err != nil {
				t.Fatalf("SAM input: %v", err)
			}
			theirs, err := loadFile(ctx, t, translated, Options{})
			if err != nil {
				t.Fatalf("translator output: %v", err)
			}
			a, b := authModel(mine), authModel(theirs)
			var diffs []string
			for _, k := range sortedKeys(mergeKeys(a, b)) {
				if a[k] != b[k] {
					diffs = append(diffs, fmt.Sprintf("%s:\n  authlint:   %s\n  translator: %s", k, a[k], b[k]))
				}
			}
			if len(diffs) > 0 {
				t.Errorf("%d differences:\n%s", len(diffs), strings.Join(diffs, "\n"))
			}
			if len(a) == 0 {
				t.Error("nothing compared")
			}
			for _, k := range sortedKeys(a) {
				t.Logf("%s: %s", k, a[k])
			}
		})
	}
}
