package awsfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fault changes the answer to matching requests. Empty selectors match
// everything.
type Fault struct {
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// Service is apigateway, cognito-idp or sts.
	Service string `json:"service,omitempty"`
	// Operation is the SDK operation name (GetResources, DescribeUserPool…).
	Operation string `json:"operation,omitempty"`
	// Resource is the REST API id, user pool id or role ARN the request names.
	Resource string `json:"resource,omitempty"`
	// Error is the error code to answer with (AccessDeniedException,
	// TooManyRequestsException, ServiceUnavailableException, …).
	Error string `json:"error,omitempty"`
	// Status overrides the HTTP status that goes with Error.
	Status  int    `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
	// Times limits the fault to the first Times matching requests (0: all).
	Times int `json:"times,omitempty"`
	// DelayMS delays the answer (the request's context still cancels it).
	DelayMS int `json:"delayMs,omitempty"`
}

// Options tune the fake.
type Options struct {
	// Latency is added to every call, like the network and service time of a
	// real endpoint.
	Latency time.Duration
	// PageSize caps every page, whatever limit the caller asks for, so tests
	// exercise paging with few objects. Zero keeps AWS's own defaults.
	PageSize int
	// Throttle enforces API Gateway's documented control-plane quotas per
	// account with 429 TooManyRequestsException: GetResources 5 requests per
	// 2 seconds, every operation together 10 per second with a burst of 40.
	Throttle bool
}

// Call is one request the fake answered.
type Call struct {
	Time      time.Time
	Account   string
	Region    string
	Service   string
	Operation string
	// Resource is the API id, pool id or role ARN the request names.
	Resource string
	// Stage is the stage name for GetExport.
	Stage  string
	Status int
	// Throttled is true for a 429 from the fake's quota enforcement.
	Throttled bool
}

// Server is the fake endpoint.
type Server struct {
	scn  *Scenario
	opts Options

	mu      sync.Mutex
	calls   []Call
	faultN  []int
	keys    map[string]string // access key id → account
	issued  int
	windows map[string][]time.Time // account → recent GetResources times
	buckets map[string]*bucket     // account → all-operation token bucket
	reqs    atomic.Int64
}

// New returns a fake serving scn.
func New(scn *Scenario, opts Options) *Server {
	s := &Server{
		scn:     scn,
		opts:    opts,
		faultN:  make([]int, len(scn.Faults)),
		keys:    map[string]string{},
		windows: map[string][]time.Time{},
		buckets: map[string]*bucket{},
	}
	for _, a := range scn.Accounts {
		if a.AccessKeyID != "" {
			s.keys[a.AccessKeyID] = a.ID
		}
	}
	return s
}

// Calls returns the calls answered so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// Operations returns the sorted set of "service:Operation" names answered.
func (s *Server) Operations() []string {
	seen := map[string]bool{}
	for _, c := range s.Calls() {
		seen[c.Service+":"+c.Operation] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// request is what the fake knows about one request once it is authenticated
// and routed.
type request struct {
	r         *http.Request
	account   string
	region    string
	service   string
	operation string
	resource  string
	stage     string
	body      []byte
}

// jwksRE is the path of a user pool's public keys (the issuer URL's path
// plus /.well-known/jwks.json); Cognito serves it without authentication.
var jwksRE = regexp.MustCompile(`^/([a-z]{2}(?:-gov)?-[a-z]+-[0-9]_[0-9A-Za-z]+)/\.well-known/jwks\.json$`)

// serveJWKS answers the public key set of a pool of any account and region.
func (s *Server) serveJWKS(w http.ResponseWriter, pool string) {
	for _, a := range s.scn.Accounts {
		for _, rg := range a.Regions {
			for _, up := range rg.UserPools {
				if id, _ := up.Pool["Id"].(string); id == pool && up.JWKS != nil {
					s.mu.Lock()
					s.calls = append(s.calls, Call{Time: time.Now(), Account: a.ID, Region: rg.Name, Service: "cognito-idp", Operation: "GetJWKS", Resource: pool, Status: http.StatusOK})
					s.mu.Unlock()
					w.Header().Set("Content-Type", "application/json")
					writeJSON(w, up.JWKS)
					return
				}
			}
		}
	}
	http.Error(w, `{"message":"User pool does not exist."}`, http.StatusNotFound)
}

var scopeRE = regexp.MustCompile(`Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

// ServeHTTP authenticates the request by its SigV4 scope, routes it to the
// service, applies faults and quotas, and answers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := jwksRE.FindStringSubmatch(r.URL.Path); p != nil && r.Method == http.MethodGet {
		s.serveJWKS(w, p[1])
		return
	}
	m := scopeRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		http.Error(w, `{"message":"Missing Authentication Token"}`, http.StatusForbidden)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "reading body", http.StatusBadRequest)
		return
	}
	req := &request{r: r, region: m[2], service: m[3], body: body}
	account, known := s.account(m[1])
	req.account = account

	var route func(*request) (string, handler)
	switch req.service {
	case "apigateway":
		route = s.routeAPIGateway
	case "cognito-idp":
		route = s.routeCognito
	case "sts":
		route = s.routeSTS
	default:
		http.Error(w, "unknown service "+req.service, http.StatusBadRequest)
		return
	}
	op, h := route(req)
	req.operation = op
	if h == nil {
		s.record(req, http.StatusBadRequest, false)
		s.fail(w, req, "UnknownOperationException", 0, "the fake does not implement "+op)
		return
	}
	if !known && req.service != "sts" {
		s.record(req, http.StatusForbidden, false)
		s.fail(w, req, "UnrecognizedClientException", 0, "The security token included in the request is invalid.")
		return
	}
	if s.opts.Latency > 0 && !sleep(r, s.opts.Latency) {
		return
	}
	if f := s.fault(req); f != nil {
		if f.DelayMS > 0 && !sleep(r, time.Duration(f.DelayMS)*time.Millisecond) {
			return
		}
		if f.Error != "" {
			msg := f.Message
			if msg == "" {
				msg = defaultMessage(req, f.Error)
			}
			s.record(req, s.status(req, f.Error, f.Status), false)
			s.fail(w, req, f.Error, f.Status, msg)
			return
		}
	}
	if s.opts.Throttle && req.service == "apigateway" && !s.admit(req) {
		s.record(req, http.StatusTooManyRequests, true)
		s.fail(w, req, "TooManyRequestsException", 0, "Too Many Requests")
		return
	}
	status := h(w, req)
	s.record(req, status, false)
}

