package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("pipe closed") }

// TestMain runs the command line in-process; the end-to-end scripts in
// cmd/authlint cover the rest through the binary.
func TestMainInProcess(t *testing.T) {
	dir := t.TempDir()
	api := filepath.Join(dir, "api.yaml")
	if err := os.WriteFile(api, []byte(`openapi: 3.0.1
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      security: [{CognitoAuth: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    CognitoAuth:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: []
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		args       []string
		want       int
		wantOut    string
		wantErrOut string
	}{
		{name: "findings", args: []string{"scan", "--disable", "all", "--enable", "AZ001", api}, want: 1, wantOut: api + ":10:5: AZ001 (error)"},
		{name: "never", args: []string{"scan", "--fail-on", "never", "--disable", "all", "--enable", "AZ001", api}, want: 0, wantOut: "1 finding (1 error) in 1 input"},
		{name: "missing input", args: []string{"scan", api, filepath.Join(dir, "nope.yaml")}, want: 3, wantOut: "nope.yaml: error: no such file or directory"},
		{name: "unknown format", args: []string{"scan", "--format", "xml", api}, want: 2, wantErrOut: `unknown --format "xml"`},
		{name: "bad threshold", args: []string{"scan", "--fail-on", "high", api}, want: 2, wantErrOut: "unknown --fail-on value"},
		{name: "unknown command", args: []string{"lint"}, want: 2, wantErrOut: "Run 'authlint --help' for usage."},
		{name: "version", args: []string{"version"}, want: 0, wantOut: "authlint "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			streams, out, errOut := testStreams()
			got := Main(context.Background(), tc.args, streams.In, out, errOut)
			if got != tc.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", got, tc.want, out, errOut)
			}
			if !strings.Contains(out.String(), tc.wantOut) || !strings.Contains(errOut.String(), tc.wantErrOut) {
				t.Errorf("stdout %q, stderr %q; want %q, %q", out, errOut, tc.wantOut, tc.wantErrOut)
			}
		})
	}

	t.Run("stdout fails", func(t *testing.T) {
		_, _, errOut := testStreams()
		got := Main(context.Background(), []string{"scan", api}, strings.NewReader(""), brokenWriter{}, errOut)
		if got != 2 || !strings.Contains(errOut.String(), "pipe closed") {
			t.Errorf("exit %d, stderr %q; want 2 and the write error", got, errOut)
		}
	})

	t.Run("interrupted", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		streams, out, errOut := testStreams()
		if got := Main(ctx, []string{"scan", api}, streams.In, out, errOut); got != 3 {
			t.Errorf("exit %d, want 3\nstdout:\n%s\nstderr:\n%s", got, out, errOut)
		}
	})
}
