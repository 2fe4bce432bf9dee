package live

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/smithy-go/middleware"
)

// TestInvokeRequest names an authorizer to run on a header value.
type TestInvokeRequest struct {
	Region       string
	RestAPIID    string
	AuthorizerID string
	// Header is the authorizer's identity header; Value what the client sends.
	Header string
	Value  string
	// StageVariables fill ${stageVariables.X} in the provider ARNs.
	StageVariables map[string]string
}

// TestInvokeResult is what API Gateway answered. The execution log is left
// out: it may repeat the token.
type TestInvokeResult struct {
	// ClientStatus is the status the client would get: 0 (or 200) when the
	// authorizer accepts the token.
	ClientStatus int
	Claims       map[string]string
	LatencyMS    int64
}

// TestInvokeAuthorizer calls API Gateway's TestInvokeAuthorizer: API Gateway
// runs the authorizer (as configured now, not as a stage deployed it) on the
// value. It is a write-level IAM action (apigateway:POST on the authorizer),
// the only one authlint makes, and only when the user asks: the client built
// here lets exactly this operation through besides the reads. It uses the
// base credentials (no role is assumed).
func TestInvokeAuthorizer(ctx context.Context, opts Options, req TestInvokeRequest) (*TestInvokeResult, error) {
	if len(opts.RoleARNs) > 0 {
		return nil, errors.New("testing an authorizer uses the base credentials: --role-arn is not supported with it")
	}
	cfg, err := loadBaseConfig(ctx, &opts)
	if err != nil {
		return nil, err
	}
	client := apigateway.NewFromConfig(cfg, func(o *apigateway.Options) {
		o.Region = req.Region
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Initialize.Add(guard(testInvoke), middleware.Before)
		})
	})
	out, err := client.TestInvokeAuthorizer(ctx, &apigateway.TestInvokeAuthorizerInput{
		RestApiId:      aws.String(req.RestAPIID),
		AuthorizerId:   aws.String(req.AuthorizerID),
		Headers:        map[string]string{req.Header: req.Value},
		StageVariables: req.StageVariables,
	})
	if err != nil {
		return nil, fmt.Errorf("TestInvokeAuthorizer on authorizer %s of REST API %s: %s", req.AuthorizerID, req.RestAPIID, reason(err))
	}
	return &TestInvokeResult{ClientStatus: int(out.ClientStatus), Claims: out.Claims, LatencyMS: out.Latency}, nil
}
