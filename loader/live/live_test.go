package live_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/authlint/authlint/internal/awsfake"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/live"
)

func TestScanTwoRegionsGolden(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors: %+v", res.LoadErrors)
	}
	if len(res.Inventories) != 2 {
		t.Fatalf("got %d inventories, want one per region", len(res.Inventories))
	}
	for i, want := range []string{"live:111111111111/eu-west-1", "live:111111111111/us-east-1"} {
		s := res.Inventories[i].Sources[0]
		if got := "live:" + s.Account + "/" + s.Region; got != want || s.Kind != model.KindLive || s.Partition != "aws" {
			t.Errorf("inventory %d source = %+v, want %s", i, s, want)
		}
		if res.Targets[i].Name() != want {
			t.Errorf("target %d = %s, want %s", i, res.Targets[i].Name(), want)
		}
	}
	golden(t, "two-regions.json", inventoryJSON(t, res.Inventories))
}

// TestPaging reads everything one item per page (position and NextToken
// followed to the end) and must read the same inventories as with full pages.
func TestPaging(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	full := inventoryJSON(t, mustScan(t, options(url, "us-east-1", "eu-west-1")).Inventories)

	srv, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{PageSize: 1})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors: %+v", res.LoadErrors)
	}
	if got := inventoryJSON(t, res.Inventories); !bytes.Equal(got, full) {
		t.Errorf("paged read differs from the full read:\n%s", firstDiff(string(full), string(got)))
	}
	pages := map[string]int{}
	for _, c := range srv.Calls() {
		if c.Resource == "a1b2c3d4e5" || c.Operation == "ListUserPoolClients" || c.Operation == "ListResourceServers" {
			pages[c.Operation]++
		}
	}
	// The pets API has 4 resources and 3 authorizers; the pool 2 clients and
	// 1 resource server: one call per item, plus none after the last page.
	for op, want := range map[string]int{"GetResources": 4, "GetAuthorizers": 3, "GetDeployments": 2, "ListUserPoolClients": 2} {
		if pages[op] != want {
			t.Errorf("%s pages = %d, want %d", op, pages[op], want)
		}
	}
}

func TestEndpointFromEnvironment(t *testing.T) {
	srv, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	t.Setenv("AWS_ENDPOINT_URL", url)
	opts := options("", "eu-west-1")
	res := mustScan(t, opts)
	if len(res.LoadErrors) > 0 || len(res.Inventories) != 1 {
		t.Fatalf("scan through AWS_ENDPOINT_URL: %d inventories, errors %+v", len(res.Inventories), res.LoadErrors)
	}
	if len(srv.Calls()) == 0 {
		t.Fatal("the fake saw no call: AWS_ENDPOINT_URL was not honoured")
	}
}

func TestRegionFromEnvironment(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	t.Setenv("AWS_REGION", "eu-west-1")
	res := mustScan(t, options(url))
	if len(res.Targets) != 1 || res.Targets[0].Region != "eu-west-1" {
		t.Fatalf("targets = %+v, want the environment's region", res.Targets)
	}
	t.Setenv("AWS_REGION", "")
	if _, err := live.Scan(context.Background(), options(url)); err == nil || !strings.Contains(err.Error(), "no region") {
		t.Fatalf("Scan without a region: err = %v, want a 'no region' error", err)
	}
}

func TestDrift(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1"))
	api := findAPI(t, res, "a1b2c3d4e5")
	prod, dev := findStage(t, api, "prod"), findStage(t, api, "dev")
	if prod.Deployed == nil || dev.Deployed == nil {
		t.Fatal("stages have no deployed snapshot")
	}
	if id, _ := prod.Deployed.DeploymentID.Get(); id != "dep0001" {
		t.Errorf("prod serves %q, want dep0001", id)
	}
	authOf := func(ms []model.Method, ref string) string {
		for i := range ms {
			if strings.HasSuffix(ms[i].Ref, ref) {
				v, _ := ms[i].AuthorizationType.Get()
				return v
			}
		}
		return "(absent)"
	}
	// The working copy protects GET /pets; prod still serves the first
	// deployment, where it was open.
	if got := authOf(api.Methods, "/method/GET /pets"); got != "COGNITO_USER_POOLS" {
		t.Errorf("working copy GET /pets = %s", got)
	}
	if got := authOf(prod.Deployed.Methods, "/method/GET /pets"); got != "NONE" {
		t.Errorf("prod serves GET /pets with %s, want NONE", got)
	}
	if got := authOf(prod.Deployed.Methods, "/method/GET /legacy"); got != "(absent)" {
		t.Errorf("prod serves GET /legacy (%s), which the first deployment did not have", got)
	}
	if got := authOf(dev.Deployed.Methods, "/method/GET /pets"); got != "COGNITO_USER_POOLS" {
		t.Errorf("dev serves GET /pets with %s, want COGNITO_USER_POOLS", got)
	}
	for _, st := range []*model.Stage{prod, dev} {
		switch st.Deployed.Source {
		case live.SnapshotExport:
			if !st.Deployed.ScopesKnown {
				t.Errorf("%s: an export carries scopes", st.Ref)
			}
		case live.SnapshotAPISummary:
			if st.Deployed.ScopesKnown || st.Deployed.AuthorizersKnown || st.Deployed.PolicyKnown {
				t.Errorf("%s: apiSummary snapshot claims to know scopes, authorizers or policy", st.Ref)
			}
		default:
			t.Errorf("%s: snapshot source %q", st.Ref, st.Deployed.Source)
		}
	}
}

