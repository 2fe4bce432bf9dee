package awsfake

import (
	"net/http"
	"strconv"
	"strings"
)

// HTTPAPI is one API Gateway HTTP API (v2) with the collections the
// apigatewayv2 Get* operations list, each object in the wire shape of the
// API reference (lowerCamel members: apiId, routeKey, jwtConfiguration, …).
type HTTPAPI struct {
	// API is the Api object (GetApis items).
	API         Object   `json:"api"`
	Routes      []Object `json:"routes,omitempty"`
	Authorizers []Object `json:"authorizers,omitempty"`
	Stages      []Object `json:"stages,omitempty"`
	Deployments []Object `json:"deployments,omitempty"`
}

// apigatewayv2's page sizes: maxResults is a string on the wire, and the
// service answers up to 500 items per page.
const (
	v2DefaultLimit = 25
	v2MaxLimit     = 500
)

// routeAPIGatewayV2 maps an apigatewayv2 (restJson1, /v2/apis/…) GET to its
// operation. The service signs as "apigateway", like REST APIs.
func (s *Server) routeAPIGatewayV2(req *request, seg []string) (string, handler) {
	if len(seg) >= 3 {
		req.resource = seg[2]
	}
	switch {
	case len(seg) == 2:
		return "GetApis", s.getAPIs
	case len(seg) == 4:
		switch seg[3] {
		case "routes":
			return "GetRoutes", s.v2Collection(func(a *HTTPAPI) []Object { return a.Routes })
		case "authorizers":
			return "GetAuthorizers", s.v2Collection(func(a *HTTPAPI) []Object { return a.Authorizers })
		case "stages":
			return "GetStages", s.v2Collection(func(a *HTTPAPI) []Object { return a.Stages })
		case "deployments":
			return "GetDeployments", s.v2Collection(func(a *HTTPAPI) []Object { return a.Deployments })
		}
	}
	return "GET " + req.r.URL.Path, nil
}

// v2List answers a token-paged collection: {"items": [...], "nextToken": …}.
func (s *Server) v2List(w http.ResponseWriter, req *request, items []Object) int {
	q := req.r.URL.Query()
	limit := 0
	if l := q.Get("maxResults"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > v2MaxLimit {
			return s.badRequest(w, req, "maxResults must be a number between 1 and 500")
		}
		limit = n
	}
	items, next, err := page(items, q.Get("nextToken"), limit, s.opts.PageSize, v2DefaultLimit)
	if err != nil {
		return s.badRequest(w, req, "Invalid nextToken")
	}
	if items == nil {
		items = []Object{}
	}
	body := map[string]any{"items": items}
	if next != "" {
		body["nextToken"] = next
	}
	return s.ok(w, restJSON, body)
}

func (s *Server) getAPIs(w http.ResponseWriter, req *request) int {
	reg := s.region(req)
	items := make([]Object, 0, len(reg.HTTPAPIs))
	for i := range reg.HTTPAPIs {
		items = append(items, reg.HTTPAPIs[i].API)
	}
	return s.v2List(w, req, items)
}

func (s *Server) httpAPI(req *request) *HTTPAPI {
	reg := s.region(req)
	for i := range reg.HTTPAPIs {
		if id, _ := reg.HTTPAPIs[i].API["apiId"].(string); id == req.resource {
			return &reg.HTTPAPIs[i]
		}
	}
	return nil
}

func (s *Server) v2Collection(of func(*HTTPAPI) []Object) handler {
	return func(w http.ResponseWriter, req *request) int {
		api := s.httpAPI(req)
		if api == nil {
			return s.notFound(w, req, "Invalid API identifier specified "+req.account+":"+req.resource)
		}
		return s.v2List(w, req, of(api))
	}
}

// isV2 tells an apigatewayv2 path (/v2/apis…) from a REST API one.
func isV2(seg []string) bool {
	return len(seg) >= 2 && seg[0] == "v2" && strings.EqualFold(seg[1], "apis")
}