// handler answers a routed request and returns the status it wrote.
type handler func(http.ResponseWriter, *request) int

func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) account(akid string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.keys[akid]
	return a, ok
}

func (s *Server) record(req *request, status int, throttled bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, Call{
		Time: time.Now(), Account: req.account, Region: req.region, Service: req.service,
		Operation: req.operation, Resource: req.resource, Stage: req.stage, Status: status, Throttled: throttled,
	})
}

func (s *Server) fault(req *request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.scn.Faults {
		f := &s.scn.Faults[i]
		if !matches(f.Account, req.account) || !matches(f.Region, req.region) || !matches(f.Service, req.service) ||
			!matches(f.Operation, req.operation) || !matches(f.Resource, req.resource) {
			continue
		}
		if f.Times > 0 && s.faultN[i] >= f.Times {
			continue
		}
		s.faultN[i]++
		return f
	}
	return nil
}

func matches(sel, v string) bool { return sel == "" || sel == "*" || sel == v }

// admit enforces the control-plane quotas of API Gateway for one account.
// GetResources: "5 requests every 2 seconds per account"; all operations
// together: "10 requests per second with a burst quota of 40 requests per
// second" (developerguide/limits.html, quotas that cannot be increased).
func (s *Server) admit(req *request) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	b := s.buckets[req.account]
	if b == nil {
		b = &bucket{tokens: 40, last: now}
		s.buckets[req.account] = b
	}
	if req.operation == "GetResources" {
		win := s.windows[req.account][:0]
		for _, t := range s.windows[req.account] {
			if now.Sub(t) < 2*time.Second {
				win = append(win, t)
			}
		}
		s.windows[req.account] = win
		if len(win) >= 5 {
			return false
		}
		if !b.take(now) {
			return false
		}
		s.windows[req.account] = append(win, now)
		return true
	}
	return b.take(now)
}

