package awsfake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
)

const auth = "AWS4-HMAC-SHA256 Credential=AKIAFAKE/20240101/%s/%s/aws4_request, SignedHeaders=host, Signature=x"

func scn(t *testing.T) *Scenario {
	t.Helper()
	s, err := ParseScenario([]byte(`{"accounts":[{"id":"111111111111","accessKeyId":"AKIAFAKE","regions":[{"name":"us-east-1",
	  "restApis":[{"api":{"id":"abc","name":"x","policy":{"Version":"2012-10-17","Statement":[]}},
	    "resources":[{"id":"r","path":"/","resourceMethods":{"GET":{"httpMethod":"GET","authorizationType":"NONE"}}}]}],
	  "userPools":[{"pool":{"Id":"us-east-1_A"}}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// answer is what the fake wrote.
type answer struct {
	StatusCode int
	Header     http.Header
}

func do(t *testing.T, h http.Handler, method, path, region, service, target, body string) (answer, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", strings.ReplaceAll(strings.Replace(auth, "%s", region, 1), "%s", service))
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return answer{StatusCode: rec.Code, Header: rec.Header()}, rec.Body.String()
}

// TestWireShapes checks the bodies against the API references: the REST API
// policy is a string holding escaped JSON, collections are under "item",
// errors carry x-amzn-ErrorType (REST-JSON) or __type (JSON 1.1).
func TestWireShapes(t *testing.T) {
	srv := New(scn(t), Options{})
	_, body := do(t, srv, "GET", "/restapis", "us-east-1", "apigateway", "", "")
	var list struct {
		Item []map[string]any `json:"item"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Item) != 1 {
		t.Fatalf("GetRestApis body %s: %v", body, err)
	}
	policy, _ := list.Item[0]["policy"].(string)
	if !strings.HasPrefix(policy, `{\"`) || !strings.Contains(policy, `\"Version\":\"2012-10-17\"`) {
		t.Errorf("policy = %q, want JSON with escaped quotes inside a string", policy)
	}

	resp, body := do(t, srv, "GET", "/restapis/nope/resources", "us-east-1", "apigateway", "", "")
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("x-amzn-ErrorType") != "NotFoundException" || !strings.Contains(body, `"message"`) {
		t.Errorf("REST-JSON error: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	resp, body = do(t, srv, "POST", "/", "us-east-1", "cognito-idp", "AWSCognitoIdentityProviderService.DescribeUserPool", `{"UserPoolId":"us-east-1_B"}`)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"__type":"ResourceNotFoundException"`) {
		t.Errorf("JSON 1.1 error: %d %s", resp.StatusCode, body)
	}
	resp, _ = do(t, srv, "DELETE", "/restapis/abc", "us-east-1", "apigateway", "", "")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a write must not be served: %d", resp.StatusCode)
	}
	if ops := srv.Operations(); len(ops) != 4 || ops[0] != "apigateway:DELETE /restapis/abc" {
		t.Errorf("recorded operations = %v", ops)
	}
}

func TestScenarioValidation(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown field":      `{"accounts":[],"extra":1}`,
		"bad account":        `{"accounts":[{"id":"1"}]}`,
		"typo in an API":     `{"accounts":[{"id":"111111111111","regions":[{"name":"r","restApis":[{"api":{"id":"a","title":"x"}}]}]}]}`,
		"typo in a method":   `{"accounts":[{"id":"111111111111","regions":[{"name":"r","restApis":[{"api":{"id":"a"},"resources":[{"id":"r","resourceMethods":{"GET":{"authType":"NONE"}}}]}]}]}]}`,
		"typo in a client":   `{"accounts":[{"id":"111111111111","regions":[{"name":"r","userPools":[{"pool":{"Id":"p"},"clients":[{"ClientID":"x"}]}]}]}]}`,
		"fault without what": `{"accounts":[],"faults":[{"operation":"GetResources"}]}`,
	} {
		if _, err := ParseScenario([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestThrottle(t *testing.T) {
	srv := New(scn(t), Options{Throttle: true})
	codes := map[int]int{}
	for range 7 {
		resp, _ := do(t, srv, "GET", "/restapis/abc/resources", "us-east-1", "apigateway", "", "")
		codes[resp.StatusCode]++
	}
	if codes[http.StatusOK] != 5 || codes[http.StatusTooManyRequests] != 2 {
		t.Errorf("GetResources x7 within 2 s: %v, want 5 answered and 2 throttled", codes)
	}
}

// TestNotInTheBinary keeps the fake out of what ships.
func TestNotInTheBinary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/authlint/authlint/cmd/authlint").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for line := range strings.Lines(string(out)) {
		if strings.TrimSpace(line) == "github.com/authlint/authlint/internal/awsfake" {
			t.Fatal("cmd/authlint depends on the test fake")
		}
	}
}

// TestHTTPAPIWireShapes checks apigatewayv2's shapes: /v2/apis paths signed
// as apigateway, collections under "items" with "nextToken" paging and a
// string maxResults, a NotFoundException for an unknown API, and scenario
// members checked against the SDK's types.
func TestHTTPAPIWireShapes(t *testing.T) {
	s, err := ParseScenario([]byte(`{"accounts":[{"id":"111111111111","accessKeyId":"AKIAFAKE","regions":[{"name":"us-east-1",
	  "httpApis":[{"api":{"apiId":"h1","name":"a","protocolType":"HTTP"},
	    "routes":[{"routeId":"r1","routeKey":"GET /a"},{"routeId":"r2","routeKey":"GET /b"}],
	    "authorizers":[{"authorizerId":"j1","authorizerType":"JWT","jwtConfiguration":{"issuer":"https://x","audience":["c"]}}]}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	srv := New(s, Options{PageSize: 1})
	_, body := do(t, srv, "GET", "/v2/apis?maxResults=500", "us-east-1", "apigateway", "", "")
	var list struct {
		Items     []map[string]any `json:"items"`
		NextToken string           `json:"nextToken"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != 1 || list.Items[0]["apiId"] != "h1" {
		t.Fatalf("GetApis body %s: %v", body, err)
	}
	_, body = do(t, srv, "GET", "/v2/apis/h1/routes", "us-east-1", "apigateway", "", "")
	list.Items, list.NextToken = nil, ""
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != 1 || list.NextToken == "" {
		t.Fatalf("GetRoutes page 1 %s: %v", body, err)
	}
	_, body = do(t, srv, "GET", "/v2/apis/h1/routes?nextToken="+list.NextToken, "us-east-1", "apigateway", "", "")
	list.Items, list.NextToken = nil, ""
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != 1 || list.Items[0]["routeKey"] != "GET /b" || list.NextToken != "" {
		t.Fatalf("GetRoutes page 2 %s: %v", body, err)
	}
	a, _ := do(t, srv, "GET", "/v2/apis/nope/authorizers", "us-east-1", "apigateway", "", "")
	if a.StatusCode != http.StatusNotFound || a.Header.Get("x-amzn-ErrorType") != "NotFoundException" {
		t.Errorf("unknown API: %d %v", a.StatusCode, a.Header)
	}
	a, _ = do(t, srv, "GET", "/v2/apis/h1/stages?maxResults=x", "us-east-1", "apigateway", "", "")
	if a.StatusCode != http.StatusBadRequest {
		t.Errorf("bad maxResults: %d", a.StatusCode)
	}
	if ops := srv.Operations(); !strings.Contains(strings.Join(ops, " "), "apigateway:GetApis") {
		t.Errorf("operations = %v", ops)
	}
	if _, err := ParseScenario([]byte(`{"accounts":[{"id":"111111111111","regions":[{"name":"us-east-1","httpApis":[{"api":{"apiId":"h1","routeKeys":"x"}}]}]}]}`)); err == nil || !strings.Contains(err.Error(), "routeKeys") {
		t.Errorf("a member the SDK does not know must be refused: %v", err)
	}
}
