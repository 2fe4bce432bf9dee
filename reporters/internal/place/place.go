package place

import (
	"strings"

	"github.com/authlint/authlint/internal/finding"
)

// kindWords are how resource kinds read inside a sentence.
var kindWords = map[string]string{
	"authorizer":      "authorizer",
	"deployment":      "deployment",
	"gatewayResponse": "gateway response",
	"resourcePolicy":  "resource policy",
}

// Live names a finding about a live resource: the input (account and
// region), then the REST API with the stage and method, or the resource part
// of the ARN for Cognito objects:
//
//	live:123456789012/us-east-1 restapis/a1b2c3d4e5 stage prod
//	live:123456789012/us-east-1 restapis/a1b2c3d4e5 DELETE /pets/{id}
//	live:123456789012/us-east-1 restapis/a1b2c3d4e5 authorizer NoPool
//	live:123456789012/us-east-1 apis/h1t2t3p4a5 GET /orders
//	live:123456789012/us-east-1 userpool/us-east-1_AAAAAAAAA/client/2example
//
// ok is false for findings that point into a file or do not come from a live
// input; their file and line say where they are.
func Live(f *finding.Finding) (string, bool) {
	if f.Location.File != "" || !strings.HasPrefix(f.Source, "live:") {
		return "", false
	}
	r := &f.Resource
	parts := []string{f.Source}
	switch {
	case r.APIID != "":
		collection := "restapis/"
		if strings.Contains(r.ARN, "::/apis/") {
			// An HTTP API (API Gateway v2).
			collection = "apis/"
		}
		parts = append(parts, collection+r.APIID)
		if r.Stage != "" {
			parts = append(parts, "stage "+r.Stage)
		}
		switch r.Kind {
		case "restApi", "httpApi", "stage":
		case "method", "route":
			if m := firstNonEmpty(r.Method, r.Name); m != "" {
				parts = append(parts, m)
			}
		default:
			words := kindWords[r.Kind]
			if words == "" {
				words = r.Kind
			}
			parts = append(parts, strings.TrimSpace(words+" "+r.Name))
		}
	case arnResource(r.ARN) != "":
		parts = append(parts, arnResource(r.ARN))
	case r.Ref != "":
		parts = append(parts, r.Ref)
	}
	return strings.Join(parts, " "), true
}

// arnResource is the resource part of an ARN (after the fifth colon), or "".
func arnResource(arn string) string {
	if !strings.HasPrefix(arn, "arn:") {
		return ""
	}
	p := strings.SplitN(arn, ":", 6)
	if len(p) < 6 {
		return ""
	}
	return strings.TrimPrefix(p[5], "/")
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
