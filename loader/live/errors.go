package live

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

type errKind int

const (
	kindOther         errKind = iota
	kindDenied                // credentials or permissions
	kindThrottled             // throttled, retries exhausted
	kindNotFound              // the resource does not exist
	kindTimeout               // no answer in time
	kindCanceled              // the scan itself was canceled
	kindNotEnabled            // the credentials are not valid in this region (opt-in region not enabled)
	kindNoCredentials         // the SDK's chain found no usable credentials
)

// noCredentialsMessage says what to set when the SDK's credential chain
// found nothing usable. The SDK's own text (a list of every provider it
// tried, with endpoints and IMDS details) is left out: it does not say what
// to do.
const noCredentialsMessage = "no AWS credentials found (the AWS SDK's chain: environment, shared config and credentials files, SSO, web identity, container and instance roles): " +
	"set AWS_PROFILE or --profile (after aws sso login for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, " +
	"or run where a role is provided (EC2 instance profile, ECS or EKS task role, GitHub Actions OIDC with aws-actions/configure-aws-credentials); see docs/live-scanning.md"

// noCredentialsError marks a failure of the base credential provider, so it
// is told apart from API errors of the calls that used it.
type noCredentialsError struct{ err error }

func (e *noCredentialsError) Error() string { return "retrieving AWS credentials: " + e.err.Error() }
func (e *noCredentialsError) Unwrap() error { return e.err }

// guardedCredentials wraps the SDK's credential chain so that its failures
// carry noCredentialsError.
type guardedCredentials struct{ p aws.CredentialsProvider }

func (g guardedCredentials) Retrieve(ctx context.Context) (aws.Credentials, error) {
	c, err := g.p.Retrieve(ctx)
	switch {
	case err == nil:
		return c, nil
	case ctx.Err() != nil:
		return c, fmt.Errorf("retrieving AWS credentials: %w", err)
	default:
		return c, &noCredentialsError{err: err}
	}
}

var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedException": true,
	"UnauthorizedOperation": true, "NotAuthorizedException": true, "MissingAuthenticationTokenException": true,
	"ExpiredToken": true, "ExpiredTokenException": true, "RequestExpired": true,
	"InvalidSignatureException": true, "SignatureDoesNotMatch": true,
}

// invalidTokenCodes mean "these credentials are not valid here": bad keys,
// or an opt-in region the account has not enabled.
var invalidTokenCodes = map[string]bool{
	"UnrecognizedClientException": true, "InvalidClientTokenId": true, "AuthFailure": true,
}

var throttleCodes = map[string]bool{
	"TooManyRequestsException": true, "ThrottlingException": true, "Throttling": true,
	"ThrottledException": true, "RequestThrottledException": true, "LimitExceededException": true,
	"RequestLimitExceeded": true, "SlowDown": true,
}

var notFoundCodes = map[string]bool{
	"NotFoundException": true, "ResourceNotFoundException": true,
}

func apiCode(err error) (code, msg string, ok bool) {
	if ae, ok := errors.AsType[smithy.APIError](err); ok {
		return ae.ErrorCode(), ae.ErrorMessage(), true
	}
	return "", "", false
}

func classify(err error) errKind {
	var (
		to *attemptTimeout
		qe *ratelimit.QuotaExceededError
	)
	if _, ok := errors.AsType[*noCredentialsError](err); ok {
		return kindNoCredentials
	}
	switch {
	case errors.As(err, &to):
		return kindTimeout
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return kindCanceled
	case errors.As(err, &qe):
		return kindThrottled
	}
	if code, _, ok := apiCode(err); ok {
		switch {
		case deniedCodes[code]:
			return kindDenied
		case invalidTokenCodes[code]:
			return kindNotEnabled
		case throttleCodes[code]:
			return kindThrottled
		case notFoundCodes[code]:
			return kindNotFound
		}
	}
	return kindOther
}

// reason explains a failed call in one sentence, without the SDK's request
// ids and wrapping, with a hint where one helps. It never includes a response
// body: for the operations the scanner calls, the error message is AWS's own.
func reason(err error) string {
	attempts := ""
	if me, ok := errors.AsType[*retry.MaxAttemptsError](err); ok {
		attempts = fmt.Sprintf(" (%d attempts)", me.Attempt)
	}
	code, msg, isAPI := apiCode(err)
	detail := ""
	if isAPI {
		detail = code
		if msg != "" && msg != code {
			detail += ": " + msg
		}
	}
	switch classify(err) {
	case kindDenied:
		return "access denied (" + detail + "); grant the read-only permissions of docs/iam-policy.json"
	case kindNotEnabled:
		return "the credentials are not valid here (" + detail + "): wrong or expired keys, or a region not enabled for the account"
	case kindThrottled:
		if isAPI {
			return "throttled by AWS" + attempts + " (" + detail + ")"
		}
		return "throttled by AWS: the SDK's retry budget ran out (" + err.Error() + ")"
	case kindNotFound:
		return "not found (" + detail + ")"
	case kindTimeout:
		var to *attemptTimeout
		errors.As(err, &to)
		return to.Error() + attempts
	case kindCanceled:
		return "the scan was canceled before the call finished"
	case kindNoCredentials:
		return noCredentialsMessage
	case kindOther:
	}
	if isAPI {
		return detail + attempts
	}
	// Transport errors: keep the innermost message (connection refused, …).
	var oe *smithy.OperationError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	return strings.TrimPrefix(err.Error(), "https response error ") + attempts
}
