package model

// SchemaVersion is the version of the inventory document. It changes when a
// field is renamed or removed, not when one is added.
const SchemaVersion = 1

// Source kinds: where an inventory (and each RestAPI's Origin) came from.
const (
	KindOpenAPI        = "openapi"
	KindCloudFormation = "cloudformation"
	KindSAM            = "sam"
	KindCDK            = "cdk"
	KindTerraform      = "terraform"
	KindLive           = "live"
	KindSnapshot       = "snapshot"
	KindPostman        = "postman"
)

// Inventory is everything authlint knows about one input: a file (with the files
// it includes, such as nested stacks), or one account and region of a live scan.
// It is the Rego input document.
type Inventory struct {
	SchemaVersion int `json:"schemaVersion"`
	// Sources lists the files or accounts this inventory was read from.
	Sources []Source `json:"sources"`
	// RestAPIs are API Gateway REST APIs (v1).
	RestAPIs []RestAPI `json:"restApis"`
	// HTTPAPIs are API Gateway HTTP APIs (v2).
	HTTPAPIs []HTTPAPI `json:"httpApis"`
	// UserPools are Cognito user pools defined in (or read for) this input.
	UserPools []UserPool `json:"userPools"`
	// AppClients, ResourceServers and Domains link to their pool through UserPool.
	AppClients      []AppClient      `json:"appClients"`
	ResourceServers []ResourceServer `json:"resourceServers"`
	Domains         []UserPoolDomain `json:"domains"`
	// TokenRequests and APIRequests come from Postman collections: the auth
	// settings (per environment) and the requests that use them.
	TokenRequests []TokenRequest `json:"tokenRequests"`
	APIRequests   []APIRequest   `json:"apiRequests"`
	// CommittedTokens are JWTs written as literals in Postman files.
	CommittedTokens []CommittedToken `json:"committedTokens"`
	// CDK holds facts about the CDK app an input was synthesized from.
	CDK *CDKApp `json:"cdk,omitempty"`
	// Exports are the CloudFormation outputs the input exports to other
	// stacks (Outputs.*.Export).
	Exports []StackExport `json:"exports,omitempty"`
	// Links record what the workspace step joined into this inventory from
	// other inputs of the same scan, and the references it could not join.
	Links []WorkspaceLink `json:"links,omitempty"`
	// Suppressions are the inline suppressions written in the source
	// (CloudFormation Metadata.authlint.ignore, OpenAPI x-authlint-ignore),
	// as written: validation (reason required, expiry) happens after evaluation.
	Suppressions []Suppression `json:"suppressions"`
}

// Suppression is one inline suppression entry as the source writes it.
type Suppression struct {
	// RuleIDs are the rule ids (or slugs) the entry suppresses.
	RuleIDs []string `json:"ruleIds"`
	Reason  string   `json:"reason,omitempty"`
	// Expires is the expiry date as written (YYYY-MM-DD expected).
	Expires string `json:"expires,omitempty"`
	// Target is the ref of the object the entry is attached to; findings about
	// it or its children (refs under Target + "/") are suppressed.
	Target string `json:"target"`
	// Loc is where the entry is written.
	Loc Loc `json:"loc"`
}

