package model

// Where a Postman auth setting is written (TokenRequest.Scope, RequestAuth.Scope).
const (
	PostmanScopeCollection = "collection"
	PostmanScopeFolder     = "folder"
	PostmanScopeRequest    = "request"
)

// TokenRequest is one auth setting of a Postman collection — written on the
// collection, a folder or a request — as one environment resolves its
// {{variables}}. An oauth2 setting describes how Postman asks Cognito for a
// token; the other types (bearer, apikey, basic, awsv4, …) say what the
// requests that inherit it send. A collection checked against several
// environments has one TokenRequest per setting and environment.
//
// Secrets never enter the model: a client secret, an access token or a bearer
// token is only recorded as present or not (and, for a JWT written as a
// literal, as a CommittedToken's decoded facts).
type TokenRequest struct {
	Object
	// Collection is the collection's name (info.name).
	Collection string `json:"collection"`
	// Environment is the name of the environment whose variables resolved
	// the values; empty when no environment was used.
	Environment string `json:"environment,omitempty"`
	// Scope is where the auth is written: collection, folder or request
	// (the PostmanScope* constants). It is not the OAuth scope (Scopes).
	Scope string `json:"scope"`
	// Item is the path of folder and request names down to where the auth
	// is written ("admin / GET pets"); empty for the collection.
	Item string `json:"item,omitempty"`
	// AuthType is auth.type as written: oauth2, bearer, apikey, basic,
	// awsv4, … (types authlint does not know are kept as written).
	AuthType string `json:"authType"`

	// GrantType is oauth2 grant_type: authorization_code,
	// authorization_code_with_pkce, implicit, client_credentials,
	// password_credentials.
	GrantType *String `json:"grantType,omitempty"`
	// AuthURL is oauth2 authUrl, TokenURL accessTokenUrl.
	AuthURL  *String `json:"authUrl,omitempty"`
	TokenURL *String `json:"tokenUrl,omitempty"`
	ClientID *String `json:"clientId,omitempty"`
	// SecretPresent tells whether clientSecret is set (never its value);
	// unknown when it is a variable that does not resolve.
	SecretPresent *Bool `json:"secretPresent,omitempty"`
	// Scopes is oauth2 scope, split on spaces.
	Scopes *Strings `json:"scopes,omitempty"`
	// Callback is redirect_uri, or the callback Postman uses when useBrowser
	// is set.
	Callback *String `json:"callback,omitempty"`
	// PKCEMethod is challengeAlgorithm (S256 or plain) for the PKCE grant.
	PKCEMethod *String `json:"pkceMethod,omitempty"`
	// ClientAuthentication is client_authentication: header (HTTP Basic) or body.
	ClientAuthentication *String `json:"clientAuthentication,omitempty"`
	// AddTokenTo is addTokenTo: header (Postman's default) or queryParams.
	AddTokenTo *String `json:"addTokenTo,omitempty"`
	// HeaderPrefix is headerPrefix (Postman's default: Bearer).
	HeaderPrefix *String `json:"headerPrefix,omitempty"`
	// AccessTokenPresent tells whether a token is written in the collection:
	// oauth2 accessToken, or bearer token. Never the token itself.
	AccessTokenPresent *Bool `json:"accessTokenPresent,omitempty"`
	// TokenVariable names the variable the token is taken from when the
	// value is exactly one {{variable}} (bearer token "{{id_token}}").
	TokenVariable string `json:"tokenVariable,omitempty"`

	// AppClient, Domain and UserPool link to the Cognito objects the request
	// names (by client id, by domain); the workspace step fills them when
	// another input of the scan defines them. Nil from the loader.
	AppClient *Link `json:"appClient,omitempty"`
	Domain    *Link `json:"domain,omitempty"`
	UserPool  *Link `json:"userPool,omitempty"`
}

// APIRequest is one request of a Postman collection, as one environment
// resolves it.
type APIRequest struct {
	Object
	// Collection and Environment are as for TokenRequest.
	Collection  string `json:"collection"`
	Environment string `json:"environment,omitempty"`
	// Name is the request's name; Item the path of folder names and the name.
	Name string `json:"name"`
	Item string `json:"item"`
	// HTTPMethod is upper case (Postman's default: GET).
	HTTPMethod String `json:"httpMethod"`
	// URL is the request URL with the variables resolved; unknown when one
	// does not resolve. Host and Path are its parts when it parses.
	URL  String  `json:"url"`
	Host *String `json:"host,omitempty"`
	Path *String `json:"path,omitempty"`
	// Auth is the effective auth after inheritance.
	Auth RequestAuth `json:"auth"`
	// AuthorizationHeader is an Authorization header the request sets
	// itself; nil when it sets none (or only a disabled one).
	AuthorizationHeader *AuthorizationHeader `json:"authorizationHeader,omitempty"`

	// Method and API link to the API Gateway method and API the request
	// calls; the workspace step fills them. Nil from the loader.
	Method *Link `json:"method,omitempty"`
	API    *Link `json:"api,omitempty"`
}

// RequestAuth is the auth a request is sent with after inheritance.
type RequestAuth struct {
	// Type is the auth type in effect: oauth2, bearer, apikey, basic, awsv4,
	// …, "noauth" when a noauth setting stops inheritance, "none" when
	// nothing up the tree sets auth.
	Type string `json:"type"`
	// Scope is where the auth in effect is written (collection, folder,
	// request); empty for none.
	Scope string `json:"scope,omitempty"`
	// TokenRequest is the ref of the TokenRequest in effect; empty for
	// noauth and none.
	TokenRequest string `json:"tokenRequest,omitempty"`
	// Inherited is true when the request does not set auth itself.
	Inherited bool `json:"inherited"`
	Loc       Loc  `json:"loc"`
}

// AuthorizationHeader is the shape of an Authorization header a request sets
// directly; the value itself is never recorded.
type AuthorizationHeader struct {
	// Scheme is the first word when the value has two ("Bearer"); empty
	// when the value is one word.
	Scheme string `json:"scheme,omitempty"`
	// Variable names the variable the credential comes from when it is one
	// {{variable}} ("id_token").
	Variable string `json:"variable,omitempty"`
	// Resolved tells whether the value resolves to literal text.
	Resolved bool `json:"resolved"`
	// JWT is true when the credential is (or resolves to) a JWT.
	JWT bool `json:"jwt"`
	Loc Loc  `json:"loc"`
}

// CommittedToken is a JWT written as a literal in a Postman collection,
// environment or globals file. Only decoded claims are kept: never the token
// or its signature.
type CommittedToken struct {
	Object
	// Where says which setting holds it: "bearer token", "oauth2
	// accessToken", "Authorization header", "environment value id_token", ….
	Where string `json:"where"`
	// Variable is the variable name when the token is a variable's value.
	Variable string `json:"variable,omitempty"`
	// Decoded is false when the value looks like a JWT but its header or
	// payload is not base64url JSON.
	Decoded bool `json:"decoded"`
	// Claims the token carries, when present.
	Issuer    string `json:"issuer,omitempty"`
	TokenUse  string `json:"tokenUse,omitempty"`
	ClientID  string `json:"clientId,omitempty"`
	Algorithm string `json:"algorithm,omitempty"`
	// Expires is exp (seconds since the epoch); zero when absent.
	Expires int64 `json:"expires,omitempty"`
	// Region and UserPoolID come from a Cognito issuer
	// (https://cognito-idp.REGION.amazonaws.com/POOL).
	Region     string `json:"region,omitempty"`
	UserPoolID string `json:"userPoolId,omitempty"`
}
