package live

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"golang.org/x/sync/errgroup"

	"github.com/authlint/authlint/internal/model"
)

// poolKey identifies a user pool by the parts of its ARN.
type poolKey struct{ partition, account, region, id string }

func (k poolKey) arn() string {
	return fmt.Sprintf("arn:%s:cognito-idp:%s:%s:userpool/%s", k.partition, k.region, k.account, k.id)
}

var poolARNRE = regexp.MustCompile(`^arn:([a-z-]+):cognito-idp:([a-z0-9-]+):(\d{12}):userpool/([a-z0-9-]+_[0-9A-Za-z]+)$`)

// parsePoolARN reads a provider ARN; ok is false for anything that is not a
// literal user-pool ARN (a stage variable, an identity pool, a bare pool id),
// which the policies judge from the ARN itself.
func parsePoolARN(arn string) (poolKey, bool) {
	m := poolARNRE.FindStringSubmatch(arn)
	if m == nil {
		return poolKey{}, false
	}
	return poolKey{partition: m[1], region: m[2], account: m[3], id: m[4]}, true
}

// poolResult is what reading one pool gave.
type poolResult struct {
	// link is the pool's ref, or why there is none (Missing: the account says
	// the pool does not exist; Unknown: it could not be read).
	link    model.Link
	pool    *model.UserPool
	clients []model.AppClient
	servers []model.ResourceServer
	domains []model.UserPoolDomain
}

// poolCache reads each pool once per scan, however many targets name it.
type poolCache struct {
	mu sync.Mutex
	m  map[poolKey]*poolEntry
}

type poolEntry struct {
	once sync.Once
	res  *poolResult
}

func (c *poolCache) entry(k poolKey) *poolEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[poolKey]*poolEntry{}
	}
	e := c.m[k]
	if e == nil {
		e = &poolEntry{}
		c.m[k] = e
	}
	return e
}

// resolvePools reads every user pool the target's authorizers name, in their
// working copy and in what the stages serve, and the extra pools (those the
// HTTP APIs' JWT issuers name).
func (s *scanner) resolvePools(ctx context.Context, p *principal, t *Target, reads []*model.RestAPI, extra []poolKey) map[poolKey]*poolResult {
	keys := map[poolKey]bool{}
	for _, k := range extra {
		keys[k] = true
	}
	for _, r := range reads {
		forEachProviderARN(r, func(pa *model.ProviderARN) {
			if v, ok := pa.ARN.Get(); ok {
				if k, ok := parsePoolARN(v); ok {
					keys[k] = true
				}
			}
		})
	}
	sorted := slices.SortedFunc(func(yield func(poolKey) bool) {
		for k := range keys {
			if !yield(k) {
				return
			}
		}
	}, func(a, b poolKey) int { return strings.Compare(a.arn(), b.arn()) })
	results := make([]*poolResult, len(sorted))
	g := errgroup.Group{}
	g.SetLimit(s.opts.Concurrency)
	for i, k := range sorted {
		g.Go(func() error {
			e := s.pools.entry(k)
			e.once.Do(func() { e.res = s.readPool(ctx, s.poolPrincipal(p, t, k), k) })
			results[i] = e.res
			return nil
		})
	}
	_ = g.Wait() // failures are load errors
	out := make(map[poolKey]*poolResult, len(sorted))
	for i, k := range sorted {
		out[k] = results[i]
	}
	return out
}

// poolPrincipal picks the credentials for a pool's account: the target's own,
// or the role given for that account; nil when the scan has none.
func (s *scanner) poolPrincipal(p *principal, t *Target, k poolKey) *principal {
	if k.account == t.Account {
		return p
	}
	for _, o := range s.principals {
		if o.roleARN != "" && o.account == k.account {
			return o
		}
	}
	return nil
}

func forEachProviderARN(api *model.RestAPI, fn func(*model.ProviderARN)) {
	visit := func(auths []model.Authorizer) {
		for i := range auths {
			for j := range auths[i].ProviderARNs.Items {
				fn(&auths[i].ProviderARNs.Items[j])
			}
		}
	}
	visit(api.Authorizers)
	for i := range api.Stages {
		if d := api.Stages[i].Deployed; d != nil {
			visit(d.Authorizers)
		}
	}
}

