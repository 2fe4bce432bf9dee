package live

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader/internal/apigw"
)

// apiBuilder maps one REST API's SDK values into the model. Refs are
// "<apiId>", "<apiId>/method/GET /pets", "<apiId>/authorizer/<id>",
// "<apiId>/stage/<name>", "<apiId>/deployment/<id>" and
// "<apiId>/gatewayResponse/<TYPE>"; every Loc.Resource is the ARN (or ARN
// path) of the object, and Loc.Pointer the member of the API's response.
type apiBuilder struct {
	id  string
	arn string
	// authorizers are the ids GetAuthorizers listed; nil when unread.
	authorizers map[string]bool
	// authorizerIDs maps the working copy's authorizer names to their ids.
	authorizerIDs map[string]string
}

func newAPIBuilder(t *Target, id string) *apiBuilder {
	return &apiBuilder{id: id, arn: fmt.Sprintf("arn:%s:apigateway:%s::/restapis/%s", t.Partition, t.Region, id)}
}

// locAt returns a function giving the location of a member of resource.
func locAt(resource string) func(string) model.Loc {
	return func(pointer string) model.Loc { return model.Loc{Resource: resource, Pointer: pointer} }
}

func knownPtr(v string, loc model.Loc) *model.String {
	s := model.Known(v, loc)
	return &s
}

// knownList is a list whose items each point at their own index.
func knownList(at func(string) model.Loc, pointer string, vs []string) model.Strings {
	out := model.Strings{Items: make([]model.String, 0, len(vs)), Loc: at(pointer)}
	for i, v := range vs {
		out.Items = append(out.Items, model.Known(v, at(pointer+"/"+strconv.Itoa(i))))
	}
	return out
}

func optString(v *string, loc model.Loc) *model.String {
	if v == nil {
		return nil
	}
	return knownPtr(*v, loc)
}

// readAPI reads one REST API. Every part that cannot be read is a load error
// naming the API, and leaves its collection marked unknown; the API itself is
// never dropped.
func (s *scanner) readAPI(ctx context.Context, c *apigateway.Client, t *Target, raw types.RestApi) *model.RestAPI {
	id := aws.ToString(raw.Id)
	b := newAPIBuilder(t, id)
	input := t.Name() + "/restapis/" + id
	at := locAt(b.arn)
	api := model.RestAPI{
		Object:           model.Object{Ref: id, Loc: model.Loc{Resource: b.arn}},
		Origin:           model.KindLive,
		ID:               knownPtr(id, at("/id")),
		Name:             optString(raw.Name, at("/name")),
		Account:          t.Account,
		Region:           t.Region,
		ResourcePolicy:   b.policy(raw.Policy, at("/policy")),
		Authorizers:      []model.Authorizer{},
		Methods:          []model.Method{},
		Stages:           []model.Stage{},
		Deployments:      []model.Deployment{},
		GatewayResponses: []model.GatewayResponse{},
	}
	disabled := model.KnownBool(raw.DisableExecuteApiEndpoint, at("/disableExecuteApiEndpoint"))
	api.DisableExecuteAPIEndpoint = &disabled
	if raw.ApiKeySource != "" {
		api.APIKeySource = knownPtr(string(raw.ApiKeySource), at("/apiKeySource"))
	}
	if ec := raw.EndpointConfiguration; ec != nil {
		types := model.Strings{Items: []model.String{}, Loc: at("/endpointConfiguration/types")}
		for i, et := range ec.Types {
			types.Items = append(types.Items, model.Known(string(et), at("/endpointConfiguration/types/"+strconv.Itoa(i))))
		}
		api.EndpointType = apigw.EndpointType(types)
	}
	unknown := func(what string, err error) *model.Unknown {
		r := reason(err)
		s.fail(input, "reading "+what+": "+r)
		return &model.Unknown{Reason: "could not read " + what + " from the account: " + r}
	}

	// Authorizers first: methods link to them.
	auths, err := getAuthorizers(ctx, c, id)
	if err != nil {
		api.AuthorizersUnknown = unknown("authorizers (GetAuthorizers)", err)
	} else {
		b.authorizers, b.authorizerIDs = map[string]bool{}, map[string]string{}
		for _, a := range auths {
			b.authorizers[aws.ToString(a.Id)] = true
			b.authorizerIDs[aws.ToString(a.Name)] = aws.ToString(a.Id)
			api.Authorizers = append(api.Authorizers, b.authorizer(a))
		}
	}

	resources, err := getResources(ctx, c, id)
	if err != nil {
		api.MethodsUnknown = unknown("resources and methods (GetResources)", err)
	} else {
		api.Methods = b.methods(resources)
	}

	deployments, err := getDeployments(ctx, c, id)
	var depByID map[string]types.Deployment
	if err != nil {
		api.DeploymentsUnknown = unknown("deployments (GetDeployments)", err)
	} else {
		depByID = map[string]types.Deployment{}
		for _, d := range deployments {
			depByID[aws.ToString(d.Id)] = d
			api.Deployments = append(api.Deployments, b.deployment(d))
		}
	}

	stages, err := c.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: &id})
	if err != nil {
		api.StagesUnknown = unknown("stages (GetStages)", err)
	} else {
		items := slices.Clone(stages.Item)
		slices.SortFunc(items, func(a, b types.Stage) int {
			return strings.Compare(aws.ToString(a.StageName), aws.ToString(b.StageName))
		})
		for _, st := range items {
			stage := b.stage(st, depByID)
			if st.DeploymentId != nil && *st.DeploymentId != "" {
				snap, err := s.deployed(ctx, c, b, st, depByID)
				if err != nil {
					s.fail(input+"/stages/"+aws.ToString(st.StageName), "reading the deployment the stage serves: "+err.Error())
				}
				stage.Deployed = snap
			}
			api.Stages = append(api.Stages, stage)
		}
	}

	responses, err := getGatewayResponses(ctx, c, id)
	if err != nil {
		api.GatewayResponsesUnknown = unknown("gateway responses (GetGatewayResponses)", err)
	} else {
		for _, g := range responses {
			// Only customized responses, as a template declares them: an
			// untouched default is what the API has when none is declared.
			if !g.DefaultResponse {
				api.GatewayResponses = append(api.GatewayResponses, b.gatewayResponse(g))
			}
		}
		slices.SortFunc(api.GatewayResponses, func(a, b model.GatewayResponse) int { return strings.Compare(a.Ref, b.Ref) })
	}
	return &api
}

