package live_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/authlint/authlint/internal/awsfake"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/live"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const (
	accountA = "111111111111"
	accountB = "222222222222"
	// canarySecret is the client secret the scenario's web client has; it must
	// never appear in anything the scanner produces.
	canarySecret = "authlint-canary-secret-7f3c9a1e5b2d4c6f8a0e"
	roleA        = "arn:aws:iam::111111111111:role/authlint-scan"
	roleB        = "arn:aws:iam::222222222222:role/authlint-scan"
)

func scenario(t *testing.T, name string) *awsfake.Scenario {
	t.Helper()
	s, err := awsfake.LoadScenario(filepath.Join("testdata", "scenarios", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fake starts the fake AWS endpoint and points the SDK's default chain at it.
func fake(t *testing.T, scn *awsfake.Scenario, opts awsfake.Options) (*awsfake.Server, string) {
	t.Helper()
	srv := awsfake.New(scn, opts)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	fakeEnv(t)
	return srv, hs.URL
}

// fakeEnv gives the SDK's default chain static keys for account A, and no
// shared config files, instance metadata or endpoint settings of the machine.
func fakeEnv(tb testing.TB) {
	tb.Helper()
	dir := tb.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "AKIAFAKE111111111111",
		"AWS_SECRET_ACCESS_KEY":       "fake-secret-key",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_DEFAULT_PROFILE":         "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ENDPOINT_URL":            "",
		"AWS_MAX_ATTEMPTS":            "",
		"AWS_RETRY_MODE":              "",
		"AWS_ROLE_ARN":                "",
		"AWS_WEB_IDENTITY_TOKEN_FILE": "",
	} {
		tb.Setenv(k, v)
	}
}

// options are the test defaults: the fake's endpoint, no backoff between
// retries, and rate limits high enough not to slow tests down.
func options(url string, regions ...string) live.Options {
	return live.Options{
		Regions:      regions,
		EndpointURL:  url,
		RetryBackoff: retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil }),
		Limits:       live.Limits{APIGateway: 10000, APIGatewayBurst: 1000, GetResources: 10000, GetResourcesBurst: 1000, Cognito: 10000, CognitoBurst: 1000},
		CallTimeout:  5 * time.Second,
	}
}

func mustScan(t *testing.T, opts live.Options) *live.Result {
	t.Helper()
	res, err := live.Scan(context.Background(), opts)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return res
}

func inventoryJSON(t *testing.T, invs []*model.Inventory) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(invs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking the change):\n%s", name, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	for i := range max(len(wl), len(gl)) {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + string(w) + "\n  got:  " + string(g)
		}
	}
	return ""
}

func findAPI(t *testing.T, res *live.Result, id string) *model.RestAPI {
	t.Helper()
	for _, inv := range res.Inventories {
		for i := range inv.RestAPIs {
			if v, _ := inv.RestAPIs[i].ID.Get(); v == id {
				return &inv.RestAPIs[i]
			}
		}
	}
	t.Fatalf("API %s not in the result", id)
	return nil
}

func findAuthorizer(t *testing.T, api *model.RestAPI, name string) *model.Authorizer {
	t.Helper()
	for i := range api.Authorizers {
		if v, _ := api.Authorizers[i].Name.Get(); v == name {
			return &api.Authorizers[i]
		}
	}
	t.Fatalf("authorizer %s not in API %s", name, api.Ref)
	return nil
}

func findStage(t *testing.T, api *model.RestAPI, name string) *model.Stage {
	t.Helper()
	for i := range api.Stages {
		if v, _ := api.Stages[i].Name.Get(); v == name {
			return &api.Stages[i]
		}
	}
	t.Fatalf("stage %s not in API %s", name, api.Ref)
	return nil
}