// Source describes one file or live target an inventory was read from.
type Source struct {
	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`
	// File is the path as given by the user (empty for live).
	File string `json:"file,omitempty"`
	// Format is "yaml" or "json" for files.
	Format string `json:"format,omitempty"`
	// Version is the document's own version ("2.0", "3.0.1", "2010-09-09").
	Version string `json:"version,omitempty"`
	// Unread, when set, says why a source the input names was not read (a
	// Terraform module from the registry or git); File is where it is named.
	Unread string `json:"unread,omitempty"`
	// Bytes is the size of the file (0 when not read from a file).
	Bytes int64 `json:"bytes,omitempty"`
	// Account, Region and Partition identify a live target.
	Account   string `json:"account,omitempty"`
	Region    string `json:"region,omitempty"`
	Partition string `json:"partition,omitempty"`
}

// Object is what every addressable object carries.
type Object struct {
	// Ref is unique within the inventory and stable across runs.
	Ref string `json:"ref"`
	Loc Loc    `json:"loc"`
	// LogicalID is the CloudFormation logical id (or Terraform address) of the
	// resource that defines the object, when there is one.
	LogicalID string `json:"logicalId,omitempty"`
	// CDKPath is the construct path (aws:cdk:path metadata) for CDK output.
	CDKPath string `json:"cdkPath,omitempty"`
	// InstancesUnknown is set for a Terraform resource whose count or
	// for_each is not known statically: the object stands for any number of
	// instances, perhaps none.
	InstancesUnknown *Unknown `json:"instancesUnknown,omitempty"`
	// Joined is set on a copy the workspace step made of an object of another
	// input of the same scan; Loc still points into that input's file.
	Joined *Joined `json:"joined,omitempty"`
}

// RestAPI is one API Gateway REST API.
type RestAPI struct {
	Object
	// Origin is the kind of source that defined the API (Kind* constants).
	Origin string `json:"origin"`
	// ID is the physical API id (live, snapshots), Name its name.
	ID   *String `json:"id,omitempty"`
	Name *String `json:"name,omitempty"`
	// Account and Region are known for live APIs.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`

	Authorizers []Authorizer `json:"authorizers"`
	// AuthorizersUnknown is set when the authorizer list may be incomplete
	// (a live account whose authorizers could not be read).
	AuthorizersUnknown *Unknown `json:"authorizersUnknown,omitempty"`
	Methods            []Method `json:"methods"`
	// MethodsUnknown is set when the method list may be incomplete (an OpenAPI
	// body in S3, a body that could not be resolved).
	MethodsUnknown *Unknown `json:"methodsUnknown,omitempty"`

	Stages []Stage `json:"stages"`
	// StagesUnknown is set when stages are defined outside what was read
	// (a standalone OpenAPI file).
	StagesUnknown *Unknown `json:"stagesUnknown,omitempty"`

	Deployments        []Deployment `json:"deployments"`
	DeploymentsUnknown *Unknown     `json:"deploymentsUnknown,omitempty"`

	// ResourcePolicy is nil when the API has no resource policy.
	ResourcePolicy *Policy `json:"resourcePolicy,omitempty"`

	GatewayResponses        []GatewayResponse `json:"gatewayResponses"`
	GatewayResponsesUnknown *Unknown          `json:"gatewayResponsesUnknown,omitempty"`

	// DisableExecuteAPIEndpoint mirrors disableExecuteApiEndpoint.
	DisableExecuteAPIEndpoint *Bool `json:"disableExecuteApiEndpoint,omitempty"`
	// APIKeySource is HEADER or AUTHORIZER.
	APIKeySource *String `json:"apiKeySource,omitempty"`

	// OpenAPI holds facts only an OpenAPI definition has; nil when the API was
	// not defined by one.
	OpenAPI *OpenAPIInfo `json:"openapi,omitempty"`
	// SAM holds the AWS::Serverless::Api settings that shape generated methods.
	SAM *SAMInfo `json:"sam,omitempty"`
}

// Authorizer is an API Gateway authorizer.
type Authorizer struct {
	Object
	// ID is the physical authorizer id (live, snapshots).
	ID   *String `json:"id,omitempty"`
	Name *String `json:"name,omitempty"`
	// Type is COGNITO_USER_POOLS, TOKEN, REQUEST or JWT (upper case, as the API
	// returns it; OpenAPI's lower-case spelling is normalized).
	Type         String       `json:"type"`
	ProviderARNs ProviderARNs `json:"providerArns"`
	// IdentitySource is a mapping expression such as method.request.header.Authorization.
	IdentitySource               *String `json:"identitySource,omitempty"`
	IdentityValidationExpression *String `json:"identityValidationExpression,omitempty"`
	ResultTTLSeconds             *Int    `json:"resultTtlSeconds,omitempty"`
}

// ProviderARNs is the list of user pools an authorizer accepts tokens from.
type ProviderARNs struct {
	Items   []ProviderARN `json:"items"`
	Unknown *Unknown      `json:"unknown,omitempty"`
	Loc     Loc           `json:"loc"`
}

// ProviderARN is one entry of an authorizer's providerARNs.
type ProviderARN struct {
	// ARN is the literal ARN when known.
	ARN String `json:"arn"`
	// UserPool links to the pool the entry names, when the inventory can tell
	// (a !GetAtt Pool.Arn, or a literal ARN of a pool read from a live account).
	UserPool *Link `json:"userPool,omitempty"`
	Loc      Loc   `json:"loc"`
}

// Method is one HTTP method of one resource path.
type Method struct {
	Object
	// Path is the full resource path ("/pets/{id}").
	Path String `json:"path"`
	// HTTPMethod is upper case: GET, POST, …, OPTIONS, or ANY.
	HTTPMethod String `json:"httpMethod"`
	// AuthorizationType is NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS or JWT;
	// loaders always fill it (NONE when the source sets nothing).
	AuthorizationType String `json:"authorizationType"`
	// AuthDeclared is true when the source declares the method's authorization
	// itself (OpenAPI operation security or x-amazon-apigateway-auth, a
	// CloudFormation AuthorizationType, a SAM Auth block), false when it is a default.
	AuthDeclared bool `json:"authDeclared"`
	// Authorizer links to the authorizer the method uses, nil when none is named.
	Authorizer          *Link   `json:"authorizer,omitempty"`
	AuthorizationScopes Strings `json:"authorizationScopes"`
	// APIKeyRequired is always filled (false when the source sets nothing).
	APIKeyRequired Bool `json:"apiKeyRequired"`
	// Integration is the backend integration, when declared.
	Integration *Integration `json:"integration,omitempty"`
	// CORS holds the Access-Control-* headers the method's responses return
	// (from integration/method responses); nil when it returns none statically.
	CORS *CORSHeaders `json:"cors,omitempty"`
	// GeneratedBy names the tool that generated the method when the user did not
	// write it: "sam-cors" for the OPTIONS methods SAM adds for Cors, "sam" for
	// methods SAM creates from function events.
	GeneratedBy string `json:"generatedBy,omitempty"`
}

