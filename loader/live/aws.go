package live

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// loadBaseConfig resolves credentials and settings through the SDK's default
// chain, then fixes what the scanner decides itself: the standard retryer
// (adaptive mode adds seconds of client-side delay after a single throttle),
// no wire logging (a DescribeUserPoolClient response body holds the client
// secret) and the endpoint override.
func loadBaseConfig(ctx context.Context, opts *Options) (aws.Config, error) {
	var lo []func(*config.LoadOptions) error
	if opts.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(opts.Profile))
	}
	if len(opts.Regions) > 0 {
		lo = append(lo, config.WithRegion(opts.Regions[0]))
	}
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if opts.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(opts.EndpointURL)
	}
	if cfg.Credentials != nil {
		// Missing credentials get a message that says what to set.
		cfg.Credentials = aws.NewCredentialsCache(guardedCredentials{p: cfg.Credentials})
	}
	attempts := opts.MaxAttempts
	if attempts == 0 {
		attempts = cfg.RetryMaxAttempts
	}
	if attempts == 0 {
		attempts = DefaultMaxAttempts
	}
	cfg.RetryMaxAttempts = 0 // applied by the retryer below, not a second time by each client
	backoff := opts.RetryBackoff
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			if backoff != nil {
				o.Backoff = backoff
			}
		})
	}
	cfg.ClientLogMode = 0
	return cfg, nil
}

// principal is one set of credentials: the base credentials, or a role
// assumed with them.
type principal struct {
	roleARN string
	cfg     aws.Config

	once    sync.Once
	account string
	err     error
}

// identify finds (and for a role, proves) the principal's account with
// sts:GetCallerIdentity, once.
func (p *principal) identify(ctx context.Context, s *scanner) (string, error) {
	p.once.Do(func() {
		c := sts.NewFromConfig(p.cfg, func(o *sts.Options) { o.APIOptions = append(o.APIOptions, s.stack("", p.cfg.Region)...) })
		out, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		switch {
		case err != nil && p.roleARN != "":
			p.err = fmt.Errorf("assuming role %s: %s", p.roleARN, reason(err))
		case err != nil:
			p.err = fmt.Errorf("identifying the account of the credentials (sts:GetCallerIdentity): %s", reason(err))
		case out.Account == nil || *out.Account == "":
			p.err = errors.New("sts:GetCallerIdentity returned no account")
		default:
			p.account = *out.Account
		}
	})
	return p.account, p.err
}

// newPrincipals returns the base principal, or one per role.
func newPrincipals(base aws.Config, opts *Options, s *scanner) []*principal {
	if len(opts.RoleARNs) == 0 {
		return []*principal{{cfg: base}}
	}
	stsClient := sts.NewFromConfig(base, func(o *sts.Options) { o.APIOptions = append(o.APIOptions, s.stack("", base.Region)...) })
	out := make([]*principal, 0, len(opts.RoleARNs))
	for _, arn := range opts.RoleARNs {
		cfg := base.Copy()
		provider := stscreds.NewAssumeRoleProvider(stsClient, arn, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = opts.RoleSessionName
			if opts.ExternalID != "" {
				o.ExternalID = aws.String(opts.ExternalID)
			}
		})
		cfg.Credentials = aws.NewCredentialsCache(provider)
		p := &principal{roleARN: arn, cfg: cfg}
		// The account is part of the ARN; the first call proves the role.
		p.account = roleARNRE.FindStringSubmatch(arn)[2]
		out = append(out, p)
	}
	return out
}

func (s *scanner) apigateway(p *principal, account, region string) *apigateway.Client {
	return apigateway.NewFromConfig(p.cfg, func(o *apigateway.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, s.stack(account, region)...)
	})
}

func (s *scanner) apigatewayv2(p *principal, account, region string) *apigatewayv2.Client {
	return apigatewayv2.NewFromConfig(p.cfg, func(o *apigatewayv2.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, s.stack(account, region)...)
	})
}

func (s *scanner) cognito(p *principal, account, region string) *cognitoidentityprovider.Client {
	return cognitoidentityprovider.NewFromConfig(p.cfg, func(o *cognitoidentityprovider.Options) {
		o.Region = region
		o.APIOptions = append(o.APIOptions, s.stack(account, region)...)
	})
}

