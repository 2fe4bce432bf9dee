package awsfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

const restJSON = "application/json"

// AWS's default and largest page sizes for API Gateway collections.
const (
	defaultLimit = 25
	maxLimit     = 500
)

// routeAPIGateway maps a REST-JSON request to its operation. Only the read
// operations the loader may call are implemented; anything else is routed to
// a nil handler and answered as unknown, which tests treat as a failure.
func (s *Server) routeAPIGateway(req *request) (string, handler) {
	seg := strings.Split(strings.Trim(req.r.URL.Path, "/"), "/")
	if req.r.Method == http.MethodPost && len(seg) == 4 && seg[0] == "restapis" && seg[2] == "authorizers" {
		req.resource = seg[1]
		return "TestInvokeAuthorizer", s.testInvokeAuthorizer
	}
	if req.r.Method != http.MethodGet {
		return req.r.Method + " " + req.r.URL.Path, nil
	}
	if isV2(seg) {
		return s.routeAPIGatewayV2(req, seg)
	}
	if len(seg) >= 2 && seg[0] == "restapis" {
		req.resource = seg[1]
	}
	switch {
	case len(seg) == 1 && seg[0] == "restapis":
		return "GetRestApis", s.getRestAPIs
	case len(seg) == 2 && seg[0] == "restapis":
		return "GetRestApi", s.getRestAPI
	case len(seg) == 3 && seg[0] == "restapis":
		switch seg[2] {
		case "resources":
			return "GetResources", s.getResources
		case "authorizers":
			return "GetAuthorizers", s.getAuthorizers
		case "stages":
			return "GetStages", s.getStages
		case "deployments":
			return "GetDeployments", s.getDeployments
		case "gatewayresponses":
			return "GetGatewayResponses", s.getGatewayResponses
		}
	case len(seg) == 4 && seg[0] == "restapis" && seg[2] == "deployments":
		return "GetDeployment", s.getDeployment
	case len(seg) == 6 && seg[0] == "restapis" && seg[2] == "stages" && seg[4] == "exports":
		req.stage = seg[3]
		return "GetExport", s.getExport
	}
	return "GET " + req.r.URL.Path, nil
}

func (s *Server) region(req *request) *Region {
	for i := range s.scn.Accounts {
		a := &s.scn.Accounts[i]
		if a.ID != req.account {
			continue
		}
		for j := range a.Regions {
			if a.Regions[j].Name == req.region {
				return &a.Regions[j]
			}
		}
	}
	return &Region{Name: req.region}
}

func (s *Server) api(w http.ResponseWriter, req *request) (*RestAPI, int) {
	reg := s.region(req)
	for i := range reg.RestAPIs {
		if id, _ := reg.RestAPIs[i].API["id"].(string); id == req.resource {
			return &reg.RestAPIs[i], 0
		}
	}
	return nil, s.notFound(w, req, "Invalid API identifier specified "+req.account+":"+req.resource)
}

func (s *Server) notFound(w http.ResponseWriter, req *request, msg string) int {
	s.fail(w, req, "NotFoundException", 0, msg)
	return http.StatusNotFound
}

func (s *Server) badRequest(w http.ResponseWriter, req *request, msg string) int {
	s.fail(w, req, "BadRequestException", 0, msg)
	return http.StatusBadRequest
}

// list answers a position-paged collection: {"item": [...], "position": …}.
func (s *Server) list(w http.ResponseWriter, req *request, items []Object) int {
	q := req.r.URL.Query()
	limit := 0
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxLimit {
			return s.badRequest(w, req, "1 validation error detected: Value '"+l+"' at 'limit' failed to satisfy constraint")
		}
		limit = n
	}
	items, next, err := page(items, q.Get("position"), limit, s.opts.PageSize, defaultLimit)
	if err != nil {
		return s.badRequest(w, req, err.Error())
	}
	body := map[string]any{"item": items}
	if next != "" {
		body["position"] = next
	}
	return s.ok(w, restJSON, body)
}

func (s *Server) getRestAPIs(w http.ResponseWriter, req *request) int {
	reg := s.region(req)
	items := make([]Object, 0, len(reg.RestAPIs))
	for i := range reg.RestAPIs {
		items = append(items, wireAPI(reg.RestAPIs[i].API))
	}
	return s.list(w, req, items)
}

func (s *Server) getRestAPI(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	return s.ok(w, restJSON, wireAPI(api.API))
}

// wireAPI renders a RestApi as AWS does: the policy is a JSON document inside
// a string, with its quotes escaped once more ("{\"Version\":…}" after JSON
// decoding), which is why Terraform unquotes it before parsing.
func wireAPI(api Object) Object {
	out := maps.Clone(api)
	if p, ok := out["policy"]; ok {
		if _, isString := p.(string); !isString {
			b, _ := json.Marshal(p)
			q := strconv.Quote(string(b))
			out["policy"] = q[1 : len(q)-1]
		}
	}
	return out
}

