package live

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"golang.org/x/sync/errgroup"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// Result is what a live scan read.
type Result struct {
	// Inventories has one inventory per account and region that could be
	// listed, sorted by account and region. Its first Source is the target
	// (Kind live), so scan.SourceName names it live:ACCOUNT/REGION.
	Inventories []*model.Inventory
	// LoadErrors name what could not be read (a target, an API, a user pool,
	// a stage's deployed snapshot) and why, sorted.
	LoadErrors []finding.LoadError
	// Targets are the accounts and regions of this shard.
	Targets []Target
	// Skipped are targets passed over on purpose (an opt-in region the
	// account has not enabled, under --all-regions).
	Skipped []Skip
	// Stats count the calls made.
	Stats Stats
}

// Skip is a target that was not scanned, and why.
type Skip struct {
	Target Target
	Reason string
}

type scanner struct {
	opts     Options
	log      *slog.Logger
	limits   *limiters
	stats    statsCollector
	progress *progress

	principals []*principal
	pools      poolCache

	mu         sync.Mutex
	loadErrors []finding.LoadError
	skipped    []Skip
	foundAPIs  map[string]bool
}

// Scan reads the accounts and regions opts names (this shard of them). The
// error is for what stops the scan before it starts (invalid options, no
// region, an AWS configuration that does not load); whatever fails once it
// runs is in Result.LoadErrors, and the rest is still read.
func Scan(ctx context.Context, opts Options) (*Result, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	s := &scanner{
		opts:      opts,
		log:       opts.Logger,
		limits:    newLimiters(opts.Limits),
		progress:  newProgress(opts.Progress),
		foundAPIs: map[string]bool{},
	}
	base, err := loadBaseConfig(ctx, &s.opts)
	if err != nil {
		return nil, err
	}
	regions, err := resolveRegions(&s.opts, &base)
	if err != nil {
		return nil, err
	}
	// The base configuration's region only serves STS (every other client
	// names its region). An opt-in region the account has not enabled would
	// refuse even GetCallerIdentity, so identify through a region every
	// account has.
	if optIn(base.Region) {
		base.Region = "us-east-1"
	}
	s.principals = newPrincipals(base, &s.opts, s)
	var all []Target
	for _, p := range s.principals {
		for _, r := range regions {
			all = append(all, Target{Account: p.account, Region: r, Partition: partitionOf(r), RoleARN: p.roleARN})
		}
	}
	mine := s.opts.Shard.Split(all)
	s.log.Info("live scan", "targets", len(mine), "of", len(all), "shard", s.opts.Shard.String())
	s.progress.targets(len(mine))

	invs := make([]*model.Inventory, len(mine))
	g := errgroup.Group{}
	g.SetLimit(s.opts.Concurrency)
	for i := range mine {
		g.Go(func() error {
			invs[i] = s.scanTarget(ctx, &mine[i])
			s.progress.targetDone()
			return nil
		})
	}
	_ = g.Wait() // the goroutines report failures as load errors, never as errors
	s.progress.finish()

	res := &Result{Targets: mine, Stats: s.stats.snapshot()}
	for _, inv := range invs {
		if inv != nil {
			res.Inventories = append(res.Inventories, inv)
		}
	}
	s.reportMissingAPIs()
	res.LoadErrors, res.Skipped = s.loadErrors, s.skipped
	slices.SortFunc(res.LoadErrors, func(a, b finding.LoadError) int {
		return cmp.Or(strings.Compare(a.Input, b.Input), strings.Compare(a.Reason, b.Reason))
	})
	slices.SortFunc(res.Skipped, func(a, b Skip) int { return compareTargets(a.Target, b.Target) })
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("live scan interrupted: %w", err)
	}
	return res, nil
}

// resolveRegions decides the regions to scan, and the region the base
// credentials use for STS.
func resolveRegions(opts *Options, base *aws.Config) ([]string, error) {
	switch {
	case len(opts.Regions) > 0:
		out := slices.Clone(opts.Regions)
		slices.Sort(out)
		return slices.Compact(out), nil
	case opts.AllRegions:
		if base.Region == "" {
			base.Region = "us-east-1"
		}
		return Regions(partitionOf(base.Region)), nil
	case base.Region != "":
		return []string{base.Region}, nil
	}
	return nil, errors.New("no region to scan: pass --region (or --all-regions), or set AWS_REGION or a region in the profile")
}

