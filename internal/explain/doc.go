// Package explain answers "why does this token get a 401 on this method?".
//
// It reads the header value a client sends without trusting it (ParseHeader,
// Decode: the shape of the value, the JOSE header and claims, parsed with
// lestrrat-go/jwx), verifies the signature only against keys the caller
// gives (Verify: a JWKS from --jwks, or the one fetched from the issuer URL
// derived from the authorizer's pool, never from a URL the token names),
// finds the method in the loaded inventories as API Gateway routes a request
// (FindMethod: path parameters, {proxy+}, ANY), and builds the model.TokenCase
// the token rules (policies/rules/token, TK…) evaluate. The decisions are the
// rules'; this package only parses, verifies and orders their results by the
// step of API Gateway's handling each rule declares (Explain), and renders
// them (WriteText, WriteJSON, WriteMarkdown).
//
// The token is never kept whole in a result: results carry its header and
// claims, never its signature, and no message quotes it.
package explain