// bucket is a token bucket of 10 tokens per second holding at most 40.
type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) take(now time.Time) bool {
	b.tokens = min(40, b.tokens+now.Sub(b.last).Seconds()*10)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// status is the HTTP status AWS uses for an error code in a service.
func (s *Server) status(req *request, code string, override int) int {
	if override != 0 {
		return override
	}
	switch code {
	case "TooManyRequestsException", "Throttling":
		if req.service == "apigateway" {
			return http.StatusTooManyRequests
		}
		return http.StatusBadRequest
	case "ServiceUnavailableException":
		return http.StatusServiceUnavailable
	case "InternalServerError", "InternalErrorException", "InternalFailure":
		return http.StatusInternalServerError
	case "NotFoundException":
		return http.StatusNotFound
	case "AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException":
		if req.service == "cognito-idp" {
			return http.StatusBadRequest
		}
		return http.StatusForbidden
	}
	return http.StatusBadRequest
}

func defaultMessage(req *request, code string) string {
	switch code {
	case "AccessDeniedException", "AccessDenied":
		return fmt.Sprintf("User: arn:aws:sts::%s:assumed-role/authlint-scan/authlint is not authorized to perform: %s:%s in region %s",
			req.account, req.service, req.operation, req.region)
	case "TooManyRequestsException":
		return "Too Many Requests"
	}
	return code
}

// fail writes an error in the service's protocol: REST-JSON (x-amzn-ErrorType
// header, {"message": …}), JSON 1.1 ({"__type": …, "message": …}) or the
// query protocol's XML ErrorResponse.
func (s *Server) fail(w http.ResponseWriter, req *request, code string, override int, msg string) {
	status := s.status(req, code, override)
	switch req.service {
	case "sts":
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		typ := "Sender"
		if status >= 500 {
			typ = "Receiver"
		}
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
			typ, xmlEscape(code), xmlEscape(msg), s.requestID())
	case "cognito-idp":
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("x-amzn-RequestId", s.requestID())
		w.WriteHeader(status)
		writeJSON(w, map[string]string{"__type": code, "message": msg})
	default:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-amzn-ErrorType", code)
		w.Header().Set("x-amzn-RequestId", s.requestID())
		w.WriteHeader(status)
		writeJSON(w, map[string]string{"message": msg})
	}
}

func (s *Server) ok(w http.ResponseWriter, contentType string, v any) int {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("x-amzn-RequestId", s.requestID())
	w.WriteHeader(http.StatusOK)
	writeJSON(w, v)
	return http.StatusOK
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client sees a truncated body if the connection breaks
}

func (s *Server) requestID() string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", s.reqs.Add(1))
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
	return r.Replace(s)
}

// page slices items for a position-paged list. position is the offset as a
// decimal string; the next position is empty on the last page.
func page[T any](items []T, position string, limit, capSize, defaultLimit int) ([]T, string, error) {
	start := 0
	if position != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(position, "p"))
		if err != nil || n < 0 || n > len(items) {
			return nil, "", fmt.Errorf("invalid position %q", position)
		}
		start = n
	}
	if limit <= 0 {
		limit = defaultLimit
	}
	if capSize > 0 && limit > capSize {
		limit = capSize
	}
	end := min(len(items), start+limit)
	next := ""
	if end < len(items) {
		next = "p" + strconv.Itoa(end)
	}
	return items[start:end], next, nil
}
