package live

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"golang.org/x/sync/errgroup"

	"github.com/authlint/authlint/internal/model"
)

// HTTP APIs (API Gateway v2). Refs are "<apiId>", "<apiId>/route/<key>",
// "<apiId>/authorizer/<id>", "<apiId>/stage/<name>" and
// "<apiId>/deployment/<id>"; every Loc.Resource is the ARN path of the
// object, as for REST APIs.

// v2PageSize is the largest page apigatewayv2 answers (maxResults is a
// string on the wire).
const v2PageSize = "500"

// scanHTTPAPIs lists and reads the target's HTTP APIs. A listing that fails
// is a load error; the REST APIs of the target are still reported.
func (s *scanner) scanHTTPAPIs(ctx context.Context, p *principal, t *Target) []*model.HTTPAPI {
	c := s.apigatewayv2(p, t.Account, t.Region)
	apis, err := listHTTPAPIs(ctx, c)
	if err != nil {
		s.fail(t.Name(), "listing HTTP APIs (apigatewayv2 GetApis): "+reason(err))
		return nil
	}
	// WebSocket APIs share the listing; their routes take no JWT authorizer.
	apis = slices.DeleteFunc(apis, func(a v2types.Api) bool {
		if a.ProtocolType == v2types.ProtocolTypeHttp {
			return false
		}
		s.log.Info("WebSocket API not read (its routes take no JWT authorizer)", "account", t.Account, "region", t.Region, "apiId", aws.ToString(a.ApiId))
		return true
	})
	apis = s.filterHTTPAPIs(apis)
	s.log.Info("listed HTTP APIs", "account", t.Account, "region", t.Region, "count", len(apis))
	reads := make([]*model.HTTPAPI, len(apis))
	g := errgroup.Group{}
	g.SetLimit(s.opts.Concurrency)
	for i := range apis {
		g.Go(func() error {
			reads[i] = s.readHTTPAPI(ctx, c, t, apis[i])
			return nil
		})
	}
	_ = g.Wait() // failures are load errors
	return reads
}

func listHTTPAPIs(ctx context.Context, c *apigatewayv2.Client) ([]v2types.Api, error) {
	var out []v2types.Api
	err := pages(func(tok *string) (*string, error) {
		page, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{MaxResults: aws.String(v2PageSize), NextToken: tok})
		if err != nil {
			return nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		out = append(out, page.Items...)
		return page.NextToken, nil
	})
	slices.SortFunc(out, func(a, b v2types.Api) int { return strings.Compare(aws.ToString(a.ApiId), aws.ToString(b.ApiId)) })
	return out, err
}

func (s *scanner) filterHTTPAPIs(apis []v2types.Api) []v2types.Api {
	if len(s.opts.APIIDs) == 0 {
		return apis
	}
	out := apis[:0]
	for _, a := range apis {
		if slices.Contains(s.opts.APIIDs, aws.ToString(a.ApiId)) {
			out = append(out, a)
			s.mu.Lock()
			s.foundAPIs[aws.ToString(a.ApiId)] = true
			s.mu.Unlock()
		}
	}
	return out
}

// v2Pages reads every page of one apigatewayv2 collection of an API.
func v2Pages[T any](fetch func(tok *string) ([]T, *string, error)) ([]T, error) {
	var out []T
	err := pages(func(tok *string) (*string, error) {
		items, next, err := fetch(tok)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		return next, nil
	})
	return out, err
}

