package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/smithy-go"

	"github.com/authlint/authlint/internal/model"
)

func TestMethodAuthorizerLink(t *testing.T) {
	tg := &Target{Account: "111111111111", Region: "eu-west-1", Partition: "aws"}
	res := types.Resource{Id: aws.String("r1"), Path: aws.String("/pets")}
	m := types.Method{AuthorizationType: aws.String("COGNITO_USER_POOLS"), AuthorizerId: aws.String("abc123")}
	for _, tc := range []struct {
		name        string
		authorizers map[string]bool
		check       func(*model.Link) bool
	}{
		{"listed", map[string]bool{"abc123": true}, func(l *model.Link) bool { return l.Target == "api1/authorizer/abc123" }},
		{"not listed", map[string]bool{"other": true}, func(l *model.Link) bool { return l.Missing != nil && l.Missing.Name == "abc123" }},
		{"authorizers unread", nil, func(l *model.Link) bool { return l.Unknown != nil && l.Missing == nil && l.Target == "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newAPIBuilder(tg, "api1")
			b.authorizers = tc.authorizers
			got := b.method(res, "GET", m)
			if got.Authorizer == nil || !tc.check(got.Authorizer) {
				t.Errorf("link = %+v", got.Authorizer)
			}
			if got.Ref != "api1/method/GET /pets" || got.Loc.Resource != "arn:aws:apigateway:eu-west-1::/restapis/api1/resources/r1/methods/GET" {
				t.Errorf("ref %q, loc %+v", got.Ref, got.Loc)
			}
		})
	}
}

func TestPolicyForms(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`
	escaped := strings.ReplaceAll(doc, `"`, `\"`)
	b := newAPIBuilder(&Target{Region: "us-east-1", Partition: "aws"}, "api1")
	for name, in := range map[string]string{"escaped as AWS returns it": escaped, "plain": doc} {
		p := b.policy(aws.String(in), model.Loc{Resource: b.arn, Pointer: "/policy"})
		if p == nil || p.Unknown != nil || len(p.Statements) != 1 || !p.Statements[0].Principal.Everyone {
			t.Errorf("%s: policy = %+v", name, p)
		}
	}
	if p := b.policy(aws.String("not json"), model.Loc{}); p == nil || p.Unknown == nil {
		t.Errorf("an unreadable policy must be unknown, got %+v", p)
	}
	if p := b.policy(nil, model.Loc{}); p != nil {
		t.Error("no policy must be nil")
	}
}

func TestParsePoolARN(t *testing.T) {
	for arn, ok := range map[string]bool{
		"arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_AbC123":       true,
		"arn:aws-cn:cognito-idp:cn-north-1:111111111111:userpool/cn-north-1_x1":      true,
		"arn:aws:cognito-idp:us-east-1:111111111111:userpool/${stageVariables.pool}": false,
		"us-east-1_AbC123": false,
		"arn:aws:cognito-identity:us-east-1:111111111111:identitypool/us-east-1:abc": false,
	} {
		k, got := parsePoolARN(arn)
		if got != ok {
			t.Errorf("%s: ok = %v", arn, got)
		}
		if got && k.arn() != arn {
			t.Errorf("%s: round trip %s", arn, k.arn())
		}
	}
}

func TestClassify(t *testing.T) {
	api := func(code string) error {
		return &smithy.OperationError{ServiceID: "API Gateway", OperationName: "GetResources",
			Err: &smithy.GenericAPIError{Code: code, Message: "msg"}}
	}
	for _, tc := range []struct {
		err  error
		kind errKind
		text string
	}{
		{api("AccessDeniedException"), kindDenied, "access denied (AccessDeniedException: msg)"},
		{api("UnrecognizedClientException"), kindNotEnabled, "not valid here"},
		{&retry.MaxAttemptsError{Attempt: 6, Err: api("TooManyRequestsException")}, kindThrottled, "throttled by AWS (6 attempts)"},
		{api("NotFoundException"), kindNotFound, "not found (NotFoundException: msg)"},
		{&retry.MaxAttemptsError{Attempt: 2, Err: &attemptTimeout{after: time.Second}}, kindTimeout, "no answer within 1s (2 attempts)"},
		{fmt.Errorf("x: %w", context.Canceled), kindCanceled, "canceled"},
		{api("BadRequestException"), kindOther, "BadRequestException: msg"},
		{&smithy.OperationError{Err: errors.New("dial tcp: connection refused")}, kindOther, "connection refused"},
	} {
		if got := classify(tc.err); got != tc.kind {
			t.Errorf("%v: kind %d, want %d", tc.err, got, tc.kind)
		}
		if got := reason(tc.err); !strings.Contains(got, tc.text) {
			t.Errorf("%v: reason %q, want %q", tc.err, got, tc.text)
		}
	}
}

