package awsfake

import (
	"encoding/json"
	"maps"
	"net/http"
	"strings"
)

const amzJSON11 = "application/x-amz-json-1.1"

const cognitoTarget = "AWSCognitoIdentityProviderService."

// routeCognito dispatches a JSON 1.1 request on its X-Amz-Target header.
func (s *Server) routeCognito(req *request) (string, handler) {
	op, found := strings.CutPrefix(req.r.Header.Get("X-Amz-Target"), cognitoTarget)
	if !found || req.r.Method != http.MethodPost {
		return "Unknown " + req.r.Header.Get("X-Amz-Target"), nil
	}
	var in struct {
		UserPoolID string `json:"UserPoolId"`
		Domain     string `json:"Domain"`
	}
	_ = json.Unmarshal(req.body, &in) // a malformed body is answered by the handler
	req.resource = in.UserPoolID
	if op == "DescribeUserPoolDomain" {
		req.resource = in.Domain
	}
	switch op {
	case "DescribeUserPool":
		return op, s.describeUserPool
	case "ListUserPoolClients":
		return op, s.listUserPoolClients
	case "DescribeUserPoolClient":
		return op, s.describeUserPoolClient
	case "DescribeUserPoolDomain":
		return op, s.describeUserPoolDomain
	case "ListResourceServers":
		return op, s.listResourceServers
	}
	return op, nil
}

func (s *Server) pool(w http.ResponseWriter, req *request) (*UserPool, int) {
	reg := s.region(req)
	for i := range reg.UserPools {
		if reg.UserPools[i].Pool["Id"] == req.resource {
			return &reg.UserPools[i], 0
		}
	}
	s.fail(w, req, "ResourceNotFoundException", 0, "User pool "+req.resource+" does not exist.")
	return nil, http.StatusBadRequest
}

func (s *Server) describeUserPool(w http.ResponseWriter, req *request) int {
	p, status := s.pool(w, req)
	if p == nil {
		return status
	}
	return s.ok(w, amzJSON11, map[string]any{"UserPool": p.Pool})
}

type listInput struct {
	MaxResults int    `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
	ClientID   string `json:"ClientId"`
}

func (s *Server) input(w http.ResponseWriter, req *request) (listInput, bool) {
	var in listInput
	if err := json.Unmarshal(req.body, &in); err != nil {
		s.fail(w, req, "InvalidParameterException", 0, "malformed request: "+err.Error())
		return in, false
	}
	return in, true
}

// cognitoPage pages a Cognito list with MaxResults and NextToken.
func (s *Server) cognitoPage(w http.ResponseWriter, req *request, in listInput, items []Object, max int) ([]Object, string, bool) {
	if in.MaxResults < 0 || in.MaxResults > max {
		s.fail(w, req, "InvalidParameterException", 0, "1 validation error detected: Value at 'maxResults' failed to satisfy constraint")
		return nil, "", false
	}
	out, next, err := page(items, in.NextToken, in.MaxResults, s.opts.PageSize, max)
	if err != nil {
		s.fail(w, req, "InvalidParameterException", 0, err.Error())
		return nil, "", false
	}
	return out, next, true
}

func (s *Server) listUserPoolClients(w http.ResponseWriter, req *request) int {
	p, status := s.pool(w, req)
	if p == nil {
		return status
	}
	in, valid := s.input(w, req)
	if !valid {
		return http.StatusBadRequest
	}
	descs := make([]Object, 0, len(p.Clients))
	for _, c := range p.Clients {
		descs = append(descs, Object{"ClientId": c["ClientId"], "ClientName": c["ClientName"], "UserPoolId": req.resource})
	}
	items, next, valid := s.cognitoPage(w, req, in, descs, 60)
	if !valid {
		return http.StatusBadRequest
	}
	body := map[string]any{"UserPoolClients": items}
	if next != "" {
		body["NextToken"] = next
	}
	return s.ok(w, amzJSON11, body)
}

func (s *Server) describeUserPoolClient(w http.ResponseWriter, req *request) int {
	p, status := s.pool(w, req)
	if p == nil {
		return status
	}
	in, valid := s.input(w, req)
	if !valid {
		return http.StatusBadRequest
	}
	for _, c := range p.Clients {
		if c["ClientId"] == in.ClientID {
			out := Object{"UserPoolId": req.resource}
			maps.Copy(out, c)
			return s.ok(w, amzJSON11, map[string]any{"UserPoolClient": out})
		}
	}
	s.fail(w, req, "ResourceNotFoundException", 0, "User pool client "+in.ClientID+" does not exist.")
	return http.StatusBadRequest
}

// describeUserPoolDomain answers with an empty DomainDescription for a domain
// nobody owns, as the API does.
func (s *Server) describeUserPoolDomain(w http.ResponseWriter, req *request) int {
	reg := s.region(req)
	for _, p := range reg.UserPools {
		for _, d := range p.Domains {
			if d["Domain"] == req.resource {
				return s.ok(w, amzJSON11, map[string]any{"DomainDescription": d})
			}
		}
	}
	return s.ok(w, amzJSON11, map[string]any{"DomainDescription": map[string]any{}})
}

func (s *Server) listResourceServers(w http.ResponseWriter, req *request) int {
	p, status := s.pool(w, req)
	if p == nil {
		return status
	}
	in, valid := s.input(w, req)
	if !valid {
		return http.StatusBadRequest
	}
	if in.MaxResults < 1 {
		// MaxResults is required by ListResourceServers.
		s.fail(w, req, "InvalidParameterException", 0, "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null")
		return http.StatusBadRequest
	}
	items, next, valid := s.cognitoPage(w, req, in, p.ResourceServers, 50)
	if !valid {
		return http.StatusBadRequest
	}
	body := map[string]any{"ResourceServers": items}
	if next != "" {
		body["NextToken"] = next
	}
	return s.ok(w, amzJSON11, body)
}
