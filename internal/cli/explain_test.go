package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/authlint/authlint/internal/awsfake"
	"github.com/authlint/authlint/loader/live"
)

// liveExplainFake serves the account of the explain_live script.
func liveExplainFake(t *testing.T) *awsfake.Server {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("..", "..", "cmd", "authlint", "testdata", "script", "explain_live.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "scenario.json")
	for _, f := range ar.Files {
		if f.Name == "scenario.json" {
			if err := os.WriteFile(path, f.Data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	scn, err := awsfake.LoadScenario(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := awsfake.New(scn, awsfake.Options{})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	home := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": hs.URL, "AWS_ACCESS_KEY_ID": "AKIAFAKE444455556666", "AWS_SECRET_ACCESS_KEY": "fake",
		"AWS_CONFIG_FILE": filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_PROFILE": "", "AWS_REGION": "",
	} {
		t.Setenv(k, v)
	}
	return srv
}

// TestExplainTestInvoke: --test-invoke calls TestInvokeAuthorizer once, every
// other call is a read, and without the flag nothing writes.
func TestExplainTestInvoke(t *testing.T) {
	srv := liveExplainFake(t)
	tok, err := filepath.Abs(filepath.Join("..", "..", "examples", "explain", "id-token.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"explain", "--live", "--region", "eu-west-1", "--token", "@" + tok, "--method", "GET /orders",
		"--now", "2026-03-02T10:17:00Z", "--format", "json"}
	reads := map[string]bool{"GetJWKS": true}
	for _, op := range live.Operations() {
		reads[op.Name] = true
	}
	count := func(from int) (writes int, others []string) {
		for _, c := range srv.Calls()[from:] {
			switch {
			case c.Operation == "TestInvokeAuthorizer":
				writes++
			case !reads[c.Operation]:
				others = append(others, c.Operation)
			}
		}
		return writes, others
	}

	var out, errOut bytes.Buffer
	if code := Main(context.Background(), args, nil, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, stderr %s", code, errOut.String())
	}
	if w, others := count(0); w != 0 || len(others) > 0 {
		t.Fatalf("without --test-invoke: %d TestInvokeAuthorizer calls, other calls %v", w, others)
	}
	if bytes.Contains(out.Bytes(), []byte("testInvoke")) {
		t.Error("a testInvoke result without --test-invoke")
	}

	before := len(srv.Calls())
	out.Reset()
	errOut.Reset()
	if code := Main(context.Background(), append(args, "--test-invoke"), nil, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, stderr %s", code, errOut.String())
	}
	if w, others := count(before); w != 1 || len(others) > 0 {
		t.Fatalf("with --test-invoke: %d TestInvokeAuthorizer calls (want 1), other calls %v", w, others)
	}
	var doc struct {
		Verdict struct {
			RuleID string `json:"ruleId"`
		} `json:"verdict"`
		TestInvoke *struct {
			ClientStatus int               `json:"clientStatus"`
			Accepted     bool              `json:"accepted"`
			Claims       map[string]string `json:"claims"`
		} `json:"testInvoke"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// The authorizer accepts the ID token (TestInvokeAuthorizer knows nothing
	// of method scopes); the method still refuses it.
	if doc.Verdict.RuleID != "TK010" || doc.TestInvoke == nil || !doc.TestInvoke.Accepted || doc.TestInvoke.Claims["token_use"] != "id" {
		t.Errorf("verdict %s, testInvoke %+v", doc.Verdict.RuleID, doc.TestInvoke)
	}
	if !slices.Contains(live.WriteOperations(), live.Operation{Service: "API Gateway", Name: "TestInvokeAuthorizer", Action: "apigateway:POST", Resource: "arn:aws:apigateway:*::/restapis/*/authorizers/*"}) {
		t.Error("TestInvokeAuthorizer is not listed as a write operation")
	}
}

func TestExplainTestInvokeNeedsLive(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main(context.Background(), []string{"explain", "--test-invoke", "--token", "x", "--method", "GET /x", "api.yaml"}, nil, &out, &errOut)
	if code != 2 || !bytes.Contains(errOut.Bytes(), []byte("--test-invoke needs --live")) {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}