// Integration is a method's backend integration.
type Integration struct {
	// Type is MOCK, HTTP, HTTP_PROXY, AWS or AWS_PROXY.
	Type *String `json:"type,omitempty"`
	URI  *String `json:"uri,omitempty"`
	Loc  Loc     `json:"loc"`
}

// CORSHeaders are the static CORS header values a method returns. Values are
// the header values without API Gateway's single quotes.
type CORSHeaders struct {
	AllowOrigin  *String `json:"allowOrigin,omitempty"`
	AllowHeaders *String `json:"allowHeaders,omitempty"`
	AllowMethods *String `json:"allowMethods,omitempty"`
	// Unknown is set when the headers come from the backend (proxy integrations).
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// Stage is a deployment stage.
type Stage struct {
	Object
	Name *String `json:"name,omitempty"`
	// Deployment links to the deployment the stage points at.
	Deployment *Link `json:"deployment,omitempty"`
	// DeploymentID is the physical deployment id (live, snapshots).
	DeploymentID *String `json:"deploymentId,omitempty"`
	// Variables are the stage variables.
	Variables        []StageVariable `json:"variables"`
	VariablesUnknown *Unknown        `json:"variablesUnknown,omitempty"`
	// Deployed is the snapshot of what the stage actually serves (live: from
	// GetExport / GetDeployment); nil when unknown.
	Deployed *DeployedSnapshot `json:"deployed,omitempty"`
}

// StageVariable is one stage variable.
type StageVariable struct {
	Name  string `json:"name"`
	Value String `json:"value"`
}

// DeployedSnapshot is the API as a stage serves it, which may differ from the
// working copy until the API is redeployed.
type DeployedSnapshot struct {
	DeploymentID *String `json:"deploymentId,omitempty"`
	// Source is what the snapshot was read from: "export" (GetExport, the
	// deployed OpenAPI with API Gateway extensions) or "apiSummary"
	// (GetDeployment's per-method auth types only).
	Source string `json:"source,omitempty"`
	// CreatedDate is RFC 3339, when known.
	CreatedDate string       `json:"createdDate,omitempty"`
	Methods     []Method     `json:"methods"`
	Authorizers []Authorizer `json:"authorizers"`
	// AuthorizersKnown is false when the snapshot source does not include
	// authorizers (GetDeployment's apiSummary has only auth types).
	AuthorizersKnown bool `json:"authorizersKnown"`
	// ScopesKnown is false when the snapshot does not carry method scopes.
	ScopesKnown    bool    `json:"scopesKnown"`
	ResourcePolicy *Policy `json:"resourcePolicy,omitempty"`
	// PolicyKnown is false when the snapshot does not carry the resource policy.
	PolicyKnown bool `json:"policyKnown"`
	Loc         Loc  `json:"loc"`
}

// Deployment is an API Gateway deployment (or the IaC resource that creates one).
type Deployment struct {
	Object
	ID *String `json:"id,omitempty"`
	// DependsOn lists the logical ids the deployment resource depends on.
	DependsOn []string `json:"dependsOn"`
	// ManagedBy is the tool that writes the deployment: cloudformation (written
	// by hand), sam, cdk, terraform or live.
	ManagedBy string `json:"managedBy"`
	// RedeploysOnChange tells whether a change to the API produces a new
	// deployment: SAM and CDK hash the API into the logical id; a hand-written
	// CloudFormation deployment keeps its logical id and never redeploys;
	// Terraform redeploys when triggers are set.
	RedeploysOnChange *Bool `json:"redeploysOnChange,omitempty"`
	// Triggers are Terraform triggers (names only).
	Triggers    []string `json:"triggers"`
	StageName   *String  `json:"stageName,omitempty"`
	CreatedDate string   `json:"createdDate,omitempty"`
}

// GatewayResponse customizes a response API Gateway itself returns.
type GatewayResponse struct {
	Object
	// Type is the response type: UNAUTHORIZED, ACCESS_DENIED, DEFAULT_4XX, ….
	Type       String   `json:"type"`
	StatusCode *String  `json:"statusCode,omitempty"`
	Headers    []Header `json:"headers"`
	// HeadersUnknown is set when the response parameters cannot be read.
	HeadersUnknown *Unknown `json:"headersUnknown,omitempty"`
}

// Header is one response header (name as written, value without quotes).
type Header struct {
	Name  string `json:"name"`
	Value String `json:"value"`
}

// Policy is an API's resource policy (an IAM policy document).
type Policy struct {
	Statements []PolicyStatement `json:"statements"`
	// Unknown is set when the document cannot be read statically.
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// PolicyStatement is one statement of a resource policy.
type PolicyStatement struct {
	Sid    string `json:"sid,omitempty"`
	Effect String `json:"effect"`
	// Principal is nil when the statement has none; NotPrincipal is true when the
	// statement uses NotPrincipal (rules treat that as unknown).
	Principal    *Principal `json:"principal,omitempty"`
	NotPrincipal bool       `json:"notPrincipal"`
	Actions      Strings    `json:"actions"`
	NotActions   bool       `json:"notActions"`
	Resources    Strings    `json:"resources"`
	NotResources bool       `json:"notResources"`
	// Conditions lists "Operator:key" of every condition; empty when unconditional.
	Conditions        []string `json:"conditions"`
	ConditionsUnknown *Unknown `json:"conditionsUnknown,omitempty"`
	Loc               Loc      `json:"loc"`
}

// Principal is a statement's principal.
type Principal struct {
	// Everyone is true for "*" and {"AWS": "*"}.
	Everyone bool `json:"everyone"`
	// AWS lists AWS account/role/user principals (other than "*").
	AWS Strings `json:"aws"`
	// Other lists the other principal kinds present (Service, Federated, CanonicalUser).
	Other   []string `json:"other"`
	Unknown *Unknown `json:"unknown,omitempty"`
	Loc     Loc      `json:"loc"`
}

// OpenAPIInfo holds facts only an OpenAPI definition carries.
type OpenAPIInfo struct {
	// Version is the document's openapi/swagger version.
	Version string `json:"version"`
	// RootSecurity is the root-level security requirement, which API Gateway
	// ignores; nil when absent.
	RootSecurity *SecurityRequirement `json:"rootSecurity,omitempty"`
	Loc          Loc                  `json:"loc"`
}

// SecurityRequirement is an OpenAPI security requirement list.
type SecurityRequirement struct {
	// Schemes are the scheme names referenced (deduplicated, in order).
	Schemes []string `json:"schemes"`
	Loc     Loc      `json:"loc"`
}

// SAMInfo holds the AWS::Serverless::Api settings that decide what SAM generates.
type SAMInfo struct {
	// DefaultAuthorizer is Auth.DefaultAuthorizer.
	DefaultAuthorizer *String `json:"defaultAuthorizer,omitempty"`
	// AddDefaultAuthorizerToCorsPreflight is Auth.AddDefaultAuthorizerToCorsPreflight (SAM's default: true).
	AddDefaultAuthorizerToCorsPreflight *Bool `json:"addDefaultAuthorizerToCorsPreflight,omitempty"`
	// AddAPIKeyRequiredToCorsPreflight is Auth.AddApiKeyRequiredToCorsPreflight (SAM's default: true).
	AddAPIKeyRequiredToCorsPreflight *Bool `json:"addApiKeyRequiredToCorsPreflight,omitempty"`
	// APIKeyRequired is Auth.ApiKeyRequired.
	APIKeyRequired *Bool `json:"apiKeyRequired,omitempty"`
	// Cors is the Cors setting; nil when CORS is not configured.
	Cors *SAMCors `json:"cors,omitempty"`
	// AlwaysDeploy is the AlwaysDeploy property.
	AlwaysDeploy *Bool `json:"alwaysDeploy,omitempty"`
	// AuthLoc is where the Auth property is written.
	AuthLoc Loc `json:"authLoc"`
	Loc     Loc `json:"loc"`
}

// SAMCors is an AWS::Serverless::Api Cors setting (values without quotes).
type SAMCors struct {
	AllowOrigin  *String  `json:"allowOrigin,omitempty"`
	AllowHeaders *String  `json:"allowHeaders,omitempty"`
	AllowMethods *String  `json:"allowMethods,omitempty"`
	Unknown      *Unknown `json:"unknown,omitempty"`
	Loc          Loc      `json:"loc"`
}

// CDKApp holds facts about the CDK app a cloud assembly came from.
type CDKApp struct {
	// ContextFile is the cdk.json that was read; empty when none was found.
	ContextFile string `json:"contextFile,omitempty"`
	// FeatureFlags are the boolean context entries of cdk.json.
	FeatureFlags map[string]bool `json:"featureFlags"`
	// ContextUnknown is set when no cdk.json was found next to the assembly.
	ContextUnknown *Unknown `json:"contextUnknown,omitempty"`
	Loc            Loc      `json:"loc"`
}