// TestSnapshotFallback makes GetExport fail: the snapshot must come from
// GetDeployment's apiSummary, and the scan report nothing missing.
func TestSnapshotFallback(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "GetExport", Error: "BadRequestException", Message: "JSON body models are not found"})
	srv, url := fake(t, scn, awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1"))
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors: %+v", res.LoadErrors)
	}
	prod := findStage(t, findAPI(t, res, "a1b2c3d4e5"), "prod")
	if prod.Deployed == nil || prod.Deployed.Source != live.SnapshotAPISummary {
		t.Fatalf("prod snapshot = %+v, want one from apiSummary", prod.Deployed)
	}
	if prod.Deployed.CreatedDate != "2024-01-01T00:00:00Z" {
		t.Errorf("created date = %q", prod.Deployed.CreatedDate)
	}
	n := 0
	for _, c := range srv.Calls() {
		if c.Operation == "GetDeployment" {
			n++
		}
	}
	if n != 2 {
		t.Errorf("GetDeployment calls = %d, want one per stage", n)
	}

	// Both failing: the stage has no snapshot, and a load error names it.
	scn = scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults,
		awsfake.Fault{Operation: "GetExport", Error: "AccessDeniedException"},
		awsfake.Fault{Operation: "GetDeployment", Error: "AccessDeniedException"})
	_, url = fake(t, scn, awsfake.Options{})
	res = mustScan(t, options(url, "us-east-1"))
	prod = findStage(t, findAPI(t, res, "a1b2c3d4e5"), "prod")
	if prod.Deployed != nil {
		t.Error("a stage whose snapshot could not be read has one")
	}
	if !hasLoadError(res, "live:111111111111/us-east-1/restapis/a1b2c3d4e5/stages/prod", "access denied") {
		t.Errorf("load errors = %+v, want one for the prod stage", res.LoadErrors)
	}
}

func hasLoadError(res *live.Result, input, reason string) bool {
	for _, e := range res.LoadErrors {
		if e.Input == input && strings.Contains(e.Reason, reason) {
			return true
		}
	}
	return false
}

func TestThrottlingThenSuccess(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults,
		awsfake.Fault{Operation: "GetResources", Error: "TooManyRequestsException", Times: 3},
		awsfake.Fault{Operation: "DescribeUserPool", Error: "TooManyRequestsException", Times: 1})
	_, url := fake(t, scn, awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	if len(res.LoadErrors) > 0 {
		t.Fatalf("throttling that passes must not lose anything: %+v", res.LoadErrors)
	}
	if res.Stats.Throttled != 4 {
		t.Errorf("throttled attempts = %d, want 4", res.Stats.Throttled)
	}
	if api := findAPI(t, res, "a1b2c3d4e5"); api.MethodsUnknown != nil || len(api.Methods) != 6 {
		t.Errorf("methods after retries: %d, unknown %+v", len(api.Methods), api.MethodsUnknown)
	}
}

func TestThrottlingExhausted(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "GetResources", Resource: "a1b2c3d4e5", Error: "TooManyRequestsException"})
	_, url := fake(t, scn, awsfake.Options{})
	opts := options(url, "us-east-1")
	opts.MaxAttempts = 3
	res := mustScan(t, opts)
	api := findAPI(t, res, "a1b2c3d4e5")
	if api.MethodsUnknown == nil {
		t.Error("methods that could not be read are not marked unknown")
	}
	if !hasLoadError(res, "live:111111111111/us-east-1/restapis/a1b2c3d4e5", "throttled by AWS (3 attempts)") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
	if len(api.Authorizers) != 3 || len(api.Stages) != 2 {
		t.Error("the rest of the API must still be read")
	}
}

