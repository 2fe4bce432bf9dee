package explain

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/lestrrat-go/jwx/v3/jwe"
	"github.com/lestrrat-go/jwx/v3/jws"

	"github.com/authlint/authlint/internal/model"
)

// Decoded is what a token holds, read without trusting it.
type Decoded struct {
	// Info is the rules' view of the token; nil when nothing could be read.
	Info *model.TokenInfo
	// Header and Claims are the JOSE header and the payload as decoded, for
	// display (the signature is never part of them).
	Header map[string]any
	Claims map[string]any
}

// Decode reads a compact JWS (3 parts) or JWE (5 parts). Problems are
// described without quoting the token.
func Decode(tok string) Decoded {
	switch strings.Count(tok, ".") + 1 {
	case 3:
		return decodeJWS(tok)
	case 5:
		return decodeJWE(tok)
	default:
		return Decoded{}
	}
}

func decodeJWS(tok string) Decoded {
	info := &model.TokenInfo{Kind: model.TokenJWS}
	d := Decoded{Info: info}
	parts := strings.Split(tok, ".")
	for i, p := range parts[:2] {
		if _, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(p, "=")); err != nil {
			info.Problem = fmt.Sprintf("the %s part is not base64url", []string{"header", "payload"}[i])
			return d
		}
	}
	msg, err := jws.Parse([]byte(tok))
	if err != nil || len(msg.Signatures()) != 1 {
		info.Problem = "the header is not a JSON object of a JWS"
		return d
	}
	hdr := msg.Signatures()[0].ProtectedHeaders()
	if alg, ok := hdr.Algorithm(); ok {
		info.Header.Alg = alg.String()
	}
	info.Header.Kid, _ = hdr.KeyID()
	info.Header.Typ, _ = hdr.Type()
	info.Header.Cty, _ = hdr.ContentType()
	if raw, err := json.Marshal(hdr); err == nil {
		d.Header = decodeObject(raw)
	}
	d.Claims = decodeObject(msg.Payload())
	if d.Claims == nil {
		info.Problem = "the payload is not a JSON object"
		return d
	}
	info.Claims = claimsOf(d.Claims)
	return d
}

func decodeJWE(tok string) Decoded {
	info := &model.TokenInfo{Kind: model.TokenJWE}
	d := Decoded{Info: info}
	msg, err := jwe.Parse([]byte(tok))
	if err != nil {
		info.Problem = "the header is not a JSON object of a JWE"
		return d
	}
	hdr := msg.ProtectedHeaders()
	if alg, ok := hdr.Algorithm(); ok {
		info.Header.Alg = alg.String()
	}
	if enc, ok := hdr.ContentEncryption(); ok {
		info.Header.Enc = enc.String()
	}
	info.Header.Kid, _ = hdr.KeyID()
	info.Header.Typ, _ = hdr.Type()
	info.Header.Cty, _ = hdr.ContentType()
	if raw, err := json.Marshal(hdr); err == nil {
		d.Header = decodeObject(raw)
	}
	return d
}

// decodeObject decodes a JSON object keeping numbers exact; nil when b is
// not one.
func decodeObject(b []byte) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return nil
	}
	return m
}

// claimsOf reads the claims the rules look at, noting claims of a JSON type
// Cognito never writes.
func claimsOf(m map[string]any) *model.TokenClaims {
	c := &model.TokenClaims{}
	str := func(key string) *string {
		v, ok := m[key]
		if !ok {
			return nil
		}
		s, ok := v.(string)
		if !ok {
			c.Problems = append(c.Problems, key+" is not a string")
			return nil
		}
		return &s
	}
	num := func(key string) *int64 {
		v, ok := m[key]
		if !ok {
			return nil
		}
		n, ok := v.(json.Number)
		if !ok {
			c.Problems = append(c.Problems, key+" is not a number")
			return nil
		}
		if i, err := n.Int64(); err == nil {
			return &i
		}
		f, err := n.Float64()
		if err != nil || math.IsInf(f, 0) || math.Abs(f) > 1e15 {
			c.Problems = append(c.Problems, key+" is not a time")
			return nil
		}
		i := int64(f)
		return &i
	}
	c.Iss = str("iss")
	c.Sub = str("sub")
	c.TokenUse = str("token_use")
	c.ClientID = str("client_id")
	c.Scope = str("scope")
	if c.Scope != nil {
		c.Scopes = strings.Fields(*c.Scope)
	}
	c.Exp, c.Iat, c.Nbf = num("exp"), num("iat"), num("nbf")
	if _, ok := m["cognito:username"]; ok {
		c.Username = str("cognito:username")
	} else {
		c.Username = str("username")
	}
	switch aud := m["aud"].(type) {
	case nil:
	case string:
		c.Aud = []string{aud}
	case []any:
		for _, a := range aud {
			s, ok := a.(string)
			if !ok {
				c.Problems = append(c.Problems, "aud holds a value that is not a string")
				break
			}
			c.Aud = append(c.Aud, s)
		}
	default:
		c.Problems = append(c.Problems, "aud is neither a string nor a list")
	}
	return c
}
