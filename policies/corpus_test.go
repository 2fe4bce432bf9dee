package policies_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus.golden from a corpus scan")

// corpusGolden lists every finding the catalogue produces on the real-world
// corpus, as "RULE file ref" lines, each read and judged when it was added (the
// judgements are in the review table of the change that added it). A change to
// it is a change in what users see on real files: review it, then -update.
const corpusGolden = "testdata/corpus.golden"

// labelRules maps the facts of labels.json that name a cause to the rules that
// find it.
var labelRules = map[string][]string{
	"options_method_has_cognito_authorizer":             {"CR001", "CR002"},
	"deployment_without_dependson":                      {"DP001"},
	"cors_enabled_but_no_cors_on_401_gateway_responses": {"CR003"},
	"custom_scope_not_allowed_or_undefined":             {"SC002", "SC003", "SC004"},
	"app_client_oauth_misconfig":                        {"UP001", "UP002", "UP003", "UP004", "UP005", "UP006"},
	"identity_nonstandard":                              {"AZ005", "AZ006", "AZ007"},
}

// knownMisses are labelled causes no rule reports, with the reason (the file
// wins over the label, and unknown is never a finding).
var knownMisses = map[string]string{
	"cfn/014__aws-cloudformation_aws-cloudformation-templates__api-resource.yml cors_enabled_but_no_cors_on_401_gateway_responses":     "the REST API is a parameter (defined in another template), so its gateway responses are unknown",
	"cfn/016__aws_aws-sam-cli__DVSA-template.yaml cors_enabled_but_no_cors_on_401_gateway_responses":                                   "no method uses the Cognito authorizer, so the API answers no Cognito 401 at all",
	"cfn/018__aws-samples_aws-serverless-example-for-webxr__leaderboard.yml cors_enabled_but_no_cors_on_401_gateway_responses":         "the file is not valid YAML (line 2), so it cannot be read",
	"cfn/030__aws-solutions_serverless-bot-framework__serverless-bot-framework.yaml cors_enabled_but_no_cors_on_401_gateway_responses": "the API is handed to a nested stack in S3 that may add gateway responses, so they are unknown",
	"openapi/075__localstack_localstack__openapi.cognito-auth.json cors_enabled_but_no_cors_on_401_gateway_responses":                  "CORS comes only from the HTTP_PROXY backend: no OPTIONS method, no static CORS header to see",
	"sam/055__aws_serverless-application-model__implicit_api_with_auth_and_conditions_max.yaml identity_nonstandard":                   "every function's condition is Fn::Equals [true, false], so SAM creates no API at all",
}

// TestCorpus scans the real-world corpus: the findings must be the reviewed
// ones (testdata/corpus.golden), and every cause labels.json marks as present
// must be found by its rule, or be a known miss with a reason.
func TestCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	res := scan.Files(context.Background(), scan.Options{
		Paths:   []string{dir},
		Loaders: registry.Files(registry.Options{}),
	}, testEngine(t), false)
	for _, e := range res.RuleErrors {
		t.Errorf("rule %s failed on %s: %s", e.RuleID, e.Input, e.Message)
	}
	for _, e := range res.LoadErrors {
		t.Logf("load error (not a policy problem): %s:%d: %s", e.Input, e.Line, e.Reason)
	}
	rel := func(p string) string {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return p
		}
		return filepath.ToSlash(r)
	}
	byFile := map[string][]string{}
	perRule := map[string]int{}
	var lines []string
	for _, f := range res.Findings {
		file := rel(f.Location.File)
		byFile[file] = append(byFile[file], f.RuleID)
		perRule[f.RuleID]++
		lines = append(lines, fmt.Sprintf("%s %s %s", f.RuleID, file, f.Resource.Ref))
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	t.Log(ruleTable(perRule))

	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(corpusGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(corpusGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./policies -run TestCorpus -update)", err)
	}
	if string(want) != got {
		t.Errorf("the findings on the corpus changed; read the files behind the new ones, then run go test ./policies -run TestCorpus -update\n%s", lineDiff(string(want), got))
	}

	checkLabels(t, dir, byFile)
}

func checkLabels(t *testing.T, dir string, byFile map[string][]string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels map[string]map[string]any
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatal(err)
	}
	loaders := loaderNames()
	used := map[string]bool{}
	for file, facts := range labels {
		if strings.HasPrefix(file, "_") {
			continue
		}
		if kind, _ := facts["kind"].(string); kind == "terraform" && !loaders["terraform"] {
			// No loader reads Terraform plans yet: their labels wait for it.
			continue
		}
		for fact, rules := range labelRules {
			if facts[fact] != true {
				continue
			}
			key := file + " " + fact
			found := slices.ContainsFunc(byFile[file], func(r string) bool { return slices.Contains(rules, r) })
			reason, known := knownMisses[key]
			used[key] = true
			switch {
			case found && known:
				t.Errorf("%s: %v now finds it; remove it from knownMisses (%s)", key, rules, reason)
			case !found && !known:
				t.Errorf("%s: labelled present, but none of %v reports it", key, rules)
			}
		}
	}
	for key := range knownMisses {
		if !used[key] {
			t.Errorf("knownMisses has %q, which labels.json does not mark as present", key)
		}
	}
}

func ruleTable(perRule map[string]int) string {
	ids := make([]string, 0, len(perRule))
	for id := range perRule {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	b.WriteString("findings on the corpus per rule:\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "  %s %d\n", id, perRule[id])
	}
	return b.String()
}

func lineDiff(want, got string) string {
	w := strings.Split(strings.TrimSpace(want), "\n")
	g := strings.Split(strings.TrimSpace(got), "\n")
	var b strings.Builder
	for _, l := range g {
		if !slices.Contains(w, l) {
			b.WriteString("+ " + l + "\n")
		}
	}
	for _, l := range w {
		if !slices.Contains(g, l) {
			b.WriteString("- " + l + "\n")
		}
	}
	return b.String()
}

// loadCorpus reads every corpus input once, without evaluating it.
func loadCorpus(b *testing.B) []scan.Loaded {
	b.Helper()
	dir := corpustest.Dir(b)
	res := scan.Files(context.Background(), scan.Options{
		Paths:   []string{dir},
		Loaders: registry.Files(registry.Options{}),
	}, nil, true)
	if len(res.Loaded) == 0 {
		b.Fatal("nothing loaded from the corpus")
	}
	return res.Loaded
}