func (s *Server) getResources(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	embed := slices.ContainsFunc(req.r.URL.Query()["embed"], func(e string) bool {
		return slices.Contains(strings.Split(e, ","), "methods")
	})
	items := make([]Object, 0, len(api.Resources))
	for _, res := range api.Resources {
		items = append(items, wireResource(res, embed))
	}
	return s.list(w, req, items)
}

// wireResource drops the method bodies unless embed=methods asked for them:
// without it AWS lists only which methods exist.
func wireResource(res Object, embed bool) Object {
	if embed {
		return res
	}
	out := maps.Clone(res)
	if ms, ok := res["resourceMethods"].(map[string]any); ok {
		stub := make(map[string]any, len(ms))
		for verb := range ms {
			stub[verb] = map[string]any{}
		}
		out["resourceMethods"] = stub
	}
	return out
}

func (s *Server) getAuthorizers(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	return s.list(w, req, api.Authorizers)
}

// getStages answers GetStages, which is not paged: {"item": [...]}.
func (s *Server) getStages(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	dep := req.r.URL.Query().Get("deploymentId")
	items := make([]Object, 0, len(api.Stages))
	for _, st := range api.Stages {
		if dep != "" && st["deploymentId"] != dep {
			continue
		}
		items = append(items, st)
	}
	return s.ok(w, restJSON, map[string]any{"item": items})
}

func (s *Server) getDeployments(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	items := make([]Object, 0, len(api.Deployments))
	for _, d := range api.Deployments {
		items = append(items, d.Deployment)
	}
	return s.list(w, req, items)
}

func (s *Server) deployment(api *RestAPI, id string) *Deployment {
	for i := range api.Deployments {
		if api.Deployments[i].Deployment["id"] == id {
			return &api.Deployments[i]
		}
	}
	return nil
}

// snapshot is what a deployment serves: its frozen snapshot, or the working
// copy when the scenario says the API has not changed since.
func snapshotOf(api *RestAPI, d *Deployment) *Snapshot {
	if d.Snapshot != nil {
		return d.Snapshot
	}
	return &Snapshot{Resources: api.Resources, Authorizers: api.Authorizers, Policy: api.API["policy"]}
}

func (s *Server) getDeployment(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	id := strings.Split(strings.Trim(req.r.URL.Path, "/"), "/")[3]
	d := s.deployment(api, id)
	if d == nil {
		return s.notFound(w, req, "Invalid Deployment identifier specified")
	}
	out := maps.Clone(d.Deployment)
	if slices.Contains(req.r.URL.Query()["embed"], "apisummary") {
		out["apiSummary"] = apiSummary(snapshotOf(api, d))
	}
	return s.ok(w, restJSON, out)
}

// apiSummary is GetDeployment's summary of what a deployment serves:
// {"/path": {"VERB": {"authorizationType": …, "apiKeyRequired": …}}}.
func apiSummary(snap *Snapshot) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, res := range snap.Resources {
		path, _ := res["path"].(string)
		ms, _ := res["resourceMethods"].(map[string]any)
		for verb, m := range ms {
			mo, _ := m.(map[string]any)
			at, _ := mo["authorizationType"].(string)
			if at == "" {
				at = "NONE"
			}
			key, _ := mo["apiKeyRequired"].(bool)
			if out[path] == nil {
				out[path] = map[string]any{}
			}
			out[path][verb] = map[string]any{"authorizationType": at, "apiKeyRequired": key}
		}
	}
	return out
}

func (s *Server) getGatewayResponses(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	// AWS lists every response type: the ones not customized come back with
	// defaultResponse true.
	items := append([]Object(nil), api.GatewayResponses...)
	have := map[string]bool{}
	for _, g := range items {
		t, _ := g["responseType"].(string)
		have[t] = true
	}
	for _, t := range agtypes.GatewayResponseType("").Values() {
		if have[string(t)] {
			continue
		}
		d := Object{
			"responseType":       string(t),
			"defaultResponse":    true,
			"responseParameters": map[string]any{},
			"responseTemplates":  map[string]any{"application/json": `{"message":$context.error.messageString}`},
		}
		if code := defaultStatus[string(t)]; code != "" {
			d["statusCode"] = code
		}
		items = append(items, d)
	}
	return s.list(w, req, items)
}