// readPool reads a pool with its clients, resource servers and domains.
func (s *scanner) readPool(ctx context.Context, p *principal, k poolKey) *poolResult {
	input := "live:" + k.account + "/" + k.region + "/userpools/" + k.id
	if p == nil {
		s.log.Info("user pool in an account this scan has no credentials for; its link stays unknown", "pool", k.arn())
		return &poolResult{link: model.Link{Unknown: &model.Unknown{
			Reason: "the user pool is in account " + k.account + ", which this scan has no role for (add --role-arn for it)",
			Expr:   k.arn(),
		}}}
	}
	c := s.cognito(p, k.account, k.region)
	out, err := c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: &k.id})
	if err != nil {
		if classify(err) == kindNotFound {
			return &poolResult{link: model.Link{Missing: &model.Missing{
				Name:   k.id,
				Reason: "DescribeUserPool in account " + k.account + ", region " + k.region + " says the user pool does not exist",
			}}}
		}
		r := reason(err)
		s.fail(input, "reading the user pool (DescribeUserPool): "+r)
		return &poolResult{link: model.Link{Unknown: &model.Unknown{Reason: "the user pool could not be read: " + r, Expr: k.arn()}}}
	}
	up := out.UserPool
	if up == nil {
		up = &ciptypes.UserPoolType{}
	}
	arn := cmp.Or(aws.ToString(up.Arn), k.arn())
	at := locAt(arn)
	pool := &model.UserPool{
		Object:  model.Object{Ref: k.id, Loc: model.Loc{Resource: arn}},
		ID:      knownPtr(k.id, at("/Id")),
		ARN:     knownPtr(arn, at("/Arn")),
		Name:    optString(up.Name, at("/Name")),
		Region:  k.region,
		Account: k.account,
	}
	if ic := up.IssuerConfiguration; ic != nil && ic.Type != "" {
		pool.IssuerFormat = knownPtr(string(ic.Type), at("/IssuerConfiguration/Type"))
	}
	if lc := up.LambdaConfig; lc != nil {
		switch {
		case lc.PreTokenGenerationConfig != nil && lc.PreTokenGenerationConfig.LambdaVersion != "":
			pool.PreTokenGenerationVersion = knownPtr(string(lc.PreTokenGenerationConfig.LambdaVersion), at("/LambdaConfig/PreTokenGenerationConfig/LambdaVersion"))
		case aws.ToString(lc.PreTokenGeneration) != "":
			// The legacy trigger field is a version 1 trigger.
			pool.PreTokenGenerationVersion = knownPtr("V1_0", at("/LambdaConfig/PreTokenGeneration"))
		}
	}
	res := &poolResult{link: model.Link{Target: k.id}, pool: pool}
	complete := true
	poolLink := model.Link{Target: k.id, Loc: model.Loc{Resource: arn}}

	clients, err := s.readClients(ctx, c, k, arn, poolLink)
	if err != nil {
		complete = false
		s.fail(input, "reading the app clients: "+err.Error())
	}
	res.clients = clients

	servers, err := readResourceServers(ctx, c, k, arn, poolLink)
	if err != nil {
		complete = false
		s.fail(input, "reading the resource servers (ListResourceServers): "+reason(err))
	}
	res.servers = servers

	for _, d := range []struct {
		name   *string
		custom bool
		ptr    string
	}{{up.Domain, false, "/Domain"}, {up.CustomDomain, true, "/CustomDomain"}} {
		name := aws.ToString(d.name)
		if name == "" {
			continue
		}
		dom := model.UserPoolDomain{
			Object:   model.Object{Ref: k.id + "/domain/" + name, Loc: at(d.ptr)},
			UserPool: poolLink,
			Domain:   model.Known(name, at(d.ptr)),
			Custom:   d.custom,
		}
		desc, err := c.DescribeUserPoolDomain(ctx, &cip.DescribeUserPoolDomainInput{Domain: aws.String(name)})
		switch {
		case err != nil:
			complete = false
			s.fail(input, "reading the domain "+name+" (DescribeUserPoolDomain): "+reason(err))
		case desc.DomainDescription != nil && desc.DomainDescription.Status != "":
			dom.Status = knownPtr(string(desc.DomainDescription.Status), at(d.ptr))
		}
		res.domains = append(res.domains, dom)
	}
	pool.Complete = complete
	return res
}

// readClients lists the pool's app clients and describes each. The client
// secret is dropped the moment a description arrives: only whether there is
// one reaches the model, and nothing here logs a response.
func (s *scanner) readClients(ctx context.Context, c *cip.Client, k poolKey, arn string, poolLink model.Link) ([]model.AppClient, error) {
	var ids []string
	err := pages(func(tok *string) (*string, error) {
		page, err := c.ListUserPoolClients(ctx, &cip.ListUserPoolClientsInput{UserPoolId: &k.id, MaxResults: aws.Int32(60), NextToken: tok})
		if err != nil {
			return nil, err //nolint:wrapcheck // described below with reason()
		}
		for _, d := range page.UserPoolClients {
			ids = append(ids, aws.ToString(d.ClientId))
		}
		return page.NextToken, nil
	})
	if err != nil {
		return nil, fmt.Errorf("ListUserPoolClients: %s", reason(err))
	}
	slices.Sort(ids)
	out := make([]model.AppClient, 0, len(ids))
	var failed []string
	for _, id := range ids {
		desc, err := c.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &k.id, ClientId: aws.String(id)})
		if err != nil {
			failed = append(failed, id+": "+reason(err))
			continue
		}
		upc := desc.UserPoolClient
		if upc == nil {
			failed = append(failed, id+": empty description")
			continue
		}
		hasSecret := aws.ToString(upc.ClientSecret) != ""
		upc.ClientSecret = nil
		out = append(out, mapClient(upc, id, hasSecret, k, arn, poolLink))
	}
	if len(failed) > 0 {
		return out, fmt.Errorf("DescribeUserPoolClient: %s", strings.Join(failed, "; "))
	}
	return out, nil
}

