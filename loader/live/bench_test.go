package live_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/authlint/authlint/internal/awsfake"
	"github.com/authlint/authlint/loader/live"
)

// generated builds a scenario of n REST APIs spread over regions of one
// account. Each API has three methods behind a Cognito authorizer, two
// deployments and two stages (prod on the older deployment); each region has
// one user pool with two clients, a resource server and a domain.
func generated(n int, regions ...string) *awsfake.Scenario {
	acct := awsfake.Account{ID: accountA, AccessKeyID: "AKIAFAKE111111111111"}
	for ri, region := range regions {
		poolID := region + "_BENCH0000"
		poolARN := "arn:aws:cognito-idp:" + region + ":" + accountA + ":userpool/" + poolID
		reg := awsfake.Region{Name: region, UserPools: []awsfake.UserPool{{
			Pool: awsfake.Object{"Id": poolID, "Arn": poolARN, "Name": "bench", "Domain": "bench-" + region},
			Clients: []awsfake.Object{
				{"ClientId": "client1" + strconv.Itoa(ri), "ClientName": "web", "ClientSecret": "s", "AllowedOAuthFlows": []any{"code"},
					"AllowedOAuthScopes": []any{"openid", "items/read"}, "AllowedOAuthFlowsUserPoolClient": true, "CallbackURLs": []any{"https://x.example/cb"}},
				{"ClientId": "client2" + strconv.Itoa(ri), "ClientName": "cli"},
			},
			ResourceServers: []awsfake.Object{{"Identifier": "items", "Name": "items", "Scopes": []any{map[string]any{"ScopeName": "read", "ScopeDescription": "r"}}}},
			Domains:         []awsfake.Object{{"Domain": "bench-" + region, "UserPoolId": poolID, "Status": "ACTIVE"}},
		}}}
		for i := ri; i < n; i += len(regions) {
			id := fmt.Sprintf("bench%05d", i)
			method := func(auth string, scopes bool) map[string]any {
				m := map[string]any{"httpMethod": "GET", "authorizationType": auth, "apiKeyRequired": false,
					"methodIntegration": map[string]any{"type": "AWS_PROXY", "httpMethod": "POST", "uri": "arn:aws:lambda:fn"}}
				if auth == "COGNITO_USER_POOLS" {
					m["authorizerId"] = "au0001"
				}
				if scopes {
					m["authorizationScopes"] = []any{"items/read"}
				}
				return m
			}
			resources := []awsfake.Object{
				{"id": "root000000", "path": "/"},
				{"id": "items00000", "parentId": "root000000", "pathPart": "items", "path": "/items", "resourceMethods": map[string]any{
					"GET": method("COGNITO_USER_POOLS", true), "POST": method("COGNITO_USER_POOLS", true)}},
				{"id": "item000000", "parentId": "items00000", "pathPart": "{id}", "path": "/items/{id}", "resourceMethods": map[string]any{
					"GET": method("COGNITO_USER_POOLS", true)}},
			}
			authorizers := []awsfake.Object{{"id": "au0001", "name": "Cognito", "type": "COGNITO_USER_POOLS",
				"providerARNs": []any{poolARN}, "identitySource": "method.request.header.Authorization"}}
			reg.RestAPIs = append(reg.RestAPIs, awsfake.RestAPI{
				API:         awsfake.Object{"id": id, "name": id},
				Resources:   resources,
				Authorizers: authorizers,
				Deployments: []awsfake.Deployment{
					{Deployment: awsfake.Object{"id": "dep1", "createdDate": 1704067200},
						Snapshot: &awsfake.Snapshot{Resources: resources[:2], Authorizers: authorizers}},
					{Deployment: awsfake.Object{"id": "dep2", "createdDate": 1706745600}},
				},
				Stages: []awsfake.Object{{"stageName": "prod", "deploymentId": "dep1"}, {"stageName": "dev", "deploymentId": "dep2"}},
			})
		}
		acct.Regions = append(acct.Regions, reg)
	}
	return &awsfake.Scenario{Accounts: []awsfake.Account{acct}}
}

// callsPer counts the fake's calls per REST API and operation.
func callsPer(calls []awsfake.Call) (perAPI map[string]map[string]int, other map[string]int) {
	perAPI, other = map[string]map[string]int{}, map[string]int{}
	for _, c := range calls {
		if c.Service == "apigateway" && c.Resource != "" {
			if perAPI[c.Resource] == nil {
				perAPI[c.Resource] = map[string]int{}
			}
			perAPI[c.Resource][c.Operation]++
			continue
		}
		other[c.Service+":"+c.Operation]++
	}
	return perAPI, other
}

