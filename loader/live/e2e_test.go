package live_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/awsfake"
	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/live"
	"github.com/authlint/authlint/loader/snapshot"
	"github.com/authlint/authlint/reporters"
)

func loaded(res *live.Result) []scan.Loaded {
	out := make([]scan.Loaded, 0, len(res.Inventories))
	for _, inv := range res.Inventories {
		out = append(out, scan.Loaded{Source: scan.SourceName(inv, ""), Kind: model.KindLive, Inventory: inv})
	}
	return out
}

func newEngine(t *testing.T) *engine.Engine {
	t.Helper()
	eng, err := engine.New(context.Background(), engine.Options{})
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return eng
}

// TestFindingsThroughEngine runs the policies over a live scan of two regions:
// the scenario's misconfigurations are found, each finding names the account,
// region, API id and (for stage and method findings) the stage and method.
func TestFindingsThroughEngine(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	eng := newEngine(t)
	fs, ruleErrs := scan.Evaluate(context.Background(), eng, loaded(res), 2)
	if len(ruleErrs) > 0 {
		t.Fatalf("rule errors: %+v", ruleErrs)
	}
	catalogue := map[string]bool{}
	for _, r := range eng.Rules() {
		catalogue[r.ID] = true
	}
	type want struct {
		rule, ref, stage, method string
	}
	wants := []want{
		// An authorizer with no user pool.
		{"AZ001", "a1b2c3d4e5/authorizer/au2000", "", ""},
		// A provider ARN whose pool DescribeUserPool does not know.
		{"AZ003", "a1b2c3d4e5/authorizer/au3000", "", ""},
		// DELETE /pets/{id} is open beside Cognito-protected GET.
		{"AZ010", "a1b2c3d4e5/method/DELETE /pets/{id}", "", "DELETE /pets/{id}"},
		// prod serves the first deployment: GET /pets open, /legacy absent.
		{"DP003", "a1b2c3d4e5/stage/prod", "prod", ""},
	}
	for _, w := range wants {
		if !catalogue[w.rule] {
			t.Logf("%s is not in the catalogue yet; not checked", w.rule)
			continue
		}
		i := slices.IndexFunc(fs, func(f finding.Finding) bool { return f.RuleID == w.rule && f.Resource.Ref == w.ref })
		if i < 0 {
			t.Errorf("no %s finding on %s", w.rule, w.ref)
			continue
		}
		f := fs[i]
		r := f.Resource
		if r.Account != accountA || r.Region != "us-east-1" || r.APIID != "a1b2c3d4e5" || f.Source != "live:111111111111/us-east-1" {
			t.Errorf("%s finding does not name account, region and API id: %+v (source %s)", w.rule, r, f.Source)
		}
		if r.Stage != w.stage || r.Method != w.method {
			t.Errorf("%s finding names stage %q and method %q, want %q and %q", w.rule, r.Stage, r.Method, w.stage, w.method)
		}
		if !strings.HasPrefix(r.ARN, "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5") {
			t.Errorf("%s finding ARN = %q", w.rule, r.ARN)
		}
	}
	// The in-sync dev stage and the eu-west-1 stage must not be called stale.
	for _, f := range fs {
		if f.RuleID == "DP003" && f.Resource.Ref != "a1b2c3d4e5/stage/prod" {
			t.Errorf("DP003 on an up-to-date stage: %s: %s", f.Resource.Ref, f.Message)
		}
	}
	for _, f := range fs {
		t.Logf("%s %s %s/%s %s", f.RuleID, f.Source, f.Resource.Ref, f.Resource.Stage, f.Message)
	}
}

// TestThrottledAndDeniedExitCode: with throttling everywhere and access denied
// in one region, the scan completes, the other region's findings are there,
// what could not be read is listed, and the run's exit code is 3.
func TestThrottledAndDeniedExitCode(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults,
		awsfake.Fault{Region: "eu-west-1", Service: "apigateway", Error: "AccessDeniedException"},
		awsfake.Fault{Region: "us-east-1", Operation: "GetRestApis", Error: "TooManyRequestsException", Times: 2},
		awsfake.Fault{Region: "us-east-1", Operation: "GetResources", Error: "TooManyRequestsException", Times: 3},
		awsfake.Fault{Region: "us-east-1", Operation: "GetStages", Error: "TooManyRequestsException", Times: 3},
		awsfake.Fault{Region: "us-east-1", Operation: "DescribeUserPool", Error: "TooManyRequestsException", Times: 2})
	_, url := fake(t, scn, awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	eng := newEngine(t)
	fs, ruleErrs := scan.Evaluate(context.Background(), eng, loaded(res), 2)
	report := &finding.Report{Findings: fs, LoadErrors: res.LoadErrors, RuleErrors: ruleErrs, FailOn: finding.FailOn(finding.Error)}
	if code := report.ExitCode(); code != finding.ExitLoad {
		t.Errorf("exit code = %d, want %d", code, finding.ExitLoad)
	}
	if res.Stats.Throttled < 10 {
		t.Errorf("throttled attempts = %d, want at least 10", res.Stats.Throttled)
	}
	if len(res.LoadErrors) != 1 || res.LoadErrors[0].Input != "live:111111111111/eu-west-1" {
		t.Errorf("load errors = %+v, want eu-west-1 only (throttling is retried)", res.LoadErrors)
	}
	if !slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.RuleID == "AZ001" && f.Resource.Region == "us-east-1" }) {
		t.Error("the readable region's findings are missing")
	}
}

