package explain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxJWKSSize bounds a fetched key set (Cognito's holds two keys).
const maxJWKSSize = 1 << 20

// PoolARNForToken returns the provider ARN of the method's authorizer that
// names the user pool the token in value says it comes from. ok is false when
// the token names no Cognito pool, or one the authorizer does not list: keys
// are only ever fetched for a pool the configuration names, never for the
// issuer a token claims.
func PoolARNForToken(m *Match, value string) (arn string, ok bool) {
	_, tok := ParseHeader("", value)
	d := Decode(tok)
	if d.Info == nil || d.Info.Claims == nil || d.Info.Claims.Iss == nil {
		return "", false
	}
	pool := (*d.Info.Claims.Iss)[strings.LastIndex(*d.Info.Claims.Iss, "/")+1:]
	if m.Method.Authorizer == nil || pool == "" {
		return "", false
	}
	for i := range m.API.Authorizers {
		a := &m.API.Authorizers[i]
		if a.Ref != m.Method.Authorizer.Target {
			continue
		}
		for _, p := range a.ProviderARNs.Items {
			if s, known := p.ARN.Get(); known && strings.HasSuffix(s, ":userpool/"+pool) {
				return s, true
			}
		}
	}
	return "", false
}

// JWKSURL is the public key URL of the pool a provider ARN names:
// https://cognito-idp.REGION.amazonaws.com/POOL_ID/.well-known/jwks.json.
// endpoint, when set (an emulator), replaces the scheme and host.
func JWKSURL(arn, endpoint string) (string, error) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[2] != "cognito-idp" || !strings.HasPrefix(parts[5], "userpool/") {
		return "", fmt.Errorf("%s is not a user pool ARN", arn)
	}
	partition, region, pool := parts[1], parts[3], strings.TrimPrefix(parts[5], "userpool/")
	if endpoint != "" {
		return strings.TrimRight(endpoint, "/") + "/" + pool + "/.well-known/jwks.json", nil
	}
	host := "amazonaws.com"
	if partition == "aws-cn" {
		host = "amazonaws.com.cn"
	}
	return "https://cognito-idp." + region + "." + host + "/" + pool + "/.well-known/jwks.json", nil
}

// FetchKeys gets a pool's key set. Redirects are refused: the keys come from
// the URL derived from the configuration or nowhere.
func FetchKeys(ctx context.Context, client *http.Client, url string) (*Keys, error) {
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return errors.New("redirects are not followed") }
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", url, err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: HTTP %d", url, resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSSize+1))
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", url, err)
	}
	if len(b) > maxJWKSSize {
		return nil, fmt.Errorf("fetching %s: larger than 1 MiB", url)
	}
	return ParseKeys(b, url)
}
