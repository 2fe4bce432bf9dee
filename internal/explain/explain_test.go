package explain_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/explain"
)

type tokenCase struct {
	name   string
	header string // request header name; Authorization when empty
	value  func(t testing.TB) string
	route  string
	stage  string
	noKeys bool
	// want is the verdict status; rule the rule it names; msg a part of its message.
	want, rule, msg string
	// steps are statuses that some steps must have ("TK007=not checked").
	steps []string
}

func cases() []tokenCase {
	idTok := func(o map[string]any) func(testing.TB) string {
		return func(tb testing.TB) string {
			tb.Helper()
			return sign(tb, "test-key-1", idClaims(o))
		}
	}
	accessTok := func(o map[string]any) func(testing.TB) string {
		return func(tb testing.TB) string {
			tb.Helper()
			return sign(tb, "test-key-1", accessClaims(o))
		}
	}
	bearer := func(f func(testing.TB) string) func(testing.TB) string {
		return func(tb testing.TB) string {
			tb.Helper()
			return "Bearer " + f(tb)
		}
	}
	return []tokenCase{
		{name: "access token with the scope", value: accessTok(nil), route: "GET /pets", want: explain.VerdictPass,
			steps: []string{"TK007=pass", "TK011=pass", "TK005=pass"}},
		{name: "ID token with Bearer on a path parameter", value: bearer(idTok(nil)), route: "GET /pets/42", want: explain.VerdictPass},
		{name: "ID token on ANY {proxy+}", value: idTok(nil), route: "DELETE /files/a/b/c.txt", want: explain.VerdictPass},
		{name: "no JWKS: signature not checked", value: accessTok(nil), route: "GET /pets", noKeys: true, want: explain.VerdictPass,
			msg: "Not checked: signature", steps: []string{"TK007=not checked"}},
		{name: "expired", value: accessTok(map[string]any{"exp": now.Unix() - 7200}), route: "GET /pets",
			want: explain.VerdictFail, rule: "TK008", msg: "401: The token expired 2 h ago"},
		{name: "expired a moment ago", value: accessTok(map[string]any{"exp": now.Unix() - 41}), route: "GET /pets",
			want: explain.VerdictFail, rule: "TK008", msg: "check the clock"},
		{name: "not yet valid", value: accessTok(map[string]any{"nbf": now.Unix() + 600}), route: "GET /pets",
			want: explain.VerdictFail, rule: "TK009", msg: "10 min from now"},
		{name: "other pool", value: accessTok(map[string]any{"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Dev999"}), route: "GET /pets",
			want: explain.VerdictFail, rule: "TK005", msg: "issued by user pool us-east-1_Dev999 (us-east-1), but the authorizer accepts tokens only from us-east-1_AbC123."},
		{name: "other region", value: idTok(map[string]any{"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"}), route: "GET /pets/1",
			want: explain.VerdictFail, rule: "TK005", msg: "comes from region eu-west-1"},
		{name: "ID token on a scoped method", value: idTok(nil), route: "GET /pets",
			want: explain.VerdictFail, rule: "TK010", msg: "401: The token is an ID token, but GET /pets requires scope pets/read, which only access tokens carry"},
		{name: "access token without the scope", value: accessTok(map[string]any{"scope": "aws.cognito.signin.user.admin"}), route: "GET /pets",
			want: explain.VerdictFail, rule: "TK011", msg: "SDK or Amplify sign-in token"},
		{name: "access token on a scope-less method", value: accessTok(nil), route: "GET /pets/7",
			want: explain.VerdictFail, rule: "TK010", msg: "access token, but GET /pets/{petId} has no authorization scopes"},
		{name: "aud not matching the validation expression", value: idTok(map[string]any{"aud": "7mobileclient0000000000000"}), route: "GET /profile",
			want: explain.VerdictFail, rule: "TK013", msg: "aud 7mobileclient0000000000000 does not match"},
		{name: "access token against a validation expression", value: accessTok(map[string]any{"scope": "openid"}), route: "GET /profile",
			want: explain.VerdictFail, rule: "TK010", steps: []string{"TK013=fail"}},
		{name: "ID token of the right client passes the expression", value: idTok(nil), route: "GET /profile", want: explain.VerdictPass},
		{name: "refresh token", value: refreshToken, route: "GET /pets",
			want: explain.VerdictFail, rule: "TK002", msg: "refresh token", steps: []string{"TK005=not checked"}},
		{name: "quotes", value: func(tb testing.TB) string {
			tb.Helper()
			return `"` + sign(tb, "test-key-1", idClaims(nil)) + `"`
		}, route: "GET /pets/1",
			want: explain.VerdictFail, rule: "TK002", msg: "quotes", steps: []string{"TK007=pass", "TK010=pass"}},
		{name: "line break and spaces", value: func(tb testing.TB) string {
			tb.Helper()

			tok := sign(tb, "test-key-1", idClaims(nil))
			return "Bearer " + tok[:40] + "\n  " + tok[40:] + "\n"
		}, route: "GET /pets/1", want: explain.VerdictFail, rule: "TK002", msg: "spaces", steps: []string{"TK003=pass", "TK010=pass"}},
		{name: "Bearer twice", value: bearer(bearer(idTok(nil))), route: "GET /pets/1",
			want: explain.VerdictFail, rule: "TK003", msg: `"Bearer Bearer"`},
		{name: "lower-case bearer is unknown", value: func(tb testing.TB) string {
			tb.Helper()
			return "bearer " + sign(tb, "test-key-1", idClaims(nil))
		}, route: "GET /pets/1",
			want: explain.VerdictUnknown, rule: "TK003"},
		{name: "SigV4 header", value: func(testing.TB) string {
			return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
		}, route: "GET /pets", want: explain.VerdictFail, rule: "TK004", msg: "SigV4"},
		{name: "kid not in the JWKS", value: func(tb testing.TB) string {
			tb.Helper()
			return sign(tb, "other-key", accessClaims(nil))
		}, route: "GET /pets",
			want: explain.VerdictFail, rule: "TK007", msg: "key other-key is not in jwks.json"},
		{name: "kid found but the signature is another key's", value: func(tb testing.TB) string {
			tb.Helper()

			good := strings.Split(sign(tb, "test-key-1", accessClaims(nil)), ".")
			other := strings.Split(sign(tb, "other-key", accessClaims(nil)), ".")
			return good[0] + "." + good[1] + "." + other[2]
		}, route: "GET /pets", want: explain.VerdictFail, rule: "TK007", msg: "does not verify"},
		{name: "alg none", value: func(testing.TB) string { return unsigned(accessClaims(nil)) }, route: "GET /pets",
			want: explain.VerdictFail, rule: "TK007", msg: "alg is none"},
		{name: "HS256", value: func(tb testing.TB) string {
			tb.Helper()
			return signHS256(tb, accessClaims(nil))
		}, route: "GET /pets",
			want: explain.VerdictFail, rule: "TK007", msg: "HS256"},
		{name: "token in another header", header: "authorizationToken", value: idTok(nil), route: "GET /pets/1",
			want: explain.VerdictFail, rule: "TK001", msg: "authorizationToken header, but the authorizer reads the Authorization header"},
		{name: "empty header", value: func(testing.TB) string { return "  " }, route: "GET /pets/1",
			want: explain.VerdictFail, rule: "TK001", msg: "empty"},
		{name: "IAM method", value: idTok(nil), route: "DELETE /admin",
			want: explain.VerdictFail, rule: "TK015", msg: "403: DELETE /admin uses IAM authorization", steps: []string{"TK008=not checked"}},
		{name: "open method", value: idTok(nil), route: "GET /health", want: explain.VerdictPass,
			msg: "the token was not checked: the method takes no token (authorization NONE)", steps: []string{"TK008=not checked", "TK015=pass"}},
		{name: "stage the sources cannot know", value: idTok(nil), route: "GET /pets/1", stage: "prod",
			want: explain.VerdictUnknown, rule: "TK015", msg: "stage prod cannot be known"},
		{name: "issuer in the UPDATED format", value: idTok(map[string]any{"iss": "https://issuer-cognito-idp.us-east-1.amazonaws.com/" + pool}), route: "GET /pets/1",
			want: explain.VerdictUnknown, rule: "TK006", msg: "UPDATED"},
	}
}