func getAuthorizers(ctx context.Context, c *apigateway.Client, id string) ([]types.Authorizer, error) {
	var out []types.Authorizer
	err := pages(func(pos *string) (*string, error) {
		page, err := c.GetAuthorizers(ctx, &apigateway.GetAuthorizersInput{RestApiId: &id, Limit: aws.Int32(500), Position: pos})
		if err != nil {
			return nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		out = append(out, page.Items...)
		return page.Position, nil
	})
	slices.SortFunc(out, func(a, b types.Authorizer) int { return strings.Compare(aws.ToString(a.Id), aws.ToString(b.Id)) })
	return out, err
}

func getResources(ctx context.Context, c *apigateway.Client, id string) ([]types.Resource, error) {
	var out []types.Resource
	err := pages(func(pos *string) (*string, error) {
		page, err := c.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: &id, Embed: []string{"methods"}, Limit: aws.Int32(500), Position: pos})
		if err != nil {
			return nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		out = append(out, page.Items...)
		return page.Position, nil
	})
	return out, err
}

func getDeployments(ctx context.Context, c *apigateway.Client, id string) ([]types.Deployment, error) {
	var out []types.Deployment
	err := pages(func(pos *string) (*string, error) {
		page, err := c.GetDeployments(ctx, &apigateway.GetDeploymentsInput{RestApiId: &id, Limit: aws.Int32(500), Position: pos})
		if err != nil {
			return nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		out = append(out, page.Items...)
		return page.Position, nil
	})
	slices.SortFunc(out, func(a, b types.Deployment) int { return strings.Compare(aws.ToString(a.Id), aws.ToString(b.Id)) })
	return out, err
}

func getGatewayResponses(ctx context.Context, c *apigateway.Client, id string) ([]types.GatewayResponse, error) {
	var out []types.GatewayResponse
	err := pages(func(pos *string) (*string, error) {
		page, err := c.GetGatewayResponses(ctx, &apigateway.GetGatewayResponsesInput{RestApiId: &id, Limit: aws.Int32(500), Position: pos})
		if err != nil {
			return nil, err //nolint:wrapcheck // described by the caller with reason()
		}
		out = append(out, page.Items...)
		return page.Position, nil
	})
	return out, err
}

// policy decodes the RestApi policy. AWS returns the document inside a JSON
// string with its quotes escaped once more ({\"Version\":…} once the response
// is decoded), so it is unquoted before parsing; a plain document is accepted
// too.
func (b *apiBuilder) policy(p *string, loc model.Loc) *model.Policy {
	if p == nil || strings.TrimSpace(*p) == "" {
		return nil
	}
	doc := *p
	if !json.Valid([]byte(doc)) {
		if u, err := strconv.Unquote(`"` + doc + `"`); err == nil {
			doc = u
		}
	}
	return apigw.Policy(doc, loc.Pointer, apigw.Literal{LocFunc: locAt(loc.Resource)})
}

func (b *apiBuilder) methods(resources []types.Resource) []model.Method {
	out := []model.Method{}
	for _, res := range resources {
		for _, verb := range slices.Sorted(maps.Keys(res.ResourceMethods)) {
			out = append(out, b.method(res, strings.ToUpper(verb), res.ResourceMethods[verb]))
		}
	}
	slices.SortFunc(out, func(a, b model.Method) int { return strings.Compare(a.Ref, b.Ref) })
	return out
}

func (b *apiBuilder) method(res types.Resource, verb string, m types.Method) model.Method {
	path := aws.ToString(res.Path)
	resARN := b.arn + "/resources/" + aws.ToString(res.Id)
	arn := resARN + "/methods/" + verb
	at := locAt(arn)
	authType := "NONE"
	if m.AuthorizationType != nil && *m.AuthorizationType != "" {
		authType = apigw.AuthorizationType(*m.AuthorizationType)
	}
	out := model.Method{
		Object:              model.Object{Ref: b.id + "/method/" + verb + " " + path, Loc: model.Loc{Resource: arn}},
		Path:                model.Known(path, model.Loc{Resource: resARN, Pointer: "/path"}),
		HTTPMethod:          model.Known(verb, at("/httpMethod")),
		AuthorizationType:   model.Known(authType, at("/authorizationType")),
		AuthDeclared:        true,
		AuthorizationScopes: knownList(at, "/authorizationScopes", m.AuthorizationScopes),
		APIKeyRequired:      model.KnownBool(aws.ToBool(m.ApiKeyRequired), at("/apiKeyRequired")),
	}
	if aid := aws.ToString(m.AuthorizerId); aid != "" {
		loc := at("/authorizerId")
		link := &model.Link{Loc: loc}
		switch {
		case b.authorizers == nil:
			link.Unknown = &model.Unknown{Reason: "the API's authorizers could not be read", Expr: aid}
		case b.authorizers[aid]:
			link.Target = b.id + "/authorizer/" + aid
		default:
			link.Missing = &model.Missing{Name: aid, Reason: "GetAuthorizers does not list an authorizer with this id"}
		}
		out.Authorizer = link
	}
	if integ := m.MethodIntegration; integ != nil {
		loc := at("/methodIntegration")
		out.Integration = &model.Integration{Loc: loc}
		if integ.Type != "" {
			out.Integration.Type = knownPtr(string(integ.Type), at("/methodIntegration/type"))
		}
		out.Integration.URI = optString(integ.Uri, at("/methodIntegration/uri"))
		out.CORS = cors(integ, at)
	}
	return out
}

// cors reads the static Access-Control-* headers a method's integration
// responses map (200 first); proxy integrations leave them to the backend.
func cors(integ *types.Integration, at func(string) model.Loc) *model.CORSHeaders {
	codes := slices.Sorted(maps.Keys(integ.IntegrationResponses))
	if i := slices.Index(codes, "200"); i > 0 {
		codes = append([]string{"200"}, slices.Delete(codes, i, i+1)...)
	}
	lit := apigw.Literal{LocFunc: at}
	for _, code := range codes {
		params := map[string]any{}
		for k, v := range integ.IntegrationResponses[code].ResponseParameters {
			params[k] = v
		}
		ptr := "/methodIntegration/integrationResponses/" + code + "/responseParameters"
		headers, _ := apigw.Headers(params, ptr, apigw.MethodHeaderPrefix, lit)
		if c := apigw.CORS(headers, at(ptr)); c != nil {
			return c
		}
	}
	if integ.Type == types.IntegrationTypeAwsProxy || integ.Type == types.IntegrationTypeHttpProxy {
		return &model.CORSHeaders{
			Unknown: &model.Unknown{Reason: "a proxy integration: the backend sets the response headers"},
			Loc:     at("/methodIntegration/type"),
		}
	}
	return nil
}

func (b *apiBuilder) authorizer(a types.Authorizer) model.Authorizer {
	id := aws.ToString(a.Id)
	arn := b.arn + "/authorizers/" + id
	at := locAt(arn)
	out := model.Authorizer{
		Object:                       model.Object{Ref: b.id + "/authorizer/" + id, Loc: model.Loc{Resource: arn}},
		ID:                           knownPtr(id, at("/id")),
		Name:                         optString(a.Name, at("/name")),
		Type:                         model.Known(apigw.AuthorizerType(string(a.Type)), at("/type")),
		ProviderARNs:                 model.ProviderARNs{Items: []model.ProviderARN{}, Loc: at("/providerARNs")},
		IdentitySource:               optString(a.IdentitySource, at("/identitySource")),
		IdentityValidationExpression: optString(a.IdentityValidationExpression, at("/identityValidationExpression")),
	}
	for i, p := range a.ProviderARNs {
		loc := at("/providerARNs/" + strconv.Itoa(i))
		out.ProviderARNs.Items = append(out.ProviderARNs.Items, model.ProviderARN{ARN: model.Known(p, loc), Loc: loc})
	}
	if a.AuthorizerResultTtlInSeconds != nil {
		ttl := model.KnownInt(int64(*a.AuthorizerResultTtlInSeconds), at("/authorizerResultTtlInSeconds"))
		out.ResultTTLSeconds = &ttl
	}
	return out
}

func (b *apiBuilder) deployment(d types.Deployment) model.Deployment {
	id := aws.ToString(d.Id)
	arn := b.arn + "/deployments/" + id
	return model.Deployment{
		Object:      model.Object{Ref: b.id + "/deployment/" + id, Loc: model.Loc{Resource: arn}},
		ID:          knownPtr(id, model.Loc{Resource: arn, Pointer: "/id"}),
		DependsOn:   []string{},
		ManagedBy:   model.KindLive,
		Triggers:    []string{},
		CreatedDate: rfc3339(d.CreatedDate),
	}
}

func rfc3339(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (b *apiBuilder) stage(st types.Stage, deps map[string]types.Deployment) model.Stage {
	name := aws.ToString(st.StageName)
	arn := b.arn + "/stages/" + name
	at := locAt(arn)
	out := model.Stage{
		Object:    model.Object{Ref: b.id + "/stage/" + name, Loc: model.Loc{Resource: arn}},
		Name:      knownPtr(name, at("/stageName")),
		Variables: []model.StageVariable{},
	}
	for _, k := range slices.Sorted(maps.Keys(st.Variables)) {
		out.Variables = append(out.Variables, model.StageVariable{Name: k, Value: model.Known(st.Variables[k], at("/variables/"+k))})
	}
	if did := aws.ToString(st.DeploymentId); did != "" {
		loc := at("/deploymentId")
		out.DeploymentID = knownPtr(did, loc)
		link := &model.Link{Loc: loc}
		switch _, ok := deps[did]; {
		case deps == nil:
			link.Unknown = &model.Unknown{Reason: "the API's deployments could not be read", Expr: did}
		case ok:
			link.Target = b.id + "/deployment/" + did
		default:
			link.Missing = &model.Missing{Name: did, Reason: "GetDeployments does not list a deployment with this id"}
		}
		out.Deployment = link
	}
	return out
}

func (b *apiBuilder) gatewayResponse(g types.GatewayResponse) model.GatewayResponse {
	typ := string(g.ResponseType)
	arn := b.arn + "/gatewayresponses/" + typ
	at := locAt(arn)
	params := map[string]any{}
	for k, v := range g.ResponseParameters {
		params[k] = v
	}
	headers, unk := apigw.Headers(params, "/responseParameters", apigw.GatewayHeaderPrefix, apigw.Literal{LocFunc: at})
	return model.GatewayResponse{
		Object:         model.Object{Ref: b.id + "/gatewayResponse/" + typ, Loc: model.Loc{Resource: arn}},
		Type:           model.Known(typ, at("/responseType")),
		StatusCode:     optString(g.StatusCode, at("/statusCode")),
		Headers:        headers,
		HeadersUnknown: unk,
	}
}