// TestGuardRefusesWrites calls a mutating operation through a client the
// scanner built: it must fail before anything is sent.
func TestGuardRefusesWrites(t *testing.T) {
	s := &scanner{opts: Options{CallTimeout: time.Second}, limits: newLimiters(DefaultLimits())}
	p := &principal{cfg: aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		// Nothing listens here; the guard must stop the call before a dial.
		BaseEndpoint: aws.String("http://127.0.0.1:1"),
	}}
	c := s.apigateway(p, "111111111111", "us-east-1")
	_, err := c.DeleteRestApi(context.Background(), &apigateway.DeleteRestApiInput{RestApiId: aws.String("x")})
	if err == nil || !strings.Contains(err.Error(), "refuses to call API Gateway DeleteRestApi") {
		t.Fatalf("err = %v, want the guard's refusal", err)
	}
	if st := s.stats.snapshot(); st.Total() != 0 {
		t.Errorf("attempts = %d, want none", st.Total())
	}
	for _, op := range Operations() {
		if !strings.HasPrefix(op.Name, "Get") && !strings.HasPrefix(op.Name, "List") && !strings.HasPrefix(op.Name, "Describe") &&
			op.Name != "AssumeRole" {
			t.Errorf("%s %s is not a read operation", op.Service, op.Name)
		}
	}
}

// TestRegionsMatchSDK compares the built-in region list with the endpoint
// metadata of the SDK version in go.mod, when the module cache has it.
func TestRegionsMatchSDK(t *testing.T) {
	const mod = "github.com/aws/aws-sdk-go-v2"
	version := ""
	// The test runs in loader/live; go.mod is two levels up.
	if gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod")); err == nil {
		for line := range strings.Lines(string(gomod)) {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == mod {
				version = f[1]
			}
		}
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	cache := strings.TrimSpace(string(out))
	if err != nil || cache == "" || version == "" {
		t.Skip("the SDK's module directory is not available")
	}
	dir := filepath.Join(cache, mod+"@"+version)
	data, err := os.ReadFile(filepath.Join(dir, "internal", "endpoints", "awsrulesfn", "partitions.json"))
	if err != nil {
		t.Skipf("no partitions.json: %v", err)
	}
	var doc struct {
		Partitions []struct {
			ID      string                     `json:"id"`
			Regions map[string]json.RawMessage `json:"regions"`
		} `json:"partitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Partitions {
		var want []string
		for r := range p.Regions {
			if !strings.HasSuffix(r, "-global") {
				want = append(want, r)
			}
		}
		slices.Sort(want)
		if got := Regions(p.ID); !slices.Equal(got, want) {
			t.Errorf("partition %s: built-in %v, SDK %v", p.ID, got, want)
		}
		for _, r := range want {
			if partitionOf(r) != p.ID {
				t.Errorf("partitionOf(%s) = %s, want %s", r, partitionOf(r), p.ID)
			}
		}
	}
}

// FuzzPolicy feeds arbitrary text as a REST API policy (AWS's escaped form or
// any other): it must come back as a policy, known or unknown, never a panic.
func FuzzPolicy(f *testing.F) {
	for _, s := range []string{
		`{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]}`,
		`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["1"]},"Condition":{"IpAddress":{"aws:SourceIp":"1.2.3.4"}}}}`,
		`\"`, `{"Statement":[1,"x",null]}`, "arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_x",
	} {
		f.Add(s)
	}
	b := newAPIBuilder(&Target{Region: "us-east-1", Partition: "aws"}, "api1")
	f.Fuzz(func(t *testing.T, s string) {
		if p := b.policy(&s, model.Loc{Resource: b.arn, Pointer: "/policy"}); p == nil && strings.TrimSpace(s) != "" {
			t.Fatalf("no policy for %q", s)
		}
		if k, ok := parsePoolARN(s); ok && k.arn() != s {
			t.Fatalf("pool ARN %q does not round-trip: %q", s, k.arn())
		}
	})
}