func TestExplainCases(t *testing.T) {
	srcs := sources(t)
	e := testEngine(t)
	failed := map[string]bool{}
	for _, tc := range cases() {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, e, srcs, tc)
			v := res.Verdict
			if v.Status != tc.want || v.RuleID != tc.rule {
				t.Fatalf("verdict %s (%s): %s\nwant %s (%s)\n%s", v.Status, v.RuleID, v.Message, tc.want, tc.rule, textOf(t, res))
			}
			if !strings.Contains(v.Message, tc.msg) {
				t.Errorf("verdict message %q lacks %q", v.Message, tc.msg)
			}
			for _, want := range tc.steps {
				id, status, _ := strings.Cut(want, "=")
				if !slices.ContainsFunc(res.Steps, func(s explain.Step) bool { return s.RuleID == id && s.Status == status }) {
					t.Errorf("no step %s with status %s:\n%s", id, status, textOf(t, res))
				}
			}
			for _, s := range res.Steps {
				if s.Status == engine.CheckFail || s.Status == engine.CheckUnknown {
					failed[s.RuleID] = true
				}
			}
			if len(res.RuleErrors) > 0 {
				t.Errorf("rule errors: %v", res.RuleErrors)
			}
		})
	}
	// The token cases are the token rules' fixtures: each rule must be seen
	// failing (or, for a rule that only reports what AWS does not document,
	// undecided) on a real signed token.
	for _, r := range e.Rules() {
		if r.IsToken() && !failed[r.ID] {
			t.Errorf("no token case makes %s (%s) fail or stay unknown", r.ID, r.Slug)
		}
	}
}

