package awsfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	cogtypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// Object is one AWS object as its API returns it on the wire (lowerCamel
// members for API Gateway, PascalCase for Cognito). The fake passes objects
// through unchanged, so a scenario file reads like the API reference.
type Object = map[string]any

// Scenario is the state of the fake: accounts with their regions, plus faults.
type Scenario struct {
	Accounts []Account `json:"accounts"`
	Faults   []Fault   `json:"faults,omitempty"`
}

// Account is one AWS account.
type Account struct {
	// ID is the 12-digit account id.
	ID string `json:"id"`
	// AccessKeyID, when set, authenticates as this account without assuming
	// a role (the caller's own credentials).
	AccessKeyID string `json:"accessKeyId,omitempty"`
	// Roles can be assumed with sts:AssumeRole.
	Roles   []Role   `json:"roles,omitempty"`
	Regions []Region `json:"regions,omitempty"`
}

// Role is an IAM role the fake lets callers assume.
type Role struct {
	ARN string `json:"arn"`
	// ExternalID, when set, must match the AssumeRole request's.
	ExternalID string `json:"externalId,omitempty"`
}

// Region is one region of an account.
type Region struct {
	Name      string     `json:"name"`
	RestAPIs  []RestAPI  `json:"restApis,omitempty"`
	HTTPAPIs  []HTTPAPI  `json:"httpApis,omitempty"`
	UserPools []UserPool `json:"userPools,omitempty"`
}

// RestAPI is one REST API: its working copy (what GetResources, GetAuthorizers
// and the RestApi policy show) and its deployments.
type RestAPI struct {
	// API is the RestApi object. Its "policy" may be written as a JSON object
	// for readability; the fake serves it as the escaped string AWS returns.
	API              Object       `json:"api"`
	Resources        []Object     `json:"resources,omitempty"`
	Authorizers      []Object     `json:"authorizers,omitempty"`
	Stages           []Object     `json:"stages,omitempty"`
	Deployments      []Deployment `json:"deployments,omitempty"`
	GatewayResponses []Object     `json:"gatewayResponses,omitempty"`
}

// Deployment is a deployment: the Deployment object plus the snapshot of the
// API it froze, which GetExport and GetDeployment(embed=apisummary) serve.
type Deployment struct {
	Deployment Object `json:"deployment"`
	// Snapshot is the API as deployed; nil means "the same as the working
	// copy" (the API has not changed since this deployment).
	Snapshot *Snapshot `json:"snapshot,omitempty"`
}

// Snapshot is the frozen state of an API at deployment time.
type Snapshot struct {
	Resources   []Object `json:"resources"`
	Authorizers []Object `json:"authorizers"`
	// Policy is the resource policy document (an object), if any.
	Policy any `json:"policy,omitempty"`
}

// UserPool is a Cognito user pool with its clients, resource servers and
// domains, each in the shape of the Describe*/List* responses.
type UserPool struct {
	// Pool is the UserPoolType object (DescribeUserPool's UserPool).
	Pool Object `json:"pool"`
	// Clients are UserPoolClientType objects (with ClientSecret when the
	// client has one: the fake serves it, the loader must drop it).
	Clients         []Object `json:"clients,omitempty"`
	ResourceServers []Object `json:"resourceServers,omitempty"`
	// Domains are DomainDescriptionType objects.
	Domains []Object `json:"domains,omitempty"`
	// JWKS is the pool's public key set, served unauthenticated at
	// /POOL_ID/.well-known/jwks.json as Cognito serves it at
	// https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json.
	JWKS Object `json:"jwks,omitempty"`
}

// LoadScenario reads and validates a scenario file.
func LoadScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading scenario: %w", err)
	}
	return ParseScenario(data)
}

