package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/explain"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/live"
	"github.com/authlint/authlint/loader/registry"
)

// maxTokenSize bounds a token read from a file or standard input: Cognito
// tokens are a few kilobytes.
const maxTokenSize = 64 << 10

// ExplainOptions are the inputs of `authlint explain`.
type ExplainOptions struct {
	IO *IOStreams
	// Token is the header value, @FILE or - (standard input).
	Token string
	// Header is "Name: value", the whole request header.
	Header string
	Method string
	Stage  string
	API    string
	// Now is the time of the request (RFC 3339 or Unix seconds); empty is now.
	Now  string
	JWKS string
	// Format is text, json or markdown.
	Format  string
	Paths   []string
	Verbose bool
	Load    loadFlags
	// Live reads the method, authorizer, pools and clients from the account.
	Live liveFlags
	// TestInvoke calls TestInvokeAuthorizer (a write-level action) with --live.
	TestInvoke bool

	set func(name string) bool
}

// NewCmdExplain builds `authlint explain`.
func NewCmdExplain(streams *IOStreams, runF func(context.Context, *ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "explain --token T|@FILE|- --method 'VERB /path' SOURCE...",
		Short: "Explain why a token gets a 401 (or 403) on a method",
		Long: `Find the method a request reaches in the sources (OpenAPI, CloudFormation, SAM,
CDK output, authlint export files), and check the token against it the way API
Gateway's Cognito authorizer goes: the header, the token's shape, its
signature, its issuer against the authorizer's user pools, its expiry, ID vs
access token and scopes, the token validation expression, then the 403s that
come after the authorizer. The verdict comes first, then every step with
pass, FAIL, unknown or not checked, what API Gateway answers and the fix.

--token takes the header value as the client sends it ("Bearer eyJ…", with any
quotes or line breaks pasted by mistake: those are diagnosed), @FILE to read it
from a file, or - for standard input. --header 'Name: value' gives the whole
header instead, for a token sent in another header. The signature is verified
only against --jwks FILE (the user pool's jwks.json); without it the
signature is "not checked". authlint never fetches keys from a URL the token
names, never prints the token whole (its signature is shown as …) and never
writes it to disk.

With --live the method, authorizer, pools and clients come from the account
(read-only, as scan --live reads it), and the keys from the issuer URL of the
authorizer's own pool. --test-invoke also calls TestInvokeAuthorizer, a
write-level IAM action (apigateway:POST on the authorizer; see
docs/iam-test-invoke-policy.json), and shows API Gateway's answer beside the
verdict.

Exit codes:
  0  no check fails
  1  a check fails (the verdict names it)
  2  usage error, or the method is not in the sources
  3  some source could not be loaded`,
		Example: `  authlint explain --token "$ID_TOKEN" --method 'GET /pets/42' template.yaml
  authlint explain --token @token.txt --jwks jwks.json --method 'POST /orders' --stage prod openapi.yaml
  pbpaste | authlint explain --token - --method 'GET /pets' --format json infra/
  authlint explain --header 'authorizationToken: eyJ…' --method 'GET /pets' template.yaml
  authlint explain --live --region eu-west-1 --test-invoke --token @token.txt --method 'GET /pets' --stage prod`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.set = cmd.Flags().Changed
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runExplain(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Token, "token", "", "the header value: a token, \"Bearer <token>\", @FILE or - for standard input")
	f.StringVar(&opts.Header, "header", "", "the whole request header, 'Name: value' (instead of --token)")
	f.StringVar(&opts.Method, "method", "", "the request, 'VERB /path' (path parameters and {proxy+} match as in API Gateway)")
	f.StringVar(&opts.Stage, "stage", "", "the `STAGE` the request is sent to")
	f.StringVar(&opts.API, "api", "", "the API, by `NAME|ID` (or logical id), when the method is in several")
	f.StringVar(&opts.Now, "now", "", "the `TIME` of the request, RFC 3339 or Unix seconds (default: now)")
	f.StringVar(&opts.JWKS, "jwks", "", "verify the signature with this JWKS `FILE` (the pool's .well-known/jwks.json)")
	f.StringVarP(&opts.Format, "format", "f", "text", "output format: text, json or markdown")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list skipped files on standard error (never the token)")
	opts.Load.register(f)
	opts.Live.register(f)
	f.BoolVar(&opts.TestInvoke, "test-invoke", false, "with --live: also ask API Gateway to run the authorizer on the token (TestInvokeAuthorizer, a write-level IAM action: apigateway:POST on the authorizer)")
	return cmd
}

func (o *ExplainOptions) check() error {
	switch {
	case o.Token == "" && o.Header == "":
		return usageError("explain needs --token (or --header)")
	case o.Token != "" && o.Header != "":
		return usageError("give --token or --header, not both")
	case o.Method == "":
		return usageError("explain needs --method 'VERB /path'")
	case len(o.Paths) == 0 && !o.Live.Live:
		return usageError("explain needs at least one SOURCE (a file or a folder) that defines the API, or --live")
	case o.Format != "text" && o.Format != "json" && o.Format != "markdown":
		return usageError("unknown --format %q for explain (want text, json or markdown)", o.Format)
	}
	if err := o.Live.check(o.set, o.Paths, false); err != nil {
		return err
	}
	if o.TestInvoke && !o.Live.Live {
		return usageError("--test-invoke needs --live: it asks the account's API Gateway to run the authorizer")
	}
	for i, p := range o.Paths {
		// A token given where a SOURCE goes would be echoed as a missing file.
		if looksLikeToken(p) {
			if _, err := os.Stat(p); err != nil {
				return usageError("SOURCE %d looks like a token, not a file: give the token with --token", i+1)
			}
		}
		if p == "-" && o.Token == "-" {
			return usageError("standard input cannot carry both the token and a SOURCE")
		}
	}
	if _, err := explain.ParseRoute(o.Method); err != nil {
		return usageError("%v", err)
	}
	if _, err := parseNow(o.Now); err != nil {
		return usageError("%v", err)
	}
	return nil
}

// looksLikeToken is true for a compact JWT or a "Bearer …" value.
func looksLikeToken(s string) bool {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Bearer "))
	return strings.HasPrefix(s, "eyJ") && strings.Count(s, ".") >= 2
}

// parseNow reads --now.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		return time.Now(), nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--now %q: want RFC 3339 (2026-01-02T15:04:05Z) or Unix seconds", s)
	}
	return t, nil
}