func TestPersistentServerError(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "GetAuthorizers", Resource: "a1b2c3d4e5", Error: "ServiceUnavailableException"})
	_, url := fake(t, scn, awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	api := findAPI(t, res, "a1b2c3d4e5")
	if api.AuthorizersUnknown == nil {
		t.Fatal("authorizers that could not be read are not marked unknown")
	}
	for _, m := range api.Methods {
		if m.Authorizer != nil && (m.Authorizer.Unknown == nil || m.Authorizer.Missing != nil) {
			t.Errorf("%s: authorizer link %+v, want unknown (never missing) when authorizers are unread", m.Ref, m.Authorizer)
		}
	}
	if !hasLoadError(res, "live:111111111111/us-east-1/restapis/a1b2c3d4e5", "ServiceUnavailableException") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
	if len(res.LoadErrors) != 1 {
		t.Errorf("one failing call must give one load error, got %+v", res.LoadErrors)
	}
	if api := findAPI(t, res, "f6g7h8i9j0"); api.AuthorizersUnknown != nil {
		t.Error("the other region's API is affected")
	}
}

func TestAccessDeniedInOneRegion(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Region: "eu-west-1", Service: "apigateway", Error: "AccessDeniedException"})
	_, url := fake(t, scn, awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	if len(res.Inventories) != 1 || res.Inventories[0].Sources[0].Region != "us-east-1" {
		t.Fatalf("inventories = %d, want us-east-1 only", len(res.Inventories))
	}
	if len(res.LoadErrors) != 1 || !hasLoadError(res, "live:111111111111/eu-west-1", "access denied (AccessDeniedException: User: arn:aws:sts::111111111111") {
		t.Errorf("load errors = %+v, want one naming eu-west-1 and the reason", res.LoadErrors)
	}
	if !strings.Contains(res.LoadErrors[0].Reason, "docs/iam-policy.json") {
		t.Errorf("reason %q does not say what to grant", res.LoadErrors[0].Reason)
	}
}

func TestSlowResponses(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	// One slow answer is retried within the budget.
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "GetStages", Resource: "f6g7h8i9j0", DelayMS: 2000, Times: 1})
	_, url := fake(t, scn, awsfake.Options{})
	opts := options(url, "eu-west-1")
	opts.CallTimeout = 150 * time.Millisecond
	res := mustScan(t, opts)
	if len(res.LoadErrors) > 0 || res.Stats.TimedOut != 1 {
		t.Fatalf("a single slow answer: errors %+v, timed out %d", res.LoadErrors, res.Stats.TimedOut)
	}

	// Always slow: the stage list is reported unknown after the attempts.
	scn = scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "GetStages", Resource: "f6g7h8i9j0", DelayMS: 2000})
	_, url = fake(t, scn, awsfake.Options{})
	opts = options(url, "eu-west-1")
	opts.CallTimeout = 100 * time.Millisecond
	opts.MaxAttempts = 2
	start := time.Now()
	res = mustScan(t, opts)
	if !hasLoadError(res, "live:111111111111/eu-west-1/restapis/f6g7h8i9j0", "no answer within 100ms (2 attempts)") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
	if api := findAPI(t, res, "f6g7h8i9j0"); api.StagesUnknown == nil {
		t.Error("stages that timed out are not marked unknown")
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("the call timeout did not cut the slow answers short: %s", d)
	}
}

func TestUserPools(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	pets := findAPI(t, res, "a1b2c3d4e5")

	link := findAuthorizer(t, pets, "CognitoAuth").ProviderARNs.Items[0].UserPool
	if link == nil || link.Target != "us-east-1_AAAAAAAAA" {
		t.Errorf("CognitoAuth pool link = %+v", link)
	}
	gone := findAuthorizer(t, pets, "GonePool").ProviderARNs.Items[0].UserPool
	if gone == nil || gone.Missing == nil || gone.Missing.Name != "us-east-1_GONE00000" {
		t.Errorf("GonePool link = %+v, want missing (DescribeUserPool: ResourceNotFoundException)", gone)
	}
	// The eu-west-1 API names a us-east-1 pool: it is read in its own region
	// and carried in the eu-west-1 inventory.
	orders := findAPI(t, res, "f6g7h8i9j0")
	if l := findAuthorizer(t, orders, "SharedPool").ProviderARNs.Items[0].UserPool; l == nil || l.Target != "us-east-1_AAAAAAAAA" {
		t.Errorf("SharedPool link = %+v", l)
	}
	for _, inv := range res.Inventories {
		if len(inv.UserPools) != 1 {
			t.Fatalf("%s: %d pools, want the one pool its authorizers name", inv.Sources[0].Region, len(inv.UserPools))
		}
		p := inv.UserPools[0]
		if !p.Complete || p.Region != "us-east-1" || p.Account != accountA {
			t.Errorf("pool = complete %v, region %s, account %s", p.Complete, p.Region, p.Account)
		}
		if v, _ := p.PreTokenGenerationVersion.Get(); v != "V2_0" {
			t.Errorf("pre-token generation version = %q", v)
		}
		if len(inv.AppClients) != 2 || len(inv.ResourceServers) != 1 || len(inv.Domains) != 1 {
			t.Errorf("clients %d, resource servers %d, domains %d", len(inv.AppClients), len(inv.ResourceServers), len(inv.Domains))
		}
		if st, _ := inv.Domains[0].Status.Get(); st != "ACTIVE" {
			t.Errorf("domain status = %q", st)
		}
		web := inv.AppClients[0]
		if has, _ := web.GenerateSecret.Get(); !has {
			t.Error("the web client has a secret: GenerateSecret must say so")
		}
	}
}