// stack adds the read-only guard and the attempt middleware to a client.
func (s *scanner) stack(account, region string) []func(*middleware.Stack) error {
	return []func(*middleware.Stack) error{
		func(st *middleware.Stack) error { return st.Initialize.Add(guard(), middleware.Before) },
		func(st *middleware.Stack) error {
			// After the retry loop, so every attempt waits for the limiter and
			// has its own timeout; before signing, so a long wait does not age
			// the signature.
			return st.Finalize.Insert(s.attempt(account, region), "Signing", middleware.Before)
		},
	}
}

// attemptTimeout is an attempt that got no answer in time. It is retryable
// (the SDK would not retry the cancellation it would otherwise see).
type attemptTimeout struct{ after time.Duration }

func (e *attemptTimeout) Error() string {
	return fmt.Sprintf("no answer within %s", e.after)
}

// RetryableError tells the SDK's retryer to try again.
func (*attemptTimeout) RetryableError() bool { return true }

// attempt waits for the account's rate limiter, counts the attempt, and bounds
// it with the call timeout.
func (s *scanner) attempt(account, region string) middleware.FinalizeMiddleware {
	return middleware.FinalizeMiddlewareFunc("AuthlintAttempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			service, op := middleware.GetServiceID(ctx), middleware.GetOperationName(ctx)
			if err := s.limits.wait(ctx, account, region, service, op); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("waiting for the rate limiter: %w", err)
			}
			actx, cancel := context.WithTimeout(ctx, s.opts.CallTimeout)
			defer cancel()
			out, md, err := next.HandleFinalize(actx, in)
			timedOut := err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded)
			s.stats.attempt(service, op, err, timedOut)
			if timedOut {
				err = &attemptTimeout{after: s.opts.CallTimeout}
			}
			return out, md, err
		})
}

// limiters hold the client-side rate limits: per account for API Gateway
// (the quotas are per account), per account and region for Cognito.
type limiters struct {
	l            Limits
	mu           sync.Mutex
	apigw        map[string]*rate.Limiter
	getResources map[string]*rate.Limiter
	cognito      map[string]*rate.Limiter
}

func newLimiters(l Limits) *limiters {
	return &limiters{l: l, apigw: map[string]*rate.Limiter{}, getResources: map[string]*rate.Limiter{}, cognito: map[string]*rate.Limiter{}}
}

func (x *limiters) get(m map[string]*rate.Limiter, key string, r float64, burst int) *rate.Limiter {
	x.mu.Lock()
	defer x.mu.Unlock()
	l := m[key]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(r), burst)
		m[key] = l
	}
	return l
}

func (x *limiters) wait(ctx context.Context, account, region, service, op string) error {
	switch service {
	case serviceAPIGateway, serviceAPIGatewayV2:
		// One control plane: HTTP APIs count against the same account quota.
		if op == "GetResources" {
			if err := x.get(x.getResources, account, x.l.GetResources, x.l.GetResourcesBurst).Wait(ctx); err != nil {
				return err //nolint:wrapcheck // wrapped by the caller
			}
		}
		return x.get(x.apigw, account, x.l.APIGateway, x.l.APIGatewayBurst).Wait(ctx) //nolint:wrapcheck // wrapped by the caller
	case serviceCognito:
		return x.get(x.cognito, account+"/"+region, x.l.Cognito, x.l.CognitoBurst).Wait(ctx) //nolint:wrapcheck // wrapped by the caller
	}
	return nil
}

// Stats count what a scan sent.
type Stats struct {
	// Attempts per "Service Operation" (retries included).
	Attempts map[string]int
	// Throttled counts attempts AWS answered with a throttling error.
	Throttled int
	// TimedOut counts attempts that got no answer within the call timeout.
	TimedOut int
}

// Total is the number of attempts.
func (s Stats) Total() int {
	n := 0
	for _, v := range s.Attempts {
		n += v
	}
	return n
}

// Operations lists the operations attempted, sorted.
func (s Stats) Operations() []string {
	out := make([]string, 0, len(s.Attempts))
	for k := range s.Attempts {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type statsCollector struct {
	mu sync.Mutex
	s  Stats
}

func (c *statsCollector) attempt(service, op string, err error, timedOut bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s.Attempts == nil {
		c.s.Attempts = map[string]int{}
	}
	c.s.Attempts[service+" "+op]++
	if timedOut {
		c.s.TimedOut++
	} else if err != nil && classify(err) == kindThrottled {
		c.s.Throttled++
	}
}

func (c *statsCollector) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := Stats{Attempts: make(map[string]int, len(c.s.Attempts)), Throttled: c.s.Throttled, TimedOut: c.s.TimedOut}
	maps.Copy(out.Attempts, c.s.Attempts)
	return out
}