// headerValue returns the header name and value the client sends.
func (o *ExplainOptions) headerValue() (string, string, error) {
	if o.Header != "" {
		name, value, ok := strings.Cut(o.Header, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return "", "", usageError("--header wants 'Name: value'")
		}
		// HTTP drops the whitespace between the colon and the value.
		return name, strings.TrimLeft(value, " \t"), nil
	}
	switch {
	case o.Token == "-":
		v, err := readToken(o.IO.In)
		if err != nil {
			return "", "", usageError("reading the token from standard input: %v", err)
		}
		return "Authorization", v, nil
	case strings.HasPrefix(o.Token, "@"):
		f, err := os.Open(o.Token[1:])
		if err != nil {
			return "", "", usageError("reading the token from %s: %v", o.Token[1:], errors.Unwrap(err))
		}
		defer f.Close()
		v, err := readToken(f)
		if err != nil {
			return "", "", usageError("reading the token from %s: %v", o.Token[1:], err)
		}
		return "Authorization", v, nil
	default:
		return "Authorization", o.Token, nil
	}
}

// readToken reads a token file: the final line break is the file's, not the
// token's.
func readToken(r io.Reader) (string, error) {
	if r == nil {
		return "", errors.New("not available")
	}
	b, err := io.ReadAll(io.LimitReader(r, maxTokenSize+1))
	if err != nil {
		return "", fmt.Errorf("reading: %w", err)
	}
	if len(b) > maxTokenSize {
		return "", fmt.Errorf("larger than %d KiB: not a token", maxTokenSize>>10)
	}
	s := strings.TrimSuffix(string(b), "\n")
	return strings.TrimSuffix(s, "\r"), nil
}

func runExplain(ctx context.Context, opts *ExplainOptions) error {
	route, err := explain.ParseRoute(opts.Method)
	if err != nil {
		return usageError("%v", err)
	}
	now, err := parseNow(opts.Now)
	if err != nil {
		return usageError("%v", err)
	}
	name, value, err := opts.headerValue()
	if err != nil {
		return err
	}
	var keys *explain.Keys
	if opts.JWKS != "" {
		data, err := os.ReadFile(opts.JWKS)
		if err != nil {
			return withCode(finding.ExitLoad, fmt.Errorf("reading the JWKS %s: %w", opts.JWKS, errors.Unwrap(err)))
		}
		if keys, err = explain.ParseKeys(data, opts.JWKS); err != nil {
			return withCode(finding.ExitLoad, fmt.Errorf("reading the JWKS: %w", err))
		}
	}
	regOpts, err := opts.Load.registryOptions()
	if err != nil {
		return err
	}
	diag := diagnostics{w: opts.IO.ErrOut, verbose: opts.Verbose}
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		return policyError(ctx, err)
	}
	res, err := opts.load(ctx, diag, regOpts)
	if err != nil {
		return err
	}
	for _, s := range res.Skipped {
		diag.verbosef("skipped %s: %s", s.Path, s.Reason)
	}
	rep := &finding.Report{LoadErrors: res.LoadErrors}
	rep.Normalize()
	diag.problems(rep)
	if ctx.Err() != nil {
		return interrupted(ctx)
	}
	sources := make([]explain.Source, 0, len(res.Loaded))
	for _, ld := range res.Loaded {
		sources = append(sources, explain.Source{Name: ld.Source, Inventory: ld.Inventory})
	}
	m, err := explain.FindMethod(sources, route, opts.API, opts.Stage)
	if err != nil {
		if len(rep.LoadErrors) > 0 {
			return withCode(finding.ExitLoad, fmt.Errorf("%w (and some sources could not be loaded)", err))
		}
		return withCode(finding.ExitUsage, err)
	}
	diag.verbosef("%s reaches %s %s of %s", route, valueOr(m.Method.HTTPMethod.Get()), valueOr(m.Method.Path.Get()), explain.APILabel(m.Source, m.API))
	if keys == nil && opts.Live.Live {
		keys = opts.liveKeys(ctx, diag, m, value)
	}
	result, err := explain.Explain(ctx, eng, explain.Request{
		HeaderName: name, Value: value, Route: route, API: opts.API, Stage: opts.Stage, Now: now, Keys: keys,
	}, m)
	if err != nil {
		return withCode(finding.ExitLoad, err)
	}
	result.LoadErrors = rep.LoadErrors
	if opts.TestInvoke {
		ti, err := opts.testInvoke(ctx, m, result, name, value)
		if err != nil {
			fmt.Fprintf(opts.IO.ErrOut, "authlint: %v\n", err)
			rep.LoadErrors = append(rep.LoadErrors, finding.LoadError{Input: m.Source, Reason: err.Error()})
		}
		result.TestInvoke = ti
	}
	switch opts.Format {
	case "json":
		err = explain.WriteJSON(opts.IO.Out, result)
	case "markdown":
		err = explain.WriteMarkdown(opts.IO.Out, result)
	default:
		err = explain.WriteText(opts.IO.Out, result)
	}
	if err != nil {
		return configError(err)
	}
	switch {
	case len(rep.LoadErrors) > 0 || len(result.RuleErrors) > 0:
		return withCode(finding.ExitLoad, nil)
	case result.Verdict.Status == explain.VerdictFail:
		return withCode(finding.ExitFindings, nil)
	}
	return nil
}