var defaultStatus = map[string]string{
	"ACCESS_DENIED": "403", "API_CONFIGURATION_ERROR": "500", "AUTHORIZER_CONFIGURATION_ERROR": "500",
	"AUTHORIZER_FAILURE": "500", "BAD_REQUEST_BODY": "400", "BAD_REQUEST_PARAMETERS": "400",
	"EXPIRED_TOKEN": "403", "INTEGRATION_FAILURE": "504", "INTEGRATION_TIMEOUT": "504",
	"INVALID_API_KEY": "403", "INVALID_SIGNATURE": "403", "MISSING_AUTHENTICATION_TOKEN": "403",
	"QUOTA_EXCEEDED": "429", "REQUEST_TOO_LARGE": "413", "RESOURCE_NOT_FOUND": "404",
	"THROTTLED": "429", "UNAUTHORIZED": "401", "UNSUPPORTED_MEDIA_TYPE": "415", "WAF_FILTERED": "403",
}

func (s *Server) getExport(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	seg := strings.Split(strings.Trim(req.r.URL.Path, "/"), "/")
	exportType := seg[5]
	if exportType != "oas30" && exportType != "swagger" {
		return s.badRequest(w, req, "Invalid export type "+exportType)
	}
	if a := req.r.Header.Get("Accept"); a != "" && a != restJSON {
		return s.badRequest(w, req, "the fake exports application/json only")
	}
	var stage Object
	for _, st := range api.Stages {
		if st["stageName"] == req.stage {
			stage = st
		}
	}
	if stage == nil {
		return s.notFound(w, req, "Invalid stage identifier specified")
	}
	depID, _ := stage["deploymentId"].(string)
	d := s.deployment(api, depID)
	if d == nil {
		return s.notFound(w, req, "Invalid Deployment identifier specified")
	}
	ext := map[string]bool{}
	for e := range strings.SplitSeq(req.r.URL.Query().Get("extensions"), ",") {
		ext[strings.TrimSpace(e)] = true
	}
	doc := export(exportDoc{
		api: api.API, stage: req.stage, region: req.region, snap: snapshotOf(api, d),
		oas3:         exportType == "oas30",
		integrations: ext["apigateway"] || ext["integrations"],
		authorizers:  ext["apigateway"] || ext["authorizers"],
		extras:       ext["apigateway"],
	})
	w.Header().Set("Content-Disposition", `attachment; filename="`+req.resource+`-`+req.stage+`.json"`)
	return s.ok(w, restJSON, doc)
}

// testInvokeAuthorizer answers TestInvokeAuthorizer for a Cognito authorizer
// the way the console test does, as far as a fake can without keys or a
// clock: clientStatus 0 with the token's claims when the token (in the
// authorizer's identity header) names a pool of its provider ARNs, 401
// otherwise. The token's signature is not checked.
func (s *Server) testInvokeAuthorizer(w http.ResponseWriter, req *request) int {
	api, status := s.api(w, req)
	if api == nil {
		return status
	}
	id := strings.Split(strings.Trim(req.r.URL.Path, "/"), "/")[3]
	var auth Object
	for _, a := range api.Authorizers {
		if aid, _ := a["id"].(string); aid == id {
			auth = a
		}
	}
	if auth == nil {
		return s.notFound(w, req, "Invalid Authorizer identifier specified")
	}
	var in struct {
		Headers map[string]string `json:"headers"`
	}
	if err := json.Unmarshal(req.body, &in); err != nil {
		return s.badRequest(w, req, "the request body is not JSON")
	}
	header := "Authorization"
	if src, _ := auth["identitySource"].(string); strings.HasPrefix(src, "method.request.header.") {
		header = strings.TrimPrefix(src, "method.request.header.")
	}
	out := map[string]any{"clientStatus": http.StatusUnauthorized, "latency": 3, "log": "Execution log for request test-request\nUnauthorized"}
	if claims := tokenClaims(in.Headers[header]); claims != nil {
		iss, _ := claims["iss"].(string)
		pool := iss[strings.LastIndex(iss, "/")+1:]
		arns, _ := auth["providerARNs"].([]any)
		for _, a := range arns {
			if arn, _ := a.(string); pool != "" && strings.HasSuffix(arn, ":userpool/"+pool) {
				strs := map[string]string{}
				for k, v := range claims {
					strs[k] = fmt.Sprint(v)
				}
				out = map[string]any{"clientStatus": 0, "latency": 3, "claims": strs, "log": "Execution log for request test-request\nAuthorized"}
			}
		}
	}
	return s.ok(w, "application/json", out)
}

// tokenClaims decodes the payload of a compact JWS, "Bearer " allowed; nil
// when it is not one.
func tokenClaims(v string) map[string]any {
	parts := strings.Split(strings.TrimPrefix(v, "Bearer "), ".")
	if len(parts) != 3 {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}