func run(tb testing.TB, e *engine.Engine, srcs []explain.Source, tc tokenCase) *explain.Result {
	tb.Helper()
	route, err := explain.ParseRoute(tc.route)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := explain.FindMethod(srcs, route, "", tc.stage)
	if err != nil {
		tb.Fatal(err)
	}
	req := explain.Request{HeaderName: tc.header, Value: tc.value(tb), Route: route, Stage: tc.stage, Now: now}
	if !tc.noKeys {
		req.Keys = testKeys(tb)
	}
	res, err := explain.Explain(context.Background(), e, req, m)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func textOf(tb testing.TB, res *explain.Result) string {
	tb.Helper()
	var b bytes.Buffer
	if err := explain.WriteText(&b, res); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

// TestSignatureNeverShown is the canary: no output format holds the
// signature segment of the token, whatever the case.
func TestSignatureNeverShown(t *testing.T) {
	srcs := sources(t)
	e := testEngine(t)
	for _, tc := range cases() {
		value := tc.value(t)
		tc.value = func(testing.TB) string { return value }
		parts := strings.Split(strings.Join(strings.Fields(strings.Trim(value, `"`)), ""), ".")
		if len(parts) < 3 || len(parts[len(parts)-1]) < 8 {
			continue
		}
		secret := parts[len(parts)-1]
		res := run(t, e, srcs, tc)
		for name, write := range map[string]func(*bytes.Buffer, *explain.Result) error{
			"text":     func(b *bytes.Buffer, r *explain.Result) error { return explain.WriteText(b, r) },
			"json":     func(b *bytes.Buffer, r *explain.Result) error { return explain.WriteJSON(b, r) },
			"markdown": func(b *bytes.Buffer, r *explain.Result) error { return explain.WriteMarkdown(b, r) },
		} {
			var b bytes.Buffer
			if err := write(&b, res); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(b.String(), secret) || strings.Contains(b.String(), value) {
				t.Errorf("%s: the %s output holds the token's last segment", tc.name, name)
			}
		}
	}
}

// BenchmarkExplain measures one explanation: parsing, verifying, finding the
// method and evaluating every token rule.
func BenchmarkExplain(b *testing.B) {
	srcs := sources(b)
	e := testEngine(b)
	tc := tokenCase{value: func(testing.TB) string { return "Bearer " + sign(b, "test-key-1", accessClaims(nil)) }, route: "GET /pets"}
	value := tc.value(b)
	tc.value = func(testing.TB) string { return value }
	b.ResetTimer()
	for b.Loop() {
		run(b, e, srcs, tc)
	}
}
