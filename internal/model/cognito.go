package model

// UserPool is a Cognito user pool.
type UserPool struct {
	Object
	// ID is the pool id (us-east-1_AbC123), ARN its ARN, when known.
	ID     *String `json:"id,omitempty"`
	ARN    *String `json:"arn,omitempty"`
	Name   *String `json:"name,omitempty"`
	Region string  `json:"region,omitempty"`
	// Account is the owning account, when known.
	Account string `json:"account,omitempty"`
	// IssuerFormat is IssuerConfiguration.Type: ORIGINAL or UPDATED.
	IssuerFormat *String `json:"issuerFormat,omitempty"`
	// PreTokenGenerationVersion is the pre-token-generation trigger's
	// LambdaVersion (V1_0, V2_0, V3_0); nil when no trigger is configured.
	PreTokenGenerationVersion *String `json:"preTokenGenerationVersion,omitempty"`
	// Complete is true when every app client, resource server and domain of the
	// pool is in this inventory (live scans; a template that defines the pool).
	// Rules that conclude "no client allows this scope" need it.
	Complete bool `json:"complete"`
	// Incomplete says why Complete is false, when the loader knows (a custom
	// resource or a nested stack it does not read receives the pool, …).
	Incomplete *Unknown `json:"incomplete,omitempty"`
	// OpenOnlyToExports is true when the only reason the pool is not Complete
	// is that exported outputs hand it to other stacks: a scan that holds the
	// stacks importing those exports sees every part of it.
	OpenOnlyToExports bool `json:"openOnlyToExports,omitempty"`
}

// AppClient is a Cognito user pool app client. It never holds a client secret.
type AppClient struct {
	Object
	UserPool Link    `json:"userPool"`
	ID       *String `json:"id,omitempty"`
	Name     *String `json:"name,omitempty"`
	// GenerateSecret tells whether the client has a secret.
	GenerateSecret *Bool `json:"generateSecret,omitempty"`
	// AllowedOAuthFlows: code, implicit, client_credentials.
	AllowedOAuthFlows               *Strings `json:"allowedOAuthFlows,omitempty"`
	AllowedOAuthScopes              *Strings `json:"allowedOAuthScopes,omitempty"`
	AllowedOAuthFlowsUserPoolClient *Bool    `json:"allowedOAuthFlowsUserPoolClient,omitempty"`
	CallbackURLs                    *Strings `json:"callbackUrls,omitempty"`
	LogoutURLs                      *Strings `json:"logoutUrls,omitempty"`
	ExplicitAuthFlows               *Strings `json:"explicitAuthFlows,omitempty"`
	SupportedIdentityProviders      *Strings `json:"supportedIdentityProviders,omitempty"`
	AccessTokenValidity             *Int     `json:"accessTokenValidity,omitempty"`
	IDTokenValidity                 *Int     `json:"idTokenValidity,omitempty"`
	RefreshTokenValidity            *Int     `json:"refreshTokenValidity,omitempty"`
	EnableTokenRevocation           *Bool    `json:"enableTokenRevocation,omitempty"`
}

// ResourceServer is a Cognito resource server, which defines custom scopes.
type ResourceServer struct {
	Object
	UserPool   Link   `json:"userPool"`
	Identifier String `json:"identifier"`
	// Scopes are the scope names (without the identifier prefix).
	Scopes        []String `json:"scopes"`
	ScopesUnknown *Unknown `json:"scopesUnknown,omitempty"`
}

// UserPoolDomain is a user pool domain (prefix or custom), which enables the
// OAuth 2.0 endpoints.
type UserPoolDomain struct {
	Object
	UserPool Link   `json:"userPool"`
	Domain   String `json:"domain"`
	// Custom is true for a custom domain (with a certificate).
	Custom bool `json:"custom"`
	// Status is ACTIVE, CREATING, … (live only).
	Status *String `json:"status,omitempty"`
}
