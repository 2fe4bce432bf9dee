package live

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/internal/apigw"
	"github.com/authlint/authlint/loader/openapi"
)

// Snapshot sources recorded in model.DeployedSnapshot.Source.
const (
	SnapshotExport     = "export"
	SnapshotAPISummary = "apiSummary"
)

// exportExtensions asks GetExport for every API Gateway extension (the
// console's "Export with API Gateway extensions"): integrations, authorizers
// and the resource policy.
const exportExtensions = "apigateway"

// deployed reads what a stage serves: the deployed OpenAPI (GetExport), or
// when that fails, GetDeployment's apiSummary, which has the auth type and
// API-key flag of each method but neither scopes, authorizers nor policy.
func (s *scanner) deployed(ctx context.Context, c *apigateway.Client, b *apiBuilder, st types.Stage, deps map[string]types.Deployment) (*model.DeployedSnapshot, error) {
	name, did := aws.ToString(st.StageName), aws.ToString(st.DeploymentId)
	snap, exportErr := s.fromExport(ctx, c, b, name)
	if exportErr == nil {
		snap.DeploymentID = knownPtr(did, snap.Loc)
		if d, ok := deps[did]; ok {
			snap.CreatedDate = rfc3339(d.CreatedDate)
		}
		return snap, nil
	}
	s.log.Debug("the stage's export could not be used; reading the deployment's apiSummary",
		"api", b.id, "stage", name, "reason", exportErr.Error())
	snap, err := s.fromSummary(ctx, c, b, name, did)
	if err != nil {
		return nil, fmt.Errorf("GetExport: %w; GetDeployment: %w", exportErr, err)
	}
	return snap, nil
}

func (s *scanner) fromExport(ctx context.Context, c *apigateway.Client, b *apiBuilder, stage string) (*model.DeployedSnapshot, error) {
	out, err := c.GetExport(ctx, &apigateway.GetExportInput{
		RestApiId:  &b.id,
		StageName:  &stage,
		ExportType: aws.String("oas30"),
		Accepts:    aws.String("application/json"),
		Parameters: map[string]string{"extensions": exportExtensions},
	})
	if err != nil {
		return nil, errors.New(reason(err))
	}
	doc, err := yamltree.Parse(out.Body)
	if err != nil {
		return nil, fmt.Errorf("the export is not valid JSON: %w", err)
	}
	v, err := doc.Decode(yamltree.Options{})
	if err != nil {
		return nil, fmt.Errorf("decoding the export: %w", err)
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the export is not a JSON object")
	}
	stageARN := b.arn + "/stages/" + stage
	env := exportEnv{lit: apigw.Literal{LocFunc: locAt(stageARN + "/exports/oas30")}}
	api, err := openapi.Build(ctx, root, env, openapi.Options{APIRef: b.id + "/stage/" + stage + "/deployed", Origin: model.KindLive})
	if err != nil {
		return nil, fmt.Errorf("reading the export: %w", err)
	}
	if api.MethodsUnknown != nil {
		return nil, errors.New("the export's methods are incomplete: " + api.MethodsUnknown.Reason)
	}
	// An export names authorizers only by name (its security schemes); API
	// Gateway keeps names unique within an API, so the working copy's
	// authorizer of the same name gives the id. A name the working copy no
	// longer has stays without one.
	for i := range api.Authorizers {
		a := &api.Authorizers[i]
		if name, ok := a.Name.Get(); ok {
			if id, ok := b.authorizerIDs[name]; ok {
				a.ID = knownPtr(id, a.Name.Loc)
			}
		}
	}
	_, hasPolicy := root["x-amazon-apigateway-policy"]
	snap := &model.DeployedSnapshot{
		Source:           SnapshotExport,
		Methods:          api.Methods,
		Authorizers:      api.Authorizers,
		AuthorizersKnown: api.AuthorizersUnknown == nil && authorizersComplete(api),
		ScopesKnown:      true,
		Loc:              model.Loc{Resource: stageARN, Pointer: "/deploymentId"},
	}
	// The export carries x-amazon-apigateway-policy when the deployment has a
	// policy; without the key, "no policy" and "not exported" look alike, so
	// the policy is left unknown.
	if hasPolicy {
		snap.ResourcePolicy, snap.PolicyKnown = api.ResourcePolicy, true
	}
	return snap, nil
}