// readHTTPAPI reads one HTTP API: authorizers, routes, deployments and
// stages. A collection that cannot be read is a load error naming the API
// and stays unknown; the API itself is never dropped.
func (s *scanner) readHTTPAPI(ctx context.Context, c *apigatewayv2.Client, t *Target, raw v2types.Api) *model.HTTPAPI {
	id := aws.ToString(raw.ApiId)
	arn := fmt.Sprintf("arn:%s:apigateway:%s::/apis/%s", t.Partition, t.Region, id)
	at := locAt(arn)
	input := t.Name() + "/apis/" + id
	api := &model.HTTPAPI{
		Object:       model.Object{Ref: id, Loc: model.Loc{Resource: arn}},
		Origin:       model.KindLive,
		ID:           knownPtr(id, at("/apiId")),
		Name:         optString(raw.Name, at("/name")),
		Account:      t.Account,
		Region:       t.Region,
		ProtocolType: knownPtr(string(raw.ProtocolType), at("/protocolType")),
		Routes:       []model.Route{},
		Authorizers:  []model.HTTPAuthorizer{},
		Stages:       []model.HTTPStage{},
		Deployments:  []model.Deployment{},
	}
	if raw.DisableExecuteApiEndpoint != nil {
		api.DisableExecuteAPIEndpoint = new(model.KnownBool(*raw.DisableExecuteApiEndpoint, at("/disableExecuteApiEndpoint")))
	}
	if cors := raw.CorsConfiguration; cors != nil {
		c := &model.HTTPCORS{Loc: at("/corsConfiguration")}
		c.AllowOrigins = new(knownList(at, "/corsConfiguration/allowOrigins", cors.AllowOrigins))
		c.AllowHeaders = new(knownList(at, "/corsConfiguration/allowHeaders", cors.AllowHeaders))
		c.AllowMethods = new(knownList(at, "/corsConfiguration/allowMethods", cors.AllowMethods))
		if cors.AllowCredentials != nil {
			c.AllowCredentials = new(model.KnownBool(*cors.AllowCredentials, at("/corsConfiguration/allowCredentials")))
		}
		api.CORS = c
	}
	unknown := func(what string, err error) *model.Unknown {
		r := reason(err)
		s.fail(input, "reading "+what+": "+r)
		return &model.Unknown{Reason: "could not read " + what + " from the account: " + r}
	}

	// Authorizers first: routes link to them.
	var authIDs map[string]bool
	auths, err := v2Pages(func(tok *string) ([]v2types.Authorizer, *string, error) {
		out, err := c.GetAuthorizers(ctx, &apigatewayv2.GetAuthorizersInput{ApiId: &id, MaxResults: aws.String(v2PageSize), NextToken: tok})
		if err != nil {
			return nil, nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		return out.Items, out.NextToken, nil
	})
	if err != nil {
		api.AuthorizersUnknown = unknown("authorizers (apigatewayv2 GetAuthorizers)", err)
	} else {
		authIDs = map[string]bool{}
		slices.SortFunc(auths, func(a, b v2types.Authorizer) int {
			return strings.Compare(aws.ToString(a.AuthorizerId), aws.ToString(b.AuthorizerId))
		})
		for _, a := range auths {
			authIDs[aws.ToString(a.AuthorizerId)] = true
			api.Authorizers = append(api.Authorizers, httpAuthorizer(id, arn, a))
		}
	}

	routes, err := v2Pages(func(tok *string) ([]v2types.Route, *string, error) {
		out, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: &id, MaxResults: aws.String(v2PageSize), NextToken: tok})
		if err != nil {
			return nil, nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		return out.Items, out.NextToken, nil
	})
	if err != nil {
		api.RoutesUnknown = unknown("routes (apigatewayv2 GetRoutes)", err)
	} else {
		slices.SortFunc(routes, func(a, b v2types.Route) int {
			return strings.Compare(aws.ToString(a.RouteKey), aws.ToString(b.RouteKey))
		})
		for _, r := range routes {
			api.Routes = append(api.Routes, httpRoute(id, arn, r, authIDs))
		}
	}

	deps, err := v2Pages(func(tok *string) ([]v2types.Deployment, *string, error) {
		out, err := c.GetDeployments(ctx, &apigatewayv2.GetDeploymentsInput{ApiId: &id, MaxResults: aws.String(v2PageSize), NextToken: tok})
		if err != nil {
			return nil, nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		return out.Items, out.NextToken, nil
	})
	depIDs := map[string]bool{}
	if err != nil {
		api.DeploymentsUnknown = unknown("deployments (apigatewayv2 GetDeployments)", err)
	} else {
		for _, d := range deps {
			did := aws.ToString(d.DeploymentId)
			depIDs[did] = true
			res := arn + "/deployments/" + did
			dep := model.Deployment{
				Object:    model.Object{Ref: id + "/deployment/" + did, Loc: model.Loc{Resource: res}},
				ID:        knownPtr(did, locAt(res)("/deploymentId")),
				DependsOn: []string{},
				ManagedBy: model.KindLive,
				Triggers:  []string{},
			}
			if d.CreatedDate != nil {
				dep.CreatedDate = d.CreatedDate.UTC().Format("2006-01-02T15:04:05Z")
			}
			api.Deployments = append(api.Deployments, dep)
		}
	}

	stages, err := v2Pages(func(tok *string) ([]v2types.Stage, *string, error) {
		out, err := c.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: &id, MaxResults: aws.String(v2PageSize), NextToken: tok})
		if err != nil {
			return nil, nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		return out.Items, out.NextToken, nil
	})
	if err != nil {
		api.StagesUnknown = unknown("stages (apigatewayv2 GetStages)", err)
	} else {
		for _, st := range stages {
			name := aws.ToString(st.StageName)
			res := arn + "/stages/" + name
			sat := locAt(res)
			hs := model.HTTPStage{
				Object:     model.Object{Ref: id + "/stage/" + name, Loc: model.Loc{Resource: res}},
				Name:       knownPtr(name, sat("/stageName")),
				AutoDeploy: new(model.KnownBool(aws.ToBool(st.AutoDeploy), sat("/autoDeploy"))),
			}
			if did := aws.ToString(st.DeploymentId); did != "" {
				hs.DeploymentID = knownPtr(did, sat("/deploymentId"))
				if depIDs[did] {
					hs.Deployment = &model.Link{Target: id + "/deployment/" + did, Loc: sat("/deploymentId")}
				}
			}
			api.Stages = append(api.Stages, hs)
		}
	}
	return api
}

