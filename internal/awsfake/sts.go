package awsfake

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// routeSTS dispatches a query-protocol request (form-encoded Action).
func (s *Server) routeSTS(req *request) (string, handler) {
	form, err := url.ParseQuery(string(req.body))
	if err != nil || req.r.Method != http.MethodPost {
		return "Unknown", nil
	}
	op := form.Get("Action")
	switch op {
	case "GetCallerIdentity":
		return op, s.getCallerIdentity
	case "AssumeRole":
		req.resource = form.Get("RoleArn")
		return op, s.assumeRole
	}
	return op, nil
}

func (s *Server) getCallerIdentity(w http.ResponseWriter, req *request) int {
	if req.account == "" {
		s.fail(w, req, "InvalidClientTokenId", 0, "The security token included in the request is invalid.")
		return http.StatusForbidden
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::%s:user/authlint</Arn>
    <UserId>AIDAFAKEUSERID</UserId>
    <Account>%s</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`, req.account, req.account, s.requestID())
	return http.StatusOK
}

// assumeRole issues fresh credentials for a role of the scenario; requests
// signed with them are routed to the role's account.
func (s *Server) assumeRole(w http.ResponseWriter, req *request) int {
	if req.account == "" {
		s.fail(w, req, "InvalidClientTokenId", 0, "The security token included in the request is invalid.")
		return http.StatusForbidden
	}
	form, _ := url.ParseQuery(string(req.body)) // parsed once already by the router
	arn, session, ext := form.Get("RoleArn"), form.Get("RoleSessionName"), form.Get("ExternalId")
	var role *Role
	var account string
	for i := range s.scn.Accounts {
		for j := range s.scn.Accounts[i].Roles {
			if s.scn.Accounts[i].Roles[j].ARN == arn {
				role, account = &s.scn.Accounts[i].Roles[j], s.scn.Accounts[i].ID
			}
		}
	}
	if role == nil || (role.ExternalID != "" && role.ExternalID != ext) {
		s.fail(w, req, "AccessDenied", 0, fmt.Sprintf("User: arn:aws:iam::%s:user/authlint is not authorized to perform: sts:AssumeRole on resource: %s", req.account, arn))
		return http.StatusForbidden
	}
	s.mu.Lock()
	s.issued++
	akid := fmt.Sprintf("ASIAFAKE%012d", s.issued)
	s.keys[akid] = account
	s.mu.Unlock()
	name := arn[strings.LastIndex(arn, "/")+1:]
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn>
      <AssumedRoleId>AROAFAKEROLEID:%s</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>%s</AccessKeyId>
      <SecretAccessKey>fake-secret-access-key</SecretAccessKey>
      <SessionToken>fake-session-token</SessionToken>
      <Expiration>%s</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>
</AssumeRoleResponse>`, account, xmlEscape(name), xmlEscape(session), xmlEscape(session), akid,
		time.Now().Add(time.Hour).UTC().Format(time.RFC3339), s.requestID())
	return http.StatusOK
}
