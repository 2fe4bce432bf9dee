package live

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Defaults for Options fields left zero.
const (
	DefaultConcurrency     = 8
	DefaultCallTimeout     = 30 * time.Second
	DefaultMaxAttempts     = 6
	DefaultRoleSessionName = "authlint"
)

// Options configure a live scan.
type Options struct {
	// Profile is the shared-config profile; empty uses the SDK's default chain
	// (environment, AWS_PROFILE, SSO, web identity, container and instance
	// credentials).
	Profile string
	// Regions to scan. Empty means the region of the profile or environment.
	Regions []string
	// AllRegions scans every region of the partition (see Regions()). Regions
	// that are not enabled for an account are skipped, not failed.
	AllRegions bool
	// RoleARNs are roles to assume, one per account to scan. Empty scans the
	// account of the base credentials.
	RoleARNs []string
	// ExternalID is passed to every AssumeRole.
	ExternalID string
	// RoleSessionName names the assumed-role sessions (DefaultRoleSessionName).
	RoleSessionName string
	// APIIDs limits the scan to these REST API ids.
	APIIDs []string
	// EndpointURL replaces the endpoint of every service (an emulator). The
	// SDK's own AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> settings are
	// honoured when it is empty.
	EndpointURL string
	// Shard selects a part of the targets (zero value: all of them).
	Shard Shard
	// Concurrency bounds the targets, and the APIs of one target, read at once
	// (DefaultConcurrency).
	Concurrency int
	// CallTimeout bounds each attempt of each call, counted from when the rate
	// limiter lets it go (DefaultCallTimeout). A timed-out attempt is retried.
	CallTimeout time.Duration
	// MaxAttempts bounds the attempts per call, retries included
	// (DefaultMaxAttempts; AWS_MAX_ATTEMPTS / max_attempts when set there).
	MaxAttempts int
	// RetryBackoff replaces the SDK's exponential backoff between attempts
	// (tests use a zero backoff); nil keeps the SDK's.
	RetryBackoff retry.BackoffDelayer
	// Limits are the client-side rate limits (zero fields: DefaultLimits).
	Limits Limits
	// Progress receives a progress bar; nil for none. Pass a terminal only
	// (see ProgressWriter): the bar redraws one line with carriage returns.
	Progress io.Writer
	// Logger receives diagnostics; nil discards them. Response bodies are never
	// logged.
	Logger *slog.Logger
}

// Limits are requests per second (and bursts) the scanner allows itself.
type Limits struct {
	// APIGateway bounds every API Gateway call of one account, all regions
	// together.
	APIGateway      float64
	APIGatewayBurst int
	// GetResources bounds GetResources of one account.
	GetResources      float64
	GetResourcesBurst int
	// Cognito bounds Cognito calls of one account in one region.
	Cognito      float64
	CognitoBurst int
}

// DefaultLimits take 90% of the documented quotas: the quotas are what AWS
// enforces, and a scanner running at exactly that rate collects 429s from
// timing jitter alone, while the account's own deployments draw on the same
// budget.
//
// API Gateway, "quotas for creating, deploying and managing an API" (fixed,
// cannot be increased; docs.aws.amazon.com/apigateway/latest/developerguide/
// limits.html): GetResources "5 requests every 2 seconds per account"; every
// other read falls under "Other operations: no quota up to the total account
// quota" and "Total operations: 10 requests per second with a burst quota of
// 40 requests per second". The table says "per account", so one budget covers
// all regions of an account here.
//
// Cognito user pools (developerguide/quotas.html) meter per account and
// region by category: UserPoolRead, UserPoolClientRead and
// UserPoolResourceRead are 15–20 requests per second, with a community-reported
// 5 per second per pool and operation; 4.5 per second keeps under all of them.
func DefaultLimits() Limits {
	return Limits{
		APIGateway: 9, APIGatewayBurst: 36,
		// Burst 1: calls are spaced evenly, never five inside 2 seconds.
		GetResources: 2.25, GetResourcesBurst: 1,
		Cognito: 4.5, CognitoBurst: 4,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.APIGateway <= 0 {
		l.APIGateway, l.APIGatewayBurst = d.APIGateway, d.APIGatewayBurst
	}
	if l.GetResources <= 0 {
		l.GetResources, l.GetResourcesBurst = d.GetResources, d.GetResourcesBurst
	}
	if l.Cognito <= 0 {
		l.Cognito, l.CognitoBurst = d.Cognito, d.CognitoBurst
	}
	l.APIGatewayBurst = max(1, l.APIGatewayBurst)
	l.GetResourcesBurst = max(1, l.GetResourcesBurst)
	l.CognitoBurst = max(1, l.CognitoBurst)
	return l
}

var (
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	roleARNRE = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):role/[\w+=,.@/-]+$`)
	apiIDRE   = regexp.MustCompile(`^[a-z0-9]{1,32}$`)
)

// validate reports option values that cannot work, before any call is made.
func (o *Options) validate() error {
	var errs []error
	for _, r := range o.Regions {
		if !regionRE.MatchString(r) {
			errs = append(errs, fmt.Errorf("--region %q is not a region name (like eu-west-1)", r))
		}
	}
	if o.AllRegions && len(o.Regions) > 0 {
		errs = append(errs, errors.New("--region and --all-regions exclude each other"))
	}
	seen := map[string]string{}
	for _, a := range o.RoleARNs {
		m := roleARNRE.FindStringSubmatch(a)
		if m == nil {
			errs = append(errs, fmt.Errorf("--role-arn %q is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)", a))
			continue
		}
		if prev, dup := seen[m[2]]; dup {
			errs = append(errs, fmt.Errorf("--role-arn %s and %s are in the same account %s: give one role per account", prev, a, m[2]))
		}
		seen[m[2]] = a
	}
	if o.ExternalID != "" && len(o.RoleARNs) == 0 {
		errs = append(errs, errors.New("--external-id needs --role-arn"))
	}
	for _, id := range o.APIIDs {
		if !apiIDRE.MatchString(id) {
			errs = append(errs, fmt.Errorf("--api-id %q is not a REST API id (lower-case letters and digits)", id))
		}
	}
	if err := o.Shard.validate(); err != nil {
		errs = append(errs, err)
	}
	if o.Concurrency < 0 || o.CallTimeout < 0 || o.MaxAttempts < 0 {
		errs = append(errs, errors.New("concurrency, call timeout and attempts must not be negative"))
	}
	return errors.Join(errs...)
}

func (o Options) withDefaults() Options {
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.CallTimeout == 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.RoleSessionName == "" {
		o.RoleSessionName = DefaultRoleSessionName
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	o.Limits = o.Limits.withDefaults()
	return o
}