func httpAuthorizer(apiID, apiARN string, a v2types.Authorizer) model.HTTPAuthorizer {
	aid := aws.ToString(a.AuthorizerId)
	res := apiARN + "/authorizers/" + aid
	at := locAt(res)
	out := model.HTTPAuthorizer{
		Object: model.Object{Ref: apiID + "/authorizer/" + aid, Loc: model.Loc{Resource: res}},
		ID:     knownPtr(aid, at("/authorizerId")),
		Name:   optString(a.Name, at("/name")),
		Type:   model.Known(string(a.AuthorizerType), at("/authorizerType")),
	}
	if a.IdentitySource != nil {
		out.IdentitySource = new(knownList(at, "/identitySource", a.IdentitySource))
	}
	if jc := a.JwtConfiguration; jc != nil {
		out.Issuer = optString(jc.Issuer, at("/jwtConfiguration/issuer"))
		aud := &model.Audience{Items: []model.AudienceEntry{}, Loc: at("/jwtConfiguration/audience")}
		for i, v := range jc.Audience {
			loc := at(fmt.Sprintf("/jwtConfiguration/audience/%d", i))
			aud.Items = append(aud.Items, model.AudienceEntry{Value: model.Known(v, loc), Loc: loc})
		}
		out.Audience = aud
	}
	return out
}

