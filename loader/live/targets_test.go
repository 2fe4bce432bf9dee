package live_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/awsfake"
	"github.com/authlint/authlint/loader/live"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want live.Shard
		err  string
	}{
		{"0/1", live.Shard{Index: 0, Count: 1}, ""},
		{"3/4", live.Shard{Index: 3, Count: 4}, ""},
		{" 1/2 ", live.Shard{Index: 1, Count: 2}, ""},
		{"4/4", live.Shard{}, "below the count"},
		{"-1/4", live.Shard{}, "below the count"},
		{"1/0", live.Shard{}, "below the count"},
		{"1", live.Shard{}, "want INDEX/COUNT"},
		{"a/b", live.Shard{}, "whole numbers"},
	} {
		got, err := live.ParseShard(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q = %+v, %v", tc.in, got, err)
		}
	}
}

// TestShardSplit checks that shards partition the targets: every target in
// exactly one shard, sizes within one, an account's regions kept together,
// and the same answer whatever order the targets come in.
func TestShardSplit(t *testing.T) {
	var targets []live.Target
	for a := range 7 {
		for _, r := range []string{"us-east-1", "eu-west-1", "ap-south-1"} {
			acct := fmt.Sprintf("%012d", 100+a)
			targets = append(targets, live.Target{Account: acct, Region: r, RoleARN: "arn:aws:iam::" + acct + ":role/authlint-scan"})
		}
	}
	reversed := slices.Clone(targets)
	slices.Reverse(reversed)
	for _, n := range []int{1, 2, 3, 4, 5, 21, 30} {
		seen := map[live.Target]int{}
		minSize, maxSize := len(targets), 0
		for i := range n {
			sh := live.Shard{Index: i, Count: n}
			part := sh.Split(targets)
			if !slices.Equal(part, sh.Split(reversed)) {
				t.Fatalf("%d/%d depends on the input order", i, n)
			}
			minSize, maxSize = min(minSize, len(part)), max(maxSize, len(part))
			for _, tg := range part {
				seen[tg]++
			}
		}
		if len(seen) != len(targets) {
			t.Errorf("n=%d: %d targets covered, want %d", n, len(seen), len(targets))
		}
		for tg, c := range seen {
			if c != 1 {
				t.Errorf("n=%d: %s in %d shards", n, tg.Name(), c)
			}
		}
		if maxSize-minSize > 1 {
			t.Errorf("n=%d: shard sizes from %d to %d", n, minSize, maxSize)
		}
	}
	// With as many shards as accounts, each shard is one whole account.
	for i := range 7 {
		part := live.Shard{Index: i, Count: 7}.Split(targets)
		for _, tg := range part {
			if tg.Account != part[0].Account {
				t.Errorf("shard %d/7 mixes accounts %s and %s", i, part[0].Account, tg.Account)
			}
		}
	}
}

// TestShardedScan runs two shards of a two-account, two-region scan and
// checks that together they read everything once.
func TestShardedScan(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	var names []string
	for i := range 2 {
		opts := options(url, "us-east-1", "eu-west-1")
		opts.RoleARNs = []string{roleB, roleA}
		opts.ExternalID = "nightly"
		opts.Shard = live.Shard{Index: i, Count: 2}
		res := mustScan(t, opts)
		if len(res.Targets) != 2 {
			t.Fatalf("shard %d: %d targets", i, len(res.Targets))
		}
		for _, e := range res.LoadErrors {
			t.Errorf("shard %d: %+v", i, e)
		}
		for _, tg := range res.Targets {
			names = append(names, tg.Name())
		}
	}
	want := []string{"live:111111111111/eu-west-1", "live:111111111111/us-east-1", "live:222222222222/eu-west-1", "live:222222222222/us-east-1"}
	if !slices.Equal(names, want) {
		t.Errorf("shards read %v, want %v", names, want)
	}
}