func TestUserPoolAccessDenied(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "DescribeUserPool", Resource: "us-east-1_AAAAAAAAA", Error: "AccessDeniedException"})
	_, url := fake(t, scn, awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1"))
	link := findAuthorizer(t, findAPI(t, res, "a1b2c3d4e5"), "CognitoAuth").ProviderARNs.Items[0].UserPool
	if link == nil || link.Unknown == nil || link.Missing != nil {
		t.Errorf("link of an unreadable pool = %+v, want unknown (never missing)", link)
	}
	if !hasLoadError(res, "live:111111111111/us-east-1/userpools/us-east-1_AAAAAAAAA", "access denied") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
	// The pool is read once for the whole scan, so one error.
	if len(res.LoadErrors) != 1 {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
}

func TestUserPoolPartlyRead(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "DescribeUserPoolClient", Error: "InternalErrorException"})
	_, url := fake(t, scn, awsfake.Options{})
	opts := options(url, "us-east-1")
	opts.MaxAttempts = 1
	res := mustScan(t, opts)
	inv := res.Inventories[0]
	if len(inv.UserPools) != 1 || inv.UserPools[0].Complete {
		t.Fatalf("a pool whose clients could not be read must be incomplete: %+v", inv.UserPools)
	}
	if !hasLoadError(res, "live:111111111111/us-east-1/userpools/us-east-1_AAAAAAAAA", "reading the app clients: DescribeUserPoolClient: 1example23456789web") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
}

func TestAPIFilter(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	opts := options(url, "us-east-1", "eu-west-1")
	opts.APIIDs = []string{"f6g7h8i9j0", "nosuchapi1"}
	res := mustScan(t, opts)
	n := 0
	for _, inv := range res.Inventories {
		n += len(inv.RestAPIs)
	}
	if n != 1 {
		t.Errorf("APIs = %d, want only f6g7h8i9j0", n)
	}
	if !hasLoadError(res, "live:restapis/nosuchapi1", "no REST API or HTTP API with this id") {
		t.Errorf("an --api-id found nowhere must be reported: %+v", res.LoadErrors)
	}
}

func TestProgress(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	var buf bytes.Buffer
	opts := options(url, "us-east-1", "eu-west-1")
	opts.Progress = &buf
	mustScan(t, opts)
	out := buf.String()
	if !strings.Contains(out, "2/2 REST APIs, 2/2 account-regions") || !strings.HasSuffix(out, "\n") {
		t.Errorf("progress output = %q", out)
	}
	if live.ProgressWriter(nil) != nil {
		t.Error("no file, no progress")
	}
}

func TestInvalidOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts live.Options
		want string
	}{
		{"bad region", live.Options{Regions: []string{"Europe"}}, "not a region name"},
		{"both region flags", live.Options{Regions: []string{"eu-west-1"}, AllRegions: true}, "exclude each other"},
		{"bad role", live.Options{RoleARNs: []string{"arn:aws:iam::123:user/x"}}, "not an IAM role ARN"},
		{"two roles one account", live.Options{RoleARNs: []string{roleA, "arn:aws:iam::111111111111:role/other"}}, "same account"},
		{"external id alone", live.Options{ExternalID: "x"}, "needs --role-arn"},
		{"bad api id", live.Options{APIIDs: []string{"ABC DEF"}}, "not a REST API id"},
		{"bad shard", live.Options{Shard: live.Shard{Index: 3, Count: 3}}, "below the count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := live.Scan(context.Background(), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