// TestCallsPerAPI pins the number of calls per REST API and per stage, so a
// change that multiplies them (against API Gateway's tight quotas) shows.
func TestCallsPerAPI(t *testing.T) {
	srv, url := fake(t, generated(6, "us-east-1", "eu-west-1"), awsfake.Options{})
	res := mustScan(t, options(url, "us-east-1", "eu-west-1"))
	if len(res.LoadErrors) > 0 {
		t.Fatalf("load errors: %+v", res.LoadErrors)
	}
	perAPI, other := callsPer(srv.Calls())
	if len(perAPI) != 6 {
		t.Fatalf("calls touched %d APIs, want 6", len(perAPI))
	}
	want := map[string]int{"GetResources": 1, "GetAuthorizers": 1, "GetDeployments": 1, "GetStages": 1, "GetGatewayResponses": 1, "GetExport": 2}
	for id, ops := range perAPI {
		for op, n := range want {
			if ops[op] != n {
				t.Errorf("%s: %s called %d times, want %d", id, op, ops[op], n)
			}
		}
		if len(ops) != len(want) {
			t.Errorf("%s: operations %v", id, ops)
		}
	}
	// Per region one listing and one pool (read once, with 2 clients and 1
	// domain); one identity check.
	for op, n := range map[string]int{
		"apigateway:GetRestApis": 2, "sts:GetCallerIdentity": 1, "cognito-idp:DescribeUserPool": 2,
		"cognito-idp:ListUserPoolClients": 2, "cognito-idp:DescribeUserPoolClient": 4,
		"cognito-idp:ListResourceServers": 2, "cognito-idp:DescribeUserPoolDomain": 2,
	} {
		if other[op] != n {
			t.Errorf("%s called %d times, want %d", op, other[op], n)
		}
	}
}

// BenchmarkLiveScan scans 500 REST APIs over three regions of one account
// through the fake with 20 ms of latency on every call and API Gateway's
// control-plane quotas enforced with 429s, using the scanner's default rate
// limits, retries and concurrency. It takes minutes (the quotas allow about
// ten calls a second per account), so it only runs with
// AUTHLINT_LIVE_BENCH=1:
//
//	AUTHLINT_LIVE_BENCH=1 go test ./loader/live -run '^$' -bench LiveScan -benchtime 1x
//
// AUTHLINT_LIVE_BENCH_APIS changes the number of APIs;
// AUTHLINT_LIVE_BENCH_NOQUOTA=1 lifts the quotas on both sides, which shows
// what latency and concurrency alone cost.
func BenchmarkLiveScan(b *testing.B) {
	if os.Getenv("AUTHLINT_LIVE_BENCH") != "1" {
		b.Skip("set AUTHLINT_LIVE_BENCH=1: this benchmark takes minutes")
	}
	n := 500
	if v, err := strconv.Atoi(os.Getenv("AUTHLINT_LIVE_BENCH_APIS")); err == nil && v > 0 {
		n = v
	}
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2"}
	fakeEnv(b)
	for b.Loop() {
		b.StopTimer()
		noQuota := os.Getenv("AUTHLINT_LIVE_BENCH_NOQUOTA") == "1"
		srv := awsfake.New(generated(n, regions...), awsfake.Options{Latency: 20 * time.Millisecond, Throttle: !noQuota})
		hs := httptest.NewServer(srv)
		url, stop := hs.URL, hs.Close
		b.StartTimer()
		start := time.Now()
		opts := live.Options{Regions: regions, EndpointURL: url}
		if noQuota {
			opts.Limits = live.Limits{APIGateway: 1e6, APIGatewayBurst: 1e6, GetResources: 1e6, GetResourcesBurst: 1e6, Cognito: 1e6, CognitoBurst: 1e6}
		}
		res, err := live.Scan(context.Background(), opts)
		elapsed := time.Since(start)
		b.StopTimer()
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if len(res.LoadErrors) > 0 {
			b.Fatalf("load errors: %+v", res.LoadErrors[:min(3, len(res.LoadErrors))])
		}
		calls := srv.Calls()
		perAPI, _ := callsPer(calls)
		apiCalls, exports, throttled := 0, 0, 0
		for _, ops := range perAPI {
			for op, c := range ops {
				apiCalls += c
				if op == "GetExport" {
					exports += c
				}
			}
		}
		for _, c := range calls {
			if c.Throttled {
				throttled++
			}
		}
		b.ReportMetric(float64(apiCalls-exports)/float64(len(perAPI)), "calls/api")
		b.ReportMetric(float64(exports)/float64(2*len(perAPI)), "calls/stage")
		b.ReportMetric(float64(len(calls)), "calls")
		b.ReportMetric(float64(throttled), "429s")
		b.ReportMetric(elapsed.Seconds(), "wall-s")
		b.Logf("%d APIs, %d regions: %d calls (%d answered 429 by the fake, %d seen throttled by the SDK), %s",
			n, len(regions), len(calls), throttled, res.Stats.Throttled, elapsed.Round(time.Second))
		b.StartTimer()
	}
}
