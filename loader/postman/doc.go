// Package postman reads Postman collections (formats v2.0 and v2.1, detected
// by content), environments and globals into the model: every auth setting
// of the collection, its folders and its requests becomes a TokenRequest
// (for oauth2: grant type, auth and token URLs, client id, whether a secret
// and a token are present, scopes, callback, PKCE method, where the token
// goes), every request an APIRequest with the auth in effect after
// Postman's inheritance (a request without auth takes its folder's, then the
// collection's; noauth stops it).
//
// {{variables}} resolve as Postman resolves them: globals, then collection
// variables, then the environment, then --postman-var values (the narrowest
// wins), substituted repeatedly up to Postman's 19 levels. A collection is
// checked with each environment beside it (files whose name says env or
// globals and whose _postman_variable_scope says so), or with the ones named
// by --postman-env and --postman-globals; one TokenRequest and APIRequest
// per environment, named in findings. What does not resolve — undefined,
// empty (current values are not exported), dynamic ({{$guid}}), cyclic,
// template placeholders (<AUTH_URL>, <%= x %>) — is unknown, never guessed.
//
// Secrets never enter the model: client secrets, access tokens, bearer
// tokens and values built from secret variables are recorded as present or
// not. A JWT written as a literal becomes a CommittedToken holding only its
// decoded claims (issuer, token_use, client, expiry).
package postman