func httpRoute(apiID, apiARN string, r v2types.Route, authIDs map[string]bool) model.Route {
	rid := aws.ToString(r.RouteId)
	res := apiARN + "/routes/" + rid
	at := locAt(res)
	typ := string(r.AuthorizationType)
	if typ == "" {
		typ = "NONE"
	}
	out := model.Route{
		Object:              model.Object{Ref: apiID + "/route/" + aws.ToString(r.RouteKey), Loc: model.Loc{Resource: res}},
		ID:                  knownPtr(rid, at("/routeId")),
		RouteKey:            model.Known(aws.ToString(r.RouteKey), at("/routeKey")),
		AuthorizationType:   model.Known(typ, at("/authorizationType")),
		AuthDeclared:        true,
		AuthorizationScopes: knownList(at, "/authorizationScopes", r.AuthorizationScopes),
		Target:              optString(r.Target, at("/target")),
	}
	if aws.ToBool(r.ApiGatewayManaged) {
		// The $default route of a quick-create API.
		out.GeneratedBy = "quick-create"
	}
	if aid := aws.ToString(r.AuthorizerId); aid != "" {
		loc := at("/authorizerId")
		switch {
		case authIDs == nil:
			out.Authorizer = &model.Link{Unknown: &model.Unknown{Reason: "the API's authorizers could not be read", Expr: aid}, Loc: loc}
		case authIDs[aid]:
			out.Authorizer = &model.Link{Target: apiID + "/authorizer/" + aid, Loc: loc}
		default:
			out.Authorizer = &model.Link{Missing: &model.Missing{Name: aid, Reason: "GetAuthorizers lists no authorizer with this id for the API"}, Loc: loc}
		}
	}
	return out
}

// issuerRE reads a Cognito issuer URL: region and pool id.
var issuerRE = regexp.MustCompile(`^https://(?:issuer-)?cognito-idp\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/([a-z0-9-]+_[0-9A-Za-z]+)$`)

// issuerPoolKey is the pool a literal Cognito issuer names. The issuer does
// not name an account: the pool is looked for in the target's.
func issuerPoolKey(t *Target, issuer string) (poolKey, bool) {
	m := issuerRE.FindStringSubmatch(issuer)
	if m == nil {
		return poolKey{}, false
	}
	return poolKey{partition: partitionOf(m[1]), region: m[1], account: t.Account, id: m[2]}, true
}

// httpPoolKeys lists the pools the HTTP APIs' JWT issuers name.
func httpPoolKeys(t *Target, apis []*model.HTTPAPI) []poolKey {
	var out []poolKey
	for _, api := range apis {
		for i := range api.Authorizers {
			if v, ok := api.Authorizers[i].Issuer.Get(); ok {
				if k, ok := issuerPoolKey(t, v); ok {
					out = append(out, k)
				}
			}
		}
	}
	return out
}

// linkHTTPAPI links each JWT issuer to the pool it names and each audience
// entry to the app client (or pool) whose id it is; it returns the pools
// the links use.
func linkHTTPAPI(t *Target, api *model.HTTPAPI, pools map[poolKey]*poolResult) []poolKey {
	var used []poolKey
	for i := range api.Authorizers {
		a := &api.Authorizers[i]
		v, ok := a.Issuer.Get()
		if !ok {
			continue
		}
		k, ok := issuerPoolKey(t, v)
		if !ok {
			continue
		}
		res := pools[k]
		if res == nil {
			continue
		}
		link := res.link
		if link.Missing != nil {
			// Not in the target's account; the issuer does not say whose
			// pool it is.
			link = model.Link{Unknown: &model.Unknown{
				Reason: "account " + t.Account + " has no user pool " + k.id + " in " + k.region + "; the issuer may name a pool of another account",
				Expr:   v,
			}}
		}
		link.Loc = a.Issuer.Loc
		a.IssuerUserPool = &link
		if res.pool == nil {
			continue
		}
		used = append(used, k)
		if a.Audience == nil {
			continue
		}
		for j := range a.Audience.Items {
			e := &a.Audience.Items[j]
			ev, ok := e.Value.Get()
			if !ok {
				continue
			}
			if ev == k.id {
				e.UserPool = &model.Link{Target: res.pool.Ref, Loc: e.Loc}
				continue
			}
			for _, c := range res.clients {
				if cid, ok := c.ID.Get(); ok && cid == ev {
					e.AppClient = &model.Link{Target: c.Ref, Loc: e.Loc}
				}
			}
		}
	}
	return used
}
