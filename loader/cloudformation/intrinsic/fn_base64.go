package intrinsic

import "encoding/base64"

// base64 evaluates Fn::Base64.
func (r *Resolver) base64(arg any) Result {
	v := r.Resolve(arg)
	s, ok := v.String()
	if !ok {
		return unknown("the encoded text is not known", Render(map[string]any{"Fn::Base64": arg}))
	}
	return known(base64.StdEncoding.EncodeToString([]byte(s)))
}
