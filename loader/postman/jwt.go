package postman

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/authlint/authlint/internal/model"
)

// jwtPattern matches a compact JWS whose header and payload are JSON objects
// (base64url of "{"), with an optional Bearer prefix.
var jwtPattern = regexp.MustCompile(`^(?:[Bb][Ee][Aa][Rr][Ee][Rr]\s+)?(eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*)$`)

// jwtInText finds a JWT inside longer text (a URL's query, a raw body).
var jwtInText = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`)

// findJWT returns the first JWT in s, if any.
func findJWT(s string) (string, bool) {
	if len(s) > 4<<20 {
		s = s[:4<<20]
	}
	t := jwtInText.FindString(s)
	return t, t != ""
}

// redactJWTs replaces every JWT in s: values copied into the model (a URL
// with ?access_token=…) must not carry a token.
func redactJWTs(s string) string {
	if !strings.Contains(s, "eyJ") {
		return s
	}
	return jwtInText.ReplaceAllString(s, "[JWT redacted]")
}

// cognitoIssuer matches a Cognito user pool issuer.
var cognitoIssuer = regexp.MustCompile(`^https://cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/([A-Za-z0-9_-]+)$`)

// isJWT reports whether s (trimmed) is a JWT, with or without Bearer.
func isJWT(s string) bool {
	return len(s) < 1<<16 && jwtPattern.MatchString(strings.TrimSpace(s))
}

// decodeJWT fills the claims of a committed token from s. The token, and its
// signature, are not kept.
func decodeJWT(s string, t *model.CommittedToken) {
	m := jwtPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return
	}
	parts := strings.Split(m[1], ".")
	var header struct {
		Alg any `json:"alg"`
	}
	var claims map[string]any
	if !decodePart(parts[0], &header) || !decodePart(parts[1], &claims) {
		return
	}
	t.Decoded = true
	t.Algorithm = claimText(header.Alg)
	t.Issuer = claimText(claims["iss"])
	t.TokenUse = claimText(claims["token_use"])
	t.ClientID = claimText(claims["client_id"])
	if t.ClientID == "" {
		t.ClientID = claimText(claims["aud"])
	}
	if exp, ok := claims["exp"].(float64); ok && exp > 0 && exp < 1e12 {
		t.Expires = int64(exp)
	}
	if im := cognitoIssuer.FindStringSubmatch(t.Issuer); im != nil {
		t.Region, t.UserPoolID = im[1], im[2]
	}
}

func decodePart(p string, v any) bool {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(p, "="))
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

// claimText returns a string claim, clipped: claims come from the file and
// end up in messages.
func claimText(v any) string {
	s, ok := v.(string)
	if !ok {
		return ""
	}
	return clip(s, 200)
}
