package model

// HTTPAPI is one API Gateway HTTP API (v2). Its JWT authorizers check tokens
// differently from a REST API's COGNITO_USER_POOLS authorizer (issuer, audience
// against aud or client_id, scopes), so it is its own type rather than a
// RestAPI variant.
type HTTPAPI struct {
	Object
	// Origin is the kind of source that defined the API (Kind* constants).
	Origin string  `json:"origin"`
	ID     *String `json:"id,omitempty"`
	Name   *String `json:"name,omitempty"`
	// Account and Region are known for live APIs.
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// ProtocolType is HTTP (WEBSOCKET APIs are not read).
	ProtocolType *String `json:"protocolType,omitempty"`
	// QuickCreateTarget is the API's Target (quick create): API Gateway then
	// creates a $default route without authorization, an integration and an
	// auto-deployed $default stage.
	QuickCreateTarget *String `json:"quickCreateTarget,omitempty"`
	// DisableExecuteAPIEndpoint mirrors disableExecuteApiEndpoint.
	DisableExecuteAPIEndpoint *Bool `json:"disableExecuteApiEndpoint,omitempty"`

	Routes []Route `json:"routes"`
	// RoutesUnknown is set when the route list may be incomplete (a body in S3,
	// routes created by a resource authlint does not read).
	RoutesUnknown *Unknown         `json:"routesUnknown,omitempty"`
	Authorizers   []HTTPAuthorizer `json:"authorizers"`
	// AuthorizersUnknown is set when the authorizer list may be incomplete.
	AuthorizersUnknown *Unknown    `json:"authorizersUnknown,omitempty"`
	Stages             []HTTPStage `json:"stages"`
	// StagesUnknown is set when stages are defined outside what was read
	// (a standalone OpenAPI file).
	StagesUnknown *Unknown `json:"stagesUnknown,omitempty"`
	// Deployments are explicit deployments (AWS::ApiGatewayV2::Deployment,
	// aws_apigatewayv2_deployment, live GetDeployments).
	Deployments        []Deployment `json:"deployments"`
	DeploymentsUnknown *Unknown     `json:"deploymentsUnknown,omitempty"`
	// CORS is the API's CorsConfiguration; nil when none is configured. When it
	// is set, API Gateway answers preflight requests itself.
	CORS *HTTPCORS `json:"cors,omitempty"`
	// SAM holds the AWS::Serverless::HttpApi settings that shape routes.
	SAM *SAMHTTPInfo `json:"sam,omitempty"`
}

// Route is one route of an HTTP API.
type Route struct {
	Object
	// ID is the physical route id (live).
	ID *String `json:"id,omitempty"`
	// RouteKey is "GET /pets/{id}", "ANY /{proxy+}" or "$default".
	RouteKey String `json:"routeKey"`
	// AuthorizationType is NONE, JWT, AWS_IAM or CUSTOM; loaders always fill it
	// (NONE when the source sets nothing, as API Gateway does).
	AuthorizationType String `json:"authorizationType"`
	// AuthDeclared is true when the source sets the route's authorization
	// itself, false when it is a default (SAM DefaultAuthorizer, none set).
	AuthDeclared bool `json:"authDeclared"`
	// Authorizer links to the authorizer the route names (AuthorizerId), nil
	// when none is named. A route may name one while its type is NONE.
	Authorizer          *Link   `json:"authorizer,omitempty"`
	AuthorizationScopes Strings `json:"authorizationScopes"`
	// Target is the integration target ("integrations/abc123"), when set.
	Target *String `json:"target,omitempty"`
	// GeneratedBy names the tool that created the route when the user did not
	// write it: "quick-create" for the $default route of a quick-create API,
	// "sam" for routes SAM creates from HttpApi events.
	GeneratedBy string `json:"generatedBy,omitempty"`
}

// HTTPAuthorizer is an HTTP API authorizer: JWT, or REQUEST (a Lambda), which
// is kept so that routes link to it but not checked further.
type HTTPAuthorizer struct {
	Object
	ID   *String `json:"id,omitempty"`
	Name *String `json:"name,omitempty"`
	// Type is JWT or REQUEST (upper case; OpenAPI's "jwt" is normalized).
	Type String `json:"type"`
	// Issuer is jwtConfiguration.issuer; nil when not set.
	Issuer *String `json:"issuer,omitempty"`
	// IssuerUserPool links to the user pool the issuer names: by a reference in
	// the source (!Sub …${Pool}, a Terraform reference) or by the pool id in a
	// literal issuer URL matching a pool of the inventory.
	IssuerUserPool *Link `json:"issuerUserPool,omitempty"`
	// Audience is jwtConfiguration.audience; nil when not set.
	Audience *Audience `json:"audience,omitempty"`
	// IdentitySource lists the identity source expressions
	// ("$request.header.Authorization").
	IdentitySource *Strings `json:"identitySource,omitempty"`
}

// Audience is a JWT authorizer's audience list.
type Audience struct {
	Items   []AudienceEntry `json:"items"`
	Unknown *Unknown        `json:"unknown,omitempty"`
	Loc     Loc             `json:"loc"`
}

// AudienceEntry is one audience value, linked to the app client it names when
// the inventory can tell.
type AudienceEntry struct {
	Value String `json:"value"`
	// AppClient links to the app client the entry names (a reference to a
	// client resource, or a literal client id of a client in the inventory).
	AppClient *Link `json:"appClient,omitempty"`
	// UserPool links to a user pool when the entry is a reference to a pool
	// (its id) rather than to a client: a pool id is never an audience.
	UserPool *Link `json:"userPool,omitempty"`
	Loc      Loc   `json:"loc"`
}

// HTTPStage is an HTTP API stage.
type HTTPStage struct {
	Object
	Name *String `json:"name,omitempty"`
	// AutoDeploy tells whether every change is deployed at once.
	AutoDeploy *Bool `json:"autoDeploy,omitempty"`
	// Deployment links to the explicit deployment the stage points at.
	Deployment   *Link   `json:"deployment,omitempty"`
	DeploymentID *String `json:"deploymentId,omitempty"`
}

// HTTPCORS is an HTTP API CorsConfiguration (values as written).
type HTTPCORS struct {
	AllowOrigins     *Strings `json:"allowOrigins,omitempty"`
	AllowHeaders     *Strings `json:"allowHeaders,omitempty"`
	AllowMethods     *Strings `json:"allowMethods,omitempty"`
	AllowCredentials *Bool    `json:"allowCredentials,omitempty"`
	Unknown          *Unknown `json:"unknown,omitempty"`
	Loc              Loc      `json:"loc"`
}

// SAMHTTPInfo holds the AWS::Serverless::HttpApi settings that decide what SAM
// generates.
type SAMHTTPInfo struct {
	// DefaultAuthorizer is Auth.DefaultAuthorizer.
	DefaultAuthorizer *String `json:"defaultAuthorizer,omitempty"`
	// EnableIamAuthorizer is Auth.EnableIamAuthorizer.
	EnableIamAuthorizer *Bool `json:"enableIamAuthorizer,omitempty"`
	AuthLoc             Loc   `json:"authLoc"`
	Loc                 Loc   `json:"loc"`
}