func TestRoles(t *testing.T) {
	srv, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	opts := options(url, "us-east-1")
	opts.RoleARNs = []string{roleA, roleB}
	opts.ExternalID = "nightly"
	res := mustScan(t, opts)
	if len(res.LoadErrors) > 0 || len(res.Inventories) != 2 {
		t.Fatalf("inventories %d, errors %+v", len(res.Inventories), res.LoadErrors)
	}
	// Account B's API names account A's pool: read with A's role, and carried
	// in B's inventory.
	partners := findAPI(t, res, "p9q8r7s6t5")
	if l := findAuthorizer(t, partners, "CentralPool").ProviderARNs.Items[0].UserPool; l == nil || l.Target != "us-east-1_AAAAAAAAA" {
		t.Errorf("cross-account pool link = %+v", l)
	}
	if inv := res.Inventories[1]; inv.Sources[0].Account != accountB || len(inv.UserPools) != 1 {
		t.Errorf("account B inventory: source %+v, %d pools", inv.Sources[0], len(inv.UserPools))
	}
	assumed := 0
	for _, c := range srv.Calls() {
		if c.Operation == "AssumeRole" {
			assumed++
		}
	}
	if assumed != 2 {
		t.Errorf("AssumeRole calls = %d, want one per role (credentials are cached)", assumed)
	}

	// Without A's role, B's link to A's pool stays unknown, never missing.
	opts.RoleARNs = []string{roleB}
	res = mustScan(t, opts)
	l := findAuthorizer(t, findAPI(t, res, "p9q8r7s6t5"), "CentralPool").ProviderARNs.Items[0].UserPool
	if l == nil || l.Unknown == nil || !strings.Contains(l.Unknown.Reason, "account 111111111111") {
		t.Errorf("pool in an unscanned account: link %+v", l)
	}
}

func TestRoleCannotBeAssumed(t *testing.T) {
	_, url := fake(t, scenario(t, "two-regions.json"), awsfake.Options{})
	opts := options(url, "us-east-1", "eu-west-1")
	opts.RoleARNs = []string{roleA, roleB}
	opts.ExternalID = "wrong"
	res := mustScan(t, opts)
	if len(res.Inventories) != 0 {
		t.Errorf("inventories = %d, want none", len(res.Inventories))
	}
	for _, name := range []string{"live:111111111111/eu-west-1", "live:111111111111/us-east-1", "live:222222222222/eu-west-1", "live:222222222222/us-east-1"} {
		if !hasLoadError(res, name, "assuming role arn:aws:iam::") {
			t.Errorf("no load error for %s: %+v", name, res.LoadErrors)
		}
	}
}

func TestAllRegions(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	// Opt-in regions the account has not enabled answer with an invalid token.
	scn.Faults = append(scn.Faults,
		awsfake.Fault{Region: "af-south-1", Error: "UnrecognizedClientException"},
		awsfake.Fault{Region: "me-south-1", Error: "UnrecognizedClientException"})
	_, url := fake(t, scn, awsfake.Options{})
	opts := options(url)
	opts.AllRegions = true
	t.Setenv("AWS_REGION", "eu-west-1")
	res := mustScan(t, opts)
	if len(res.Targets) != len(live.Regions("aws")) {
		t.Errorf("targets = %d, want every region of the partition", len(res.Targets))
	}
	if len(res.LoadErrors) > 0 {
		t.Errorf("load errors: %+v", res.LoadErrors)
	}
	if len(res.Skipped) != 2 || res.Skipped[0].Target.Region != "af-south-1" || !strings.Contains(res.Skipped[0].Reason, "not enabled") {
		t.Errorf("skipped = %+v", res.Skipped)
	}
	// The same error in a region named explicitly is a failure.
	opts = options(url, "af-south-1")
	res = mustScan(t, opts)
	if !hasLoadError(res, "live:111111111111/af-south-1", "not valid here") {
		t.Errorf("load errors = %+v", res.LoadErrors)
	}
}