// authorizersComplete reports whether the export's authorizers can stand for
// the deployment's: every method that needs an authorizer resolved to one.
func authorizersComplete(api *model.RestAPI) bool {
	for i := range api.Methods {
		m := &api.Methods[i]
		t, _ := m.AuthorizationType.Get()
		if t != "CUSTOM" && t != "COGNITO_USER_POOLS" {
			continue
		}
		if m.Authorizer == nil || m.Authorizer.Target == "" {
			return false
		}
	}
	return true
}

// exportEnv resolves values of a deployed export: plain JSON, positions named
// by the stage's export path and a JSON pointer. Provider ARNs are linked to
// user pools later, with the working copy's.
type exportEnv struct{ lit apigw.Literal }

func (e exportEnv) Loc(pointer string) model.Loc              { return e.lit.Loc(pointer) }
func (e exportEnv) KeyLoc(pointer string) model.Loc           { return e.lit.Loc(pointer) }
func (e exportEnv) String(v any, pointer string) model.String { return e.lit.String(v, pointer) }

func (e exportEnv) ProviderARN(v any, pointer string) model.ProviderARN {
	s := e.lit.String(v, pointer)
	return model.ProviderARN{ARN: s, Loc: s.Loc}
}

func (s *scanner) fromSummary(ctx context.Context, c *apigateway.Client, b *apiBuilder, stage, did string) (*model.DeployedSnapshot, error) {
	out, err := c.GetDeployment(ctx, &apigateway.GetDeploymentInput{RestApiId: &b.id, DeploymentId: &did, Embed: []string{"apisummary"}})
	if err != nil {
		return nil, errors.New(reason(err))
	}
	depARN := b.arn + "/deployments/" + did
	snap := &model.DeployedSnapshot{
		Source:       SnapshotAPISummary,
		DeploymentID: knownPtr(did, model.Loc{Resource: depARN, Pointer: "/id"}),
		CreatedDate:  rfc3339(out.CreatedDate),
		Methods:      []model.Method{},
		Authorizers:  []model.Authorizer{},
		Loc:          model.Loc{Resource: b.arn + "/stages/" + stage, Pointer: "/deploymentId"},
	}
	prefix := b.id + "/stage/" + stage + "/deployed"
	for _, path := range slices.Sorted(maps.Keys(out.ApiSummary)) {
		for _, verb := range slices.Sorted(maps.Keys(out.ApiSummary[path])) {
			ms := out.ApiSummary[path][verb]
			verb := strings.ToUpper(verb)
			at := locAt(depARN)
			ptr := "/apiSummary/" + yamltree.Escape(path) + "/" + verb
			authType := "NONE"
			if ms.AuthorizationType != nil && *ms.AuthorizationType != "" {
				authType = apigw.AuthorizationType(*ms.AuthorizationType)
			}
			m := model.Method{
				Object:            model.Object{Ref: prefix + "/method/" + verb + " " + path, Loc: at(ptr)},
				Path:              model.Known(path, at(ptr)),
				HTTPMethod:        model.Known(verb, at(ptr)),
				AuthorizationType: model.Known(authType, at(ptr+"/authorizationType")),
				AuthDeclared:      true,
				AuthorizationScopes: model.Strings{Items: []model.String{}, Loc: at(ptr),
					Unknown: &model.Unknown{Reason: "GetDeployment's apiSummary does not carry method scopes"}},
				APIKeyRequired: model.KnownBool(ms.ApiKeyRequired, at(ptr+"/apiKeyRequired")),
			}
			if authType == "CUSTOM" || authType == "COGNITO_USER_POOLS" {
				m.Authorizer = &model.Link{Loc: at(ptr),
					Unknown: &model.Unknown{Reason: "GetDeployment's apiSummary does not name the authorizer"}}
			}
			snap.Methods = append(snap.Methods, m)
		}
	}
	return snap, nil
}