// load reads the sources: the files, or with --live the account.
func (o *ExplainOptions) load(ctx context.Context, diag diagnostics, regOpts registry.Options) (*scan.Result, error) {
	if o.Live.Live {
		return scanLive(ctx, &o.Live, o.IO, diag, nil, 0)
	}
	root, err := o.Load.root(o.Paths)
	if err != nil {
		return nil, err
	}
	diag.verbosef("scan root %s", root.Dir())
	return scan.Files(ctx, scan.Options{
		Root:        root,
		Paths:       o.Paths,
		Stdin:       o.IO.In,
		MaxFileSize: int64(o.Load.MaxFileSize),
		Loaders:     registry.Files(regOpts),
		Workers:     o.Load.Workers,
	}, nil, true), nil
}

// liveKeys fetches the keys of the pool that issued the token, from the
// issuer URL derived from the authorizer's provider ARN for that pool (never
// from the token's own iss). Without such a pool, or when the fetch fails,
// the signature stays not checked.
func (o *ExplainOptions) liveKeys(ctx context.Context, diag diagnostics, m *explain.Match, value string) *explain.Keys {
	arn, ok := explain.PoolARNForToken(m, value)
	if !ok {
		diag.verbosef("no JWKS fetched: the token's issuer is not a pool the authorizer lists")
		return nil
	}
	endpoint := strings.TrimSpace(o.Live.EndpointURL)
	if endpoint == "" {
		endpoint = strings.TrimSpace(os.Getenv("AWS_ENDPOINT_URL"))
	}
	url, err := explain.JWKSURL(arn, endpoint)
	if err != nil {
		diag.verbosef("no JWKS fetched: %v", err)
		return nil
	}
	diag.verbosef("fetching the JWKS of %s", arn)
	keys, err := explain.FetchKeys(ctx, &http.Client{Timeout: 15 * time.Second}, url)
	if err != nil {
		fmt.Fprintf(o.IO.ErrOut, "authlint: the signature is not checked: %v\n", err)
		return nil
	}
	return keys
}

// testInvoke asks API Gateway to run the method's authorizer on the value,
// with the stage's variables when --stage names one.
func (o *ExplainOptions) testInvoke(ctx context.Context, m *explain.Match, res *explain.Result, header, value string) (*explain.TestInvoke, error) {
	apiID, _ := m.API.ID.Get()
	if res.Authorizer == nil || res.Authorizer.ID == "" || apiID == "" || m.API.Region == "" {
		return nil, errors.New("--test-invoke: the method has no authorizer with an id to test")
	}
	vars := map[string]string{}
	for _, st := range m.API.Stages {
		if n, _ := st.Name.Get(); n == o.Stage && o.Stage != "" {
			for _, v := range st.Variables {
				if s, ok := v.Value.Get(); ok {
					vars[v.Name] = s
				}
			}
		}
	}
	lopts, err := o.Live.options(o.IO, o.Verbose)
	if err != nil {
		return nil, err
	}
	lopts.Progress = nil
	out, err := live.TestInvokeAuthorizer(ctx, lopts, live.TestInvokeRequest{
		Region: m.API.Region, RestAPIID: apiID, AuthorizerID: res.Authorizer.ID,
		Header: header, Value: value, StageVariables: vars,
	})
	if err != nil {
		return nil, fmt.Errorf("--test-invoke: %w", err)
	}
	return &explain.TestInvoke{ClientStatus: out.ClientStatus, Claims: out.Claims, LatencyMS: out.LatencyMS}, nil
}

func valueOr(v string, ok bool) string {
	if !ok {
		return "?"
	}
	return v
}