// policyDoc is an IAM policy document.
type policyDoc struct {
	Statement []struct {
		Effect   string
		Action   any
		Resource any
	}
}

func strs(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, s := range t {
			out = append(out, s.(string))
		}
		return out
	}
	return nil
}

func grants(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc policyDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, s := range doc.Statement {
		if s.Effect != "Allow" {
			t.Errorf("%s: a %s statement", path, s.Effect)
		}
		for _, a := range strs(s.Action) {
			for _, r := range strs(s.Resource) {
				out = append(out, a+" "+r)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestIAMPolicyMatchesOperations: the least-privilege policy shipped in docs
// grants exactly what the scanner's operation table says it calls, and only
// reads; the caller's policy in the examples grants AssumeRole.
func TestIAMPolicyMatchesOperations(t *testing.T) {
	var scanned, caller []string
	for _, op := range live.Operations() {
		g := op.Action + " " + op.Resource
		if op.Caller {
			caller = append(caller, g)
		} else {
			scanned = append(scanned, g)
		}
		verb := strings.SplitN(op.Action, ":", 2)[1]
		if verb != "GET" && !strings.HasPrefix(verb, "Get") && !strings.HasPrefix(verb, "List") &&
			!strings.HasPrefix(verb, "Describe") && op.Action != "sts:AssumeRole" {
			t.Errorf("%s needs %s, which is not a read", op.Name, op.Action)
		}
	}
	slices.Sort(scanned)
	scanned = slices.Compact(scanned)
	root := filepath.Join("..", "..")
	if got := grants(t, filepath.Join(root, "docs", "iam-policy.json")); !slices.Equal(got, scanned) {
		t.Errorf("docs/iam-policy.json grants\n  %s\nthe scanner needs\n  %s", strings.Join(got, "\n  "), strings.Join(scanned, "\n  "))
	}
	if got := grants(t, filepath.Join(root, "examples", "live", "iam", "scanner-assume-role-policy.json")); !slices.Equal(got, caller) {
		t.Errorf("scanner-assume-role-policy.json grants %v, want %v", got, caller)
	}
	// The one write, explain --test-invoke, has a policy of its own.
	var writes []string
	for _, op := range live.WriteOperations() {
		writes = append(writes, op.Action+" "+op.Resource)
	}
	if got := grants(t, filepath.Join(root, "docs", "iam-test-invoke-policy.json")); !slices.Equal(got, writes) {
		t.Errorf("docs/iam-test-invoke-policy.json grants %v, want %v", got, writes)
	}
}

// TestOperationsServed runs a scan that touches every code path (roles,
// exports, their fallback, pools) and checks the fake served exactly the
// operations of the table, nothing else.
func TestOperationsServed(t *testing.T) {
	scn := scenario(t, "two-regions.json")
	scn.Faults = append(scn.Faults, awsfake.Fault{Operation: "GetExport", Resource: "f6g7h8i9j0", Error: "BadRequestException"})
	srv, url := fake(t, scn, awsfake.Options{})
	opts := options(url, "us-east-1", "eu-west-1")
	opts.RoleARNs = []string{roleA}
	opts.ExternalID = "nightly"
	res := mustScan(t, opts)
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors: %+v", res.LoadErrors)
	}
	service := map[string]string{"API Gateway": "apigateway", "ApiGatewayV2": "apigateway", "Cognito Identity Provider": "cognito-idp", "STS": "sts"}
	var want []string
	for _, op := range live.Operations() {
		want = append(want, service[op.Service]+":"+op.Name)
	}
	slices.Sort(want)
	want = slices.Compact(want) // REST and HTTP APIs share names (GetStages) and signing name
	if got := srv.Operations(); !slices.Equal(got, want) {
		t.Errorf("served %v\nwant    %v", got, want)
	}
	if got := res.Stats.Operations(); len(got) != len(live.Operations()) {
		t.Errorf("stats count %d operations, want %d: %v", len(got), len(live.Operations()), got)
	}
}