func mapClient(upc *ciptypes.UserPoolClientType, id string, hasSecret bool, k poolKey, poolARN string, poolLink model.Link) model.AppClient {
	res := poolARN + "/client/" + id
	at := locAt(res)
	strs := func(vs []string, ptr string) *model.Strings {
		if vs == nil {
			return nil
		}
		s := knownList(at, ptr, vs)
		return &s
	}
	boolean := func(v *bool, ptr string) *model.Bool {
		if v == nil {
			return nil
		}
		b := model.KnownBool(*v, at(ptr))
		return &b
	}
	integer := func(v int64, set bool, ptr string) *model.Int {
		if !set {
			return nil
		}
		i := model.KnownInt(v, at(ptr))
		return &i
	}
	flows := make([]string, 0, len(upc.AllowedOAuthFlows))
	for _, f := range upc.AllowedOAuthFlows {
		flows = append(flows, string(f))
	}
	explicit := make([]string, 0, len(upc.ExplicitAuthFlows))
	for _, f := range upc.ExplicitAuthFlows {
		explicit = append(explicit, string(f))
	}
	secret := model.KnownBool(hasSecret, at("/ClientSecret"))
	out := model.AppClient{
		Object:                          model.Object{Ref: k.id + "/client/" + id, Loc: model.Loc{Resource: res}},
		UserPool:                        poolLink,
		ID:                              knownPtr(id, at("/ClientId")),
		Name:                            optString(upc.ClientName, at("/ClientName")),
		GenerateSecret:                  &secret,
		AllowedOAuthScopes:              strs(upc.AllowedOAuthScopes, "/AllowedOAuthScopes"),
		AllowedOAuthFlowsUserPoolClient: boolean(upc.AllowedOAuthFlowsUserPoolClient, "/AllowedOAuthFlowsUserPoolClient"),
		CallbackURLs:                    strs(upc.CallbackURLs, "/CallbackURLs"),
		LogoutURLs:                      strs(upc.LogoutURLs, "/LogoutURLs"),
		SupportedIdentityProviders:      strs(upc.SupportedIdentityProviders, "/SupportedIdentityProviders"),
		AccessTokenValidity:             integer(int64(aws.ToInt32(upc.AccessTokenValidity)), upc.AccessTokenValidity != nil, "/AccessTokenValidity"),
		IDTokenValidity:                 integer(int64(aws.ToInt32(upc.IdTokenValidity)), upc.IdTokenValidity != nil, "/IdTokenValidity"),
		RefreshTokenValidity:            integer(int64(upc.RefreshTokenValidity), upc.RefreshTokenValidity != 0, "/RefreshTokenValidity"),
		EnableTokenRevocation:           boolean(upc.EnableTokenRevocation, "/EnableTokenRevocation"),
	}
	if upc.AllowedOAuthFlows != nil {
		out.AllowedOAuthFlows = strs(flows, "/AllowedOAuthFlows")
	}
	if upc.ExplicitAuthFlows != nil {
		out.ExplicitAuthFlows = strs(explicit, "/ExplicitAuthFlows")
	}
	return out
}

func readResourceServers(ctx context.Context, c *cip.Client, k poolKey, poolARN string, poolLink model.Link) ([]model.ResourceServer, error) {
	var out []model.ResourceServer
	err := pages(func(tok *string) (*string, error) {
		page, err := c.ListResourceServers(ctx, &cip.ListResourceServersInput{UserPoolId: &k.id, MaxResults: aws.Int32(50), NextToken: tok})
		if err != nil {
			return nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		for _, rs := range page.ResourceServers {
			ident := aws.ToString(rs.Identifier)
			res := poolARN + "/resourceServer/" + ident
			at := locAt(res)
			srv := model.ResourceServer{
				Object:     model.Object{Ref: k.id + "/resourceServer/" + ident, Loc: model.Loc{Resource: res}},
				UserPool:   poolLink,
				Identifier: model.Known(ident, at("/Identifier")),
				Scopes:     []model.String{},
			}
			for i, sc := range rs.Scopes {
				srv.Scopes = append(srv.Scopes, model.Known(aws.ToString(sc.ScopeName), at(fmt.Sprintf("/Scopes/%d/ScopeName", i))))
			}
			out = append(out, srv)
		}
		return page.NextToken, nil
	})
	slices.SortFunc(out, func(a, b model.ResourceServer) int { return strings.Compare(a.Ref, b.Ref) })
	return out, err
}