func (s *scanner) fail(input, reason string) {
	s.log.Warn("could not read", "input", input, "reason", reason)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loadErrors = append(s.loadErrors, finding.LoadError{Input: input, Reason: reason})
}

func (s *scanner) principalFor(t *Target) *principal {
	for _, p := range s.principals {
		if p.roleARN == t.RoleARN {
			return p
		}
	}
	return s.principals[0]
}

// scanTarget reads one account and region; nil when nothing could be listed.
func (s *scanner) scanTarget(ctx context.Context, t *Target) *model.Inventory {
	p := s.principalFor(t)
	acct, err := p.identify(ctx, s)
	if acct != "" {
		t.Account = acct
	}
	if err != nil {
		s.fail(t.Name(), err.Error())
		return nil
	}
	log := s.log.With("account", t.Account, "region", t.Region)
	c := s.apigateway(p, t.Account, t.Region)
	apis, err := listRestAPIs(ctx, c)
	if err != nil {
		if s.opts.AllRegions && optIn(t.Region) && classify(err) == kindNotEnabled {
			log.Info("region not enabled for the account; skipped")
			s.mu.Lock()
			s.skipped = append(s.skipped, Skip{Target: *t, Reason: "opt-in region not enabled for the account (" + reason(err) + ")"})
			s.mu.Unlock()
			return nil
		}
		s.fail(t.Name(), "listing REST APIs (GetRestApis): "+reason(err))
		return nil
	}
	apis = s.filterAPIs(apis)
	log.Info("listed REST APIs", "count", len(apis))
	s.progress.addAPIs(len(apis))

	reads := make([]*model.RestAPI, len(apis))
	g := errgroup.Group{}
	g.SetLimit(s.opts.Concurrency)
	for i := range apis {
		g.Go(func() error {
			reads[i] = s.readAPI(ctx, c, t, apis[i])
			s.progress.apiDone()
			return nil
		})
	}
	_ = g.Wait() // failures are load errors

	httpReads := s.scanHTTPAPIs(ctx, p, t)
	pools := s.resolvePools(ctx, p, t, reads, httpPoolKeys(t, httpReads))
	return s.assemble(t, reads, httpReads, pools)
}

func listRestAPIs(ctx context.Context, c *apigateway.Client) ([]types.RestApi, error) {
	var out []types.RestApi
	err := pages(func(pos *string) (*string, error) {
		page, err := c.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(500), Position: pos})
		if err != nil {
			return nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		out = append(out, page.Items...)
		return page.Position, nil
	})
	slices.SortFunc(out, func(a, b types.RestApi) int { return strings.Compare(aws.ToString(a.Id), aws.ToString(b.Id)) })
	return out, err
}

func (s *scanner) filterAPIs(apis []types.RestApi) []types.RestApi {
	if len(s.opts.APIIDs) == 0 {
		return apis
	}
	out := apis[:0]
	for _, a := range apis {
		if slices.Contains(s.opts.APIIDs, aws.ToString(a.Id)) {
			out = append(out, a)
			s.mu.Lock()
			s.foundAPIs[aws.ToString(a.Id)] = true
			s.mu.Unlock()
		}
	}
	return out
}

// reportMissingAPIs turns an --api-id found nowhere into a load error, so a
// typo does not pass as "no findings". With shards, another shard may hold
// the API, so it is only logged.
func (s *scanner) reportMissingAPIs() {
	for _, id := range s.opts.APIIDs {
		if s.foundAPIs[id] {
			continue
		}
		if s.opts.Shard.Count > 1 {
			s.log.Warn("REST API not found in this shard's targets", "apiId", id)
			continue
		}
		s.fail("live:restapis/"+id, "no REST API or HTTP API with this id in the scanned accounts and regions")
	}
}

// pages calls fetch with each page position until there is none, and stops a
// service that hands back a position it already gave.
func pages(fetch func(pos *string) (*string, error)) error {
	var pos *string
	seen := map[string]bool{}
	for {
		next, err := fetch(pos)
		if err != nil {
			return err
		}
		if next == nil || *next == "" {
			return nil
		}
		if seen[*next] {
			return fmt.Errorf("the service repeated the page position %q", *next)
		}
		seen[*next] = true
		pos = next
	}
}
