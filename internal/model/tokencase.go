package model

// TokenCase is the input document of the token rules (TK…, evaluated by
// `authlint explain`, never over inventories): one token as a client sent it,
// the method it was sent to, and the authorizer, user pools and app clients
// that method uses. The token itself is not part of it: only the shape of the
// header value, the decoded JOSE header and claims, and the outcome of the
// signature check.
type TokenCase struct {
	SchemaVersion int `json:"schemaVersion"`
	// Now is the time of the check, in seconds since the Unix epoch.
	Now int64 `json:"now"`
	// Header is the shape of the request header value.
	Header TokenHeader `json:"header"`
	// Token is what could be decoded from the value; nil when nothing could.
	Token *TokenInfo `json:"token,omitempty"`
	// Signature is the outcome of the signature check.
	Signature SignatureCheck `json:"signature"`
	// API names the API the method belongs to.
	API TokenAPI `json:"api"`
	// Method is the method the request was sent to.
	Method Method `json:"method"`
	// Authorizer is the authorizer the method links to; nil when it names none
	// or the link cannot be resolved (AuthorizerUnknown then says why).
	Authorizer        *Authorizer `json:"authorizer,omitempty"`
	AuthorizerUnknown *Unknown    `json:"authorizerUnknown,omitempty"`
	// UserPools and AppClients are the pools of the inventory and their
	// clients (the authorizer's provider ARNs link to some of them).
	UserPools  []UserPool  `json:"userPools"`
	AppClients []AppClient `json:"appClients"`
	// ResourcePolicy is the API's resource policy, nil when it has none.
	ResourcePolicy *Policy `json:"resourcePolicy,omitempty"`
	// Stage is the stage the request was sent to, when --stage names one.
	Stage *TokenStage `json:"stage,omitempty"`
}

// TokenHeader describes the request header value without holding it.
type TokenHeader struct {
	// Name is the request header that carries the value.
	Name string `json:"name"`
	// Empty is true when the value is empty or only whitespace.
	Empty bool `json:"empty"`
	// Prefixes are the words written before the token ("Bearer", "bearer",
	// "Bearer Bearer" gives two), as written.
	Prefixes []string `json:"prefixes"`
	// ExtraSpaces is true when a prefix is followed by more than one space.
	ExtraSpaces bool `json:"extraSpaces"`
	// Quoted is true when quotes surround or sit inside the value.
	Quoted bool `json:"quoted"`
	// OuterSpaces is true for spaces or tabs before or after the value (HTTP
	// drops them).
	OuterSpaces bool `json:"outerSpaces"`
	// LineBreak is true when the value holds a line break.
	LineBreak bool `json:"lineBreak"`
	// InnerSpaces is true for spaces or tabs inside the token.
	InnerSpaces bool `json:"innerSpaces"`
	// URLEncoded is true when the token holds %XX escapes.
	URLEncoded bool `json:"urlEncoded"`
	// SigV4 is true for an AWS Signature Version 4 value (AWS4-HMAC-SHA256 …).
	SigV4 bool `json:"sigV4"`
	// Segments is the number of dot-separated parts of the token once the
	// prefixes, quotes and whitespace are taken away (3 for a JWS, 5 for a JWE).
	Segments int `json:"segments"`
}

// Token kinds.
const (
	TokenJWS = "jws"
	TokenJWE = "jwe"
)

// TokenInfo is what the token holds, decoded without trusting it.
type TokenInfo struct {
	// Kind is jws (a signed JWT) or jwe (an encrypted token, such as a Cognito
	// refresh token).
	Kind string `json:"kind"`
	// Header is the JOSE header.
	Header JOSEHeader `json:"header"`
	// Claims are the payload's claims; nil for a JWE or when the payload is
	// not a JSON object (Problem says why).
	Claims *TokenClaims `json:"claims,omitempty"`
	// Problem says why the token could not be decoded fully ("" when it could).
	Problem string `json:"problem,omitempty"`
}

// JOSEHeader holds the JOSE header fields the checks read.
type JOSEHeader struct {
	Alg string `json:"alg,omitempty"`
	Kid string `json:"kid,omitempty"`
	Typ string `json:"typ,omitempty"`
	Enc string `json:"enc,omitempty"`
	Cty string `json:"cty,omitempty"`
}

// TokenClaims are the claims the checks read. A nil pointer is a claim the
// token does not carry (or carries with another JSON type).
type TokenClaims struct {
	Iss      *string `json:"iss,omitempty"`
	Sub      *string `json:"sub,omitempty"`
	TokenUse *string `json:"tokenUse,omitempty"`
	// Aud holds the aud claim's values (a string or a list).
	Aud      []string `json:"aud,omitempty"`
	ClientID *string  `json:"clientId,omitempty"`
	// Scope is the space-separated scope claim, Scopes its words.
	Scope  *string  `json:"scope,omitempty"`
	Scopes []string `json:"scopes,omitempty"`
	Exp    *int64   `json:"exp,omitempty"`
	Iat    *int64   `json:"iat,omitempty"`
	Nbf    *int64   `json:"nbf,omitempty"`
	// Username is cognito:username (ID tokens) or username (access tokens).
	Username *string `json:"username,omitempty"`
	// Problems lists claims present with a JSON type Cognito never uses
	// ("exp is not a number").
	Problems []string `json:"problems,omitempty"`
}

// Signature check outcomes.
const (
	SignatureValid       = "valid"
	SignatureInvalid     = "invalid"
	SignatureKidNotFound = "kid-not-found"
	SignatureNotChecked  = "not-checked"
	SignatureUnsupported = "unsupported"
)

// SignatureCheck is the outcome of verifying the token's signature.
type SignatureCheck struct {
	// Status is one of the Signature* constants.
	Status string `json:"status"`
	// Detail says why, briefly (never quoting the token).
	Detail string `json:"detail,omitempty"`
	// KeySource names where the keys came from (the --jwks file, or the
	// issuer URL derived from the authorizer's pool).
	KeySource string `json:"keySource,omitempty"`
}

// TokenAPI names the API of the method.
type TokenAPI struct {
	Ref    string `json:"ref"`
	Name   string `json:"name,omitempty"`
	ID     string `json:"id,omitempty"`
	Origin string `json:"origin,omitempty"`
	// Source is the input the API was read from.
	Source string `json:"source,omitempty"`
}

// TokenStage is the stage the request is sent to.
type TokenStage struct {
	Name string `json:"name"`
	// Found is true when the API has the stage, false when it is known not
	// to; FoundUnknown is set when the API's stages cannot be known.
	Found        bool     `json:"found"`
	FoundUnknown *Unknown `json:"foundUnknown,omitempty"`
	// Variables are the stage's variables (for ${stageVariables.X} in
	// provider ARNs).
	Variables        []StageVariable `json:"variables"`
	VariablesUnknown *Unknown        `json:"variablesUnknown,omitempty"`
	// Serves tells whether the stage's deployed snapshot has the method; nil
	// when no snapshot is known.
	Serves *bool `json:"serves,omitempty"`
}
