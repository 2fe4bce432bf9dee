package explain

import (
	"fmt"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"

	"github.com/authlint/authlint/internal/model"
)

// Keys is a JSON Web Key Set and where it came from.
type Keys struct {
	set jwk.Set
	// Source names the file or URL, for messages.
	Source string
}

// ParseKeys reads a JWKS document (the content of a pool's jwks.json).
func ParseKeys(data []byte, source string) (*Keys, error) {
	set, err := jwk.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a JSON Web Key Set: %w", source, err)
	}
	if set.Len() == 0 {
		return nil, fmt.Errorf("%s holds no key", source)
	}
	return &Keys{set: set, Source: source}, nil
}

// Verify checks a JWS's signature with the key its kid names in keys. Only
// RS256, the algorithm Cognito signs with, is verified: another alg is
// reported as unsupported, never tried (a public key used as an HMAC secret
// is the classic forgery). Without keys the signature is not checked.
func Verify(tok string, info *model.TokenInfo, keys *Keys) model.SignatureCheck {
	if keys == nil {
		return model.SignatureCheck{Status: model.SignatureNotChecked, Detail: "no JWKS was given"}
	}
	sc := model.SignatureCheck{KeySource: keys.Source}
	switch {
	case info == nil || info.Kind != model.TokenJWS || info.Problem != "":
		sc.Status, sc.Detail = model.SignatureNotChecked, "the token could not be decoded"
	case info.Header.Alg != jwa.RS256().String():
		sc.Status, sc.Detail = model.SignatureUnsupported, "alg "+info.Header.Alg+" is not RS256"
	case info.Header.Kid == "":
		sc.Status, sc.Detail = model.SignatureKidNotFound, "the token names no kid"
	default:
		key, ok := keys.set.LookupKeyID(info.Header.Kid)
		if !ok {
			sc.Status, sc.Detail = model.SignatureKidNotFound, "no key with this kid"
			return sc
		}
		if _, err := jws.Verify([]byte(tok), jws.WithKey(jwa.RS256(), key)); err != nil {
			sc.Status, sc.Detail = model.SignatureInvalid, "the signature does not verify"
			return sc
		}
		sc.Status, sc.Detail = model.SignatureValid, ""
	}
	return sc
}