// TestExportRoundTrip writes the live inventories as `authlint export` does
// and reads them back with the snapshot loader: the offline scan finds the
// same thing, with the same fingerprints.
func TestExportRoundTrip(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	eng := newEngine(t)
	ld := loaded(res)
	liveFindings, _ := scan.Evaluate(context.Background(), eng, ld, 2)

	ex := model.Export{Format: model.ExportFormat, SchemaVersion: model.SchemaVersion}
	for _, l := range ld {
		ex.Inventories = append(ex.Inventories, model.ExportedInput{Source: l.Source, Kind: l.Kind, Inventory: *l.Inventory})
	}
	data, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	in := loader.NewInput(filepath.Join(t.TempDir(), "inventory.json"), data)
	sl := snapshot.New()
	if !sl.Detect(in) {
		t.Fatal("the snapshot loader does not recognise the export")
	}
	invs, err := sl.Load(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	var back []scan.Loaded
	for _, inv := range invs {
		back = append(back, scan.Loaded{Source: scan.SourceName(inv, in.Path), Kind: model.KindSnapshot, Inventory: inv})
	}
	offline, _ := scan.Evaluate(context.Background(), eng, back, 2)
	fp := func(fs []finding.Finding) []string {
		out := make([]string, 0, len(fs))
		for _, f := range fs {
			out = append(out, f.RuleID+" "+f.Fingerprint)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(fp(liveFindings), fp(offline)) {
		t.Errorf("offline findings differ:\nlive:    %v\noffline: %v", fp(liveFindings), fp(offline))
	}
	if len(liveFindings) == 0 {
		t.Error("the scenario must produce findings")
	}
}

// TestClientSecretNeverLeaks scans a pool whose client has a secret, with
// failures on the way, and looks for the secret in everything the scan
// produces: inventories, export, load errors, logs at debug level, the result
// itself and every report format.
func TestClientSecretNeverLeaks(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	// The fake serves the secret: make sure the test could see it leak.
	if !strings.Contains(fmt.Sprint(scn.Accounts[0].Regions[0].UserPools[0].Clients[0]), canarySecret) {
		t.Fatal("the scenario no longer carries the canary secret")
	}
	scn.Faults = append(scn.Faults,
		awsfake.Fault{Operation: "DescribeUserPoolClient", Error: "TooManyRequestsException", Times: 1},
		awsfake.Fault{Operation: "ListResourceServers", Error: "InternalErrorException"},
		awsfake.Fault{Operation: "GetExport", Resource: "f6g7h8i9j0", Error: "BadRequestException"})
	srv, url := fake(t, scn, awsfake.Options{})
	var logs bytes.Buffer
	opts := options(url, "us-east-1", "eu-west-1")
	opts.MaxAttempts = 2
	opts.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var progress bytes.Buffer
	opts.Progress = &progress
	res := mustScan(t, opts)

	served := false
	for _, c := range srv.Calls() {
		served = served || (c.Operation == "DescribeUserPoolClient" && c.Status == 200)
	}
	if !served {
		t.Fatal("the fake never answered DescribeUserPoolClient: the test proves nothing")
	}
	if len(res.LoadErrors) == 0 || logs.Len() == 0 {
		t.Fatal("the scan was meant to fail in places and to log")
	}

	outputs := map[string][]byte{
		"inventories": inventoryJSON(t, res.Inventories),
		"logs":        logs.Bytes(),
		"progress":    progress.Bytes(),
		"result":      fmt.Appendf(nil, "%+v %#v", res, res),
	}
	eng := newEngine(t)
	fs, ruleErrs := scan.Evaluate(context.Background(), eng, loaded(res), 2)
	report := &finding.Report{
		Tool: finding.Tool{Name: "authlint", Version: "test"}, Rules: eng.Rules(), Findings: fs,
		LoadErrors: res.LoadErrors, RuleErrors: ruleErrs, FailOn: finding.FailOn(finding.Error),
	}
	for _, tg := range res.Targets {
		report.Inputs = append(report.Inputs, finding.Input{Name: tg.Name(), Kind: model.KindLive})
	}
	report.Normalize()
	for _, r := range reporters.All(reporters.Options{}) {
		var buf bytes.Buffer
		if err := r.Report(&buf, report); err != nil {
			t.Fatalf("%s: %v", r.Name(), err)
		}
		outputs["report "+r.Name()] = buf.Bytes()
	}
	for name, out := range outputs {
		if bytes.Contains(out, []byte(canarySecret)) {
			t.Errorf("the client secret appears in %s", name)
		}
		if len(out) == 0 {
			t.Errorf("%s is empty: nothing was checked", name)
		}
	}
	// GenerateSecret still says the client has one.
	for _, inv := range res.Inventories {
		for _, c := range inv.AppClients {
			if id, _ := c.ID.Get(); id == "1example23456789web" {
				if has, _ := c.GenerateSecret.Get(); !has {
					t.Error("GenerateSecret lost with the secret")
				}
			}
		}
	}
}

// TestHTTPAPIAudienceIsPoolID: an HTTP API whose JWT authorizer lists the
// user pool id as its audience is reported (HT004), and the finding names the
// account, region, API id and authorizer. The WebSocket API beside it is not
// read.
func TestHTTPAPIAudienceIsPoolID(t *testing.T) {
	_, url := fake(t, scenario(t, "http-api.json"), awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1"))
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors: %+v", res.LoadErrors)
	}
	if len(res.Inventories) != 1 || len(res.Inventories[0].HTTPAPIs) != 1 {
		t.Fatalf("want one inventory with one HTTP API, got %d inventories", len(res.Inventories))
	}
	api := res.Inventories[0].HTTPAPIs[0]
	a := api.Authorizers[0]
	if a.IssuerUserPool == nil || a.IssuerUserPool.Target != "us-east-1_BBBBBBBBB" {
		t.Errorf("issuer pool link = %+v", a.IssuerUserPool)
	}
	if e := a.Audience.Items[0]; e.UserPool == nil || e.UserPool.Target != "us-east-1_BBBBBBBBB" || e.AppClient != nil {
		t.Errorf("audience entry links = pool %+v, client %+v", e.UserPool, e.AppClient)
	}
	fs, ruleErrs := scan.Evaluate(context.Background(), newEngine(t), loaded(res), 1)
	if len(ruleErrs) > 0 {
		t.Fatalf("rule errors: %+v", ruleErrs)
	}
	var ht004 []finding.Finding
	for _, f := range fs {
		if f.RuleID == "HT004" {
			ht004 = append(ht004, f)
		}
		if f.RuleID == "HT010" || f.RuleID == "HT003" {
			t.Errorf("unexpected %s: %s", f.RuleID, f.Message)
		}
	}
	if len(ht004) != 1 {
		t.Fatalf("HT004 findings = %d, want 1 (all: %+v)", len(ht004), fs)
	}
	f := ht004[0]
	r := f.Resource
	if r.Account != accountA || r.Region != "us-east-1" || r.APIID != "q1w2e3r4t5" || f.Source != "live:111111111111/us-east-1" {
		t.Errorf("HT004 finding does not name account, region and API id: %+v (source %s)", r, f.Source)
	}
	for _, want := range []string{"111111111111", "us-east-1", "q1w2e3r4t5", "cognito (id jw2000)", "us-east-1_BBBBBBBBB"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("HT004 message lacks %q: %s", want, f.Message)
		}
	}
	if r.ARN != "arn:aws:apigateway:us-east-1::/apis/q1w2e3r4t5/authorizers/jw2000" {
		t.Errorf("HT004 ARN = %q", r.ARN)
	}
	if strings.Contains(f.Message, "authlint-canary-secret") {
		t.Error("the message holds the client secret")
	}
}

// TestHTTPAPIFaults: what cannot be read of an HTTP API is a load error that
// names it, its collection stays unknown (no finding from it), and the rest
// is still read; a refused GetApis leaves the target's REST APIs scanned;
// throttled calls are retried.
func TestHTTPAPIFaults(t *testing.T) {
	scn := scenario(t, "http-api.json")
	scn.Faults = append(scn.Faults,
		awsfake.Fault{Operation: "GetRoutes", Resource: "q1w2e3r4t5", Error: "AccessDeniedException"},
		awsfake.Fault{Operation: "GetStages", Resource: "q1w2e3r4t5", Error: "TooManyRequestsException", Times: 1},
	)
	_, url := fake(t, scn, awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1"))
	if !hasLoadError(res, "live:111111111111/us-east-1/apis/q1w2e3r4t5", "reading routes (apigatewayv2 GetRoutes)") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
	api := res.Inventories[0].HTTPAPIs[0]
	if api.RoutesUnknown == nil || len(api.Routes) != 0 {
		t.Errorf("routes = %+v, unknown %+v", api.Routes, api.RoutesUnknown)
	}
	if len(api.Stages) != 1 || api.StagesUnknown != nil {
		t.Errorf("the throttled GetStages was not retried: %+v", api.StagesUnknown)
	}
	if len(api.Authorizers) != 1 {
		t.Errorf("authorizers = %+v", api.Authorizers)
	}

	scn = scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Region: "eu-west-1", Operation: "GetApis", Error: "AccessDeniedException"})
	_, url = fake(t, scn, awsfake.Options{})
	res = mustScan(t, options(url, "us-east-1", "eu-west-1"))
	if !hasLoadError(res, "live:111111111111/eu-west-1", "listing HTTP APIs (apigatewayv2 GetApis)") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
	for _, inv := range res.Inventories {
		if inv.Sources[0].Region == "eu-west-1" && len(inv.RestAPIs) == 0 {
			t.Error("a refused GetApis dropped the region's REST APIs")
		}
	}
}