// ParseScenario decodes and validates a scenario document. Unknown fields,
// and AWS objects with members the SDK's model does not know, are errors, so
// a typo in a scenario cannot silently change what the fake serves.
func ParseScenario(data []byte) (*Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var s Scenario
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decoding scenario: %w", err)
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *Scenario) validate() error {
	var errs []string
	add := func(where string, obj Object, shape reflect.Type, wire func(string) string) {
		if err := checkMembers(obj, shape, wire); err != nil {
			errs = append(errs, where+": "+err.Error())
		}
	}
	for _, a := range s.Accounts {
		if len(a.ID) != 12 {
			errs = append(errs, fmt.Sprintf("account %q: id must have 12 digits", a.ID))
		}
		for _, r := range a.Regions {
			for i, api := range r.RestAPIs {
				where := fmt.Sprintf("%s/%s/restApis[%d]", a.ID, r.Name, i)
				if id, _ := api.API["id"].(string); id == "" {
					errs = append(errs, where+": api.id is required")
				}
				add(where+".api", api.API, reflect.TypeFor[agtypes.RestApi](), lowerFirst)
				for _, res := range api.Resources {
					add(where+".resources", res, reflect.TypeFor[agtypes.Resource](), lowerFirst)
					checkMethods(where, res, &errs)
				}
				for _, au := range api.Authorizers {
					add(where+".authorizers", au, reflect.TypeFor[agtypes.Authorizer](), lowerFirst)
				}
				for _, st := range api.Stages {
					add(where+".stages", st, reflect.TypeFor[agtypes.Stage](), lowerFirst)
				}
				for _, gr := range api.GatewayResponses {
					add(where+".gatewayResponses", gr, reflect.TypeFor[agtypes.GatewayResponse](), lowerFirst)
				}
				for _, d := range api.Deployments {
					add(where+".deployments", d.Deployment, reflect.TypeFor[agtypes.Deployment](), lowerFirst)
					if d.Snapshot != nil {
						for _, res := range d.Snapshot.Resources {
							add(where+".snapshot.resources", res, reflect.TypeFor[agtypes.Resource](), lowerFirst)
							checkMethods(where+".snapshot", res, &errs)
						}
						for _, au := range d.Snapshot.Authorizers {
							add(where+".snapshot.authorizers", au, reflect.TypeFor[agtypes.Authorizer](), lowerFirst)
						}
					}
				}
			}
			for i, api := range r.HTTPAPIs {
				where := fmt.Sprintf("%s/%s/httpApis[%d]", a.ID, r.Name, i)
				if id, _ := api.API["apiId"].(string); id == "" {
					errs = append(errs, where+": api.apiId is required")
				}
				add(where+".api", api.API, reflect.TypeFor[v2types.Api](), lowerFirst)
				for _, o := range api.Routes {
					add(where+".routes", o, reflect.TypeFor[v2types.Route](), lowerFirst)
				}
				for _, o := range api.Authorizers {
					add(where+".authorizers", o, reflect.TypeFor[v2types.Authorizer](), lowerFirst)
				}
				for _, o := range api.Stages {
					add(where+".stages", o, reflect.TypeFor[v2types.Stage](), lowerFirst)
				}
				for _, o := range api.Deployments {
					add(where+".deployments", o, reflect.TypeFor[v2types.Deployment](), lowerFirst)
				}
			}
			for i, p := range r.UserPools {
				where := fmt.Sprintf("%s/%s/userPools[%d]", a.ID, r.Name, i)
				if id, _ := p.Pool["Id"].(string); id == "" {
					errs = append(errs, where+": pool.Id is required")
				}
				add(where+".pool", p.Pool, reflect.TypeFor[cogtypes.UserPoolType](), same)
				for _, c := range p.Clients {
					add(where+".clients", c, reflect.TypeFor[cogtypes.UserPoolClientType](), same)
				}
				for _, rs := range p.ResourceServers {
					add(where+".resourceServers", rs, reflect.TypeFor[cogtypes.ResourceServerType](), same)
				}
				for _, d := range p.Domains {
					add(where+".domains", d, reflect.TypeFor[cogtypes.DomainDescriptionType](), same)
				}
			}
		}
	}
	for i, f := range s.Faults {
		if f.Error == "" && f.DelayMS == 0 {
			errs = append(errs, fmt.Sprintf("faults[%d]: needs an error or a delay", i))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid scenario:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

func checkMethods(where string, res Object, errs *[]string) {
	methods, _ := res["resourceMethods"].(map[string]any)
	for verb, m := range methods {
		mo, ok := m.(map[string]any)
		if !ok {
			*errs = append(*errs, fmt.Sprintf("%s: method %s is not an object", where, verb))
			continue
		}
		if err := checkMembers(mo, reflect.TypeFor[agtypes.Method](), lowerFirst); err != nil {
			*errs = append(*errs, fmt.Sprintf("%s: method %s: %v", where, verb, err))
		}
		if integ, ok := mo["methodIntegration"].(map[string]any); ok {
			if err := checkMembers(integ, reflect.TypeFor[agtypes.Integration](), lowerFirst); err != nil {
				*errs = append(*errs, fmt.Sprintf("%s: method %s integration: %v", where, verb, err))
			}
		}
	}
}

// checkMembers reports members of obj that the SDK's shape does not have.
// wire maps a Go field name to its wire member name.
func checkMembers(obj Object, shape reflect.Type, wire func(string) string) error {
	known := map[string]bool{}
	for f := range shape.Fields() {
		if f.IsExported() {
			known[wire(f.Name)] = true
		}
	}
	var bad []string
	for k := range obj {
		if !known[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return fmt.Errorf("unknown member(s) %s for %s", strings.Join(bad, ", "), shape.Name())
}

// lowerFirst turns an SDK field name into API Gateway's wire member name
// (Id → id, ProviderARNs → providerARNs).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// same is the identity: Cognito's wire members are the SDK's field names.
func same(s string) string { return s }
