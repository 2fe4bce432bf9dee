package apigw

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
)

// Values resolves raw decoded values found at JSON pointers into model values.
// A CloudFormation implementation resolves intrinsics; a literal one only
// converts scalars.
type Values interface {
	// Loc returns where the value at pointer is written.
	Loc(pointer string) model.Loc
	// KeyLoc returns where the key holding the value at pointer is written
	// (the property name line); for a list item, the item itself. Objects and
	// lists of a policy point at their key, as every loader's properties do.
	KeyLoc(pointer string) model.Loc
	// String resolves a scalar (or intrinsic) at pointer.
	String(v any, pointer string) model.String
}

// Literal is a Values for plain JSON/YAML documents: scalars are known, any
// other shape is unknown. LocFunc gives positions; KeyLocFunc, when set, the
// positions of keys (LocFunc otherwise).
type Literal struct {
	LocFunc    func(pointer string) model.Loc
	KeyLocFunc func(pointer string) model.Loc
}

// KeyLoc returns the position of the key holding pointer.
func (l Literal) KeyLoc(pointer string) model.Loc {
	if l.KeyLocFunc != nil {
		return l.KeyLocFunc(pointer)
	}
	return l.Loc(pointer)
}

// Loc returns the position of pointer.
func (l Literal) Loc(pointer string) model.Loc {
	if l.LocFunc == nil {
		return model.Loc{Pointer: pointer}
	}
	return l.LocFunc(pointer)
}

// String converts a scalar to a known string.
func (l Literal) String(v any, pointer string) model.String {
	loc := l.Loc(pointer)
	if s, ok := Scalar(v); ok {
		return model.Known(s, loc)
	}
	return model.UnknownString(model.Unknown{Reason: "expected a text value, found " + Describe(v)}, loc)
}

// Scalar renders a scalar value as text.
func Scalar(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	case int:
		return strconv.Itoa(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case json.Number:
		return t.String(), true
	}
	return "", false
}

// Describe names the shape of a value for messages.
func Describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		if len(t) == 1 {
			for k := range t {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return k
				}
			}
		}
		return "an object"
	case []any:
		return "a list"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// isIntrinsic reports a one-key object whose key is Ref or Fn::*.
func isIntrinsic(m map[string]any) bool {
	if len(m) != 1 {
		return false
	}
	for k := range m {
		return k == "Ref" || strings.HasPrefix(k, "Fn::")
	}
	return false
}

// Ptr joins a JSON pointer and a segment.
func Ptr(base string, seg any) string {
	switch s := seg.(type) {
	case string:
		return base + "/" + yamltree.Escape(s)
	case int:
		return base + "/" + strconv.Itoa(s)
	default:
		return base + "/" + yamltree.Escape(fmt.Sprint(s))
	}
}

// AuthorizationType normalizes a method authorization type (case-insensitive
// in OpenAPI's x-amazon-apigateway-auth) to the API's upper-case spelling.
func AuthorizationType(s string) string {
	u := strings.ToUpper(strings.TrimSpace(s))
	switch u {
	case "COGNITO", "COGNITO_USER_POOLS":
		return "COGNITO_USER_POOLS"
	case "IAM", "AWS_IAM":
		return "AWS_IAM"
	}
	return u
}

// AuthorizerType normalizes an authorizer type: OpenAPI spells them in lower
// case (cognito_user_pools, token, request, jwt), the API in upper case.
func AuthorizerType(s string) string {
	return strings.ToUpper(strings.TrimSpace(s))
}

// Unquote strips API Gateway's single quotes from a static mapping value
// ("'*'" → "*"). ok is false when the value is not a static literal (a mapping
// expression such as method.request.header.Origin).
func Unquote(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return s[1 : len(s)-1], true
	}
	return s, false
}

// Header prefixes of response parameters.
const (
	GatewayHeaderPrefix = "gatewayresponse.header."
	MethodHeaderPrefix  = "method.response.header."
)

// Headers extracts response headers from a responseParameters mapping
// (gatewayresponse.header.X or method.response.header.X keys), unquoting static
// values. Non-static values become unknown.
func Headers(params any, pointer, prefix string, vals Values) ([]model.Header, *model.Unknown) {
	if params == nil {
		return []model.Header{}, nil
	}
	m, ok := params.(map[string]any)
	if !ok {
		return []model.Header{}, &model.Unknown{Reason: "response parameters are " + Describe(params)}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]model.Header, 0, len(keys))
	for _, k := range keys {
		name, ok := cutPrefixFold(k, prefix)
		if !ok {
			continue
		}
		p := Ptr(pointer, k)
		v := vals.String(m[k], p)
		if s, known := v.Get(); known {
			if u, static := Unquote(s); static {
				v = model.Known(u, v.Loc)
			} else {
				v = model.UnknownString(model.Unknown{Reason: "the value is a mapping expression, set per request", Expr: s}, v.Loc)
			}
		}
		out = append(out, model.Header{Name: name, Value: v})
	}
	return out, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return "", false
}

// CORS builds the CORS headers a method returns from its response headers.
// It returns nil when none of Access-Control-Allow-* is present.
func CORS(headers []model.Header, loc model.Loc) *model.CORSHeaders {
	var c model.CORSHeaders
	found := false
	for i := range headers {
		h := &headers[i]
		v := h.Value
		switch strings.ToLower(h.Name) {
		case "access-control-allow-origin":
			c.AllowOrigin, found = &v, true
		case "access-control-allow-headers":
			c.AllowHeaders, found = &v, true
		case "access-control-allow-methods":
			c.AllowMethods, found = &v, true
		}
	}
	if !found {
		return nil
	}
	c.Loc = loc
	return &c
}

// Policy converts a resource policy document (an object, or a JSON string as
// the live API and Terraform give it) into the model.
func Policy(v any, pointer string, vals Values) *model.Policy {
	loc := vals.KeyLoc(pointer)
	p := &model.Policy{Statements: []model.PolicyStatement{}, Loc: loc}
	if s, ok := v.(string); ok {
		var doc any
		if err := json.Unmarshal([]byte(s), &doc); err != nil {
			p.Unknown = &model.Unknown{Reason: "the policy is not valid JSON: " + err.Error()}
			return p
		}
		// Positions inside a JSON string are the string's own position.
		at := func(string) model.Loc { return loc }
		v, vals = doc, Literal{LocFunc: at, KeyLocFunc: at}
	}
	doc, ok := v.(map[string]any)
	if !ok || isIntrinsic(doc) {
		// An intrinsic the caller could not resolve stands for the whole
		// document: nothing of it is known.
		p.Unknown = &model.Unknown{Reason: "the policy is " + Describe(v)}
		return p
	}
	stmts, sptr := doc["Statement"], Ptr(pointer, "Statement")
	switch t := stmts.(type) {
	case []any:
		for i, s := range t {
			p.Statements = append(p.Statements, statement(s, Ptr(sptr, i), vals))
		}
	case map[string]any:
		p.Statements = append(p.Statements, statement(t, sptr, vals))
	case nil:
	default:
		p.Unknown = &model.Unknown{Reason: "Statement is " + Describe(stmts)}
	}
	return p
}

func statement(v any, pointer string, vals Values) model.PolicyStatement {
	st := model.PolicyStatement{Loc: vals.KeyLoc(pointer), Conditions: []string{}, ConditionValues: []model.ConditionValue{}}
	m, ok := v.(map[string]any)
	if !ok {
		st.Effect = model.UnknownString(model.Unknown{Reason: "the statement is " + Describe(v)}, st.Loc)
		st.Actions = model.Strings{Items: []model.String{}, Unknown: &model.Unknown{Reason: "unreadable statement"}, Loc: st.Loc}
		st.Resources = st.Actions
		return st
	}
	st.Sid, _ = m["Sid"].(string)
	st.Effect = vals.String(m["Effect"], Ptr(pointer, "Effect"))
	st.Actions, st.NotActions = listOf(m, "Action", "NotAction", pointer, vals)
	st.Resources, st.NotResources = listOf(m, "Resource", "NotResource", pointer, vals)
	if raw, ok := m["Principal"]; ok {
		st.Principal = principal(raw, Ptr(pointer, "Principal"), vals)
	}
	_, st.NotPrincipal = m["NotPrincipal"]
	if raw, ok := m["Condition"]; ok {
		cond, ok := raw.(map[string]any)
		if !ok {
			st.ConditionsUnknown = &model.Unknown{Reason: "Condition is " + Describe(raw)}
		}
		cptr := Ptr(pointer, "Condition")
		for _, op := range slices.Sorted(maps.Keys(cond)) {
			keys, ok := cond[op].(map[string]any)
			if !ok {
				st.Conditions = append(st.Conditions, op)
				continue
			}
			for _, k := range slices.Sorted(maps.Keys(keys)) {
				st.Conditions = append(st.Conditions, op+":"+k)
				st.ConditionValues = append(st.ConditionValues, model.ConditionValue{
					Operator: op, Key: k, Values: StringList(keys[k], Ptr(Ptr(cptr, op), k), vals),
				})
			}
		}
		sort.Strings(st.Conditions)
	}
	return st
}

func listOf(m map[string]any, key, notKey, pointer string, vals Values) (model.Strings, bool) {
	k := key
	not := false
	if _, ok := m[key]; !ok {
		if _, ok := m[notKey]; ok {
			k, not = notKey, true
		}
	}
	p := Ptr(pointer, k)
	return StringList(m[k], p, vals), not
}

// StringList converts a string or list of strings (items may be intrinsics).
func StringList(v any, pointer string, vals Values) model.Strings {
	out := model.Strings{Items: []model.String{}, Loc: vals.KeyLoc(pointer)}
	switch t := v.(type) {
	case nil:
	case []any:
		for i, it := range t {
			out.Items = append(out.Items, vals.String(it, Ptr(pointer, i)))
		}
	case string:
		out.Items = append(out.Items, vals.String(t, pointer))
	default:
		s := vals.String(v, pointer)
		if s.Unknown != nil {
			// An intrinsic in place of the list: the list itself is unknown.
			out.Unknown = s.Unknown
		} else {
			out.Items = append(out.Items, s)
		}
	}
	return out
}

func principal(v any, pointer string, vals Values) *model.Principal {
	loc := vals.KeyLoc(pointer)
	p := &model.Principal{AWS: model.Strings{Items: []model.String{}, Loc: loc}, Other: []string{}, Loc: loc}
	switch t := v.(type) {
	case string:
		if t == "*" {
			p.Everyone = true
		} else {
			p.Unknown = &model.Unknown{Reason: fmt.Sprintf("principal %q is not \"*\" or an object", t)}
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k != "AWS" {
				p.Other = append(p.Other, k)
				continue
			}
			aws := StringList(t[k], Ptr(pointer, k), vals)
			p.AWS.Unknown, p.AWS.Loc = aws.Unknown, aws.Loc
			for _, it := range aws.Items {
				if s, ok := it.Get(); ok && s == "*" {
					p.Everyone = true
					continue
				}
				p.AWS.Items = append(p.AWS.Items, it)
			}
		}
	default:
		p.Unknown = &model.Unknown{Reason: "the principal is " + Describe(v)}
	}
	p.Other = slices.Compact(p.Other)
	return p
}

// Endpoint types of a REST API.
const (
	EndpointEdge    = "EDGE"
	EndpointPrivate = "PRIVATE"
)

// EndpointType reads the types list of an endpoint configuration (API
// Gateway takes exactly one): that type upper-cased, EDGE for an empty list
// (the default), unknown when the list or its item is, or when it holds
// more than one.
func EndpointType(types model.Strings) *model.String {
	var s model.String
	switch {
	case types.Unknown != nil:
		s = model.UnknownString(*types.Unknown, types.Loc)
	case len(types.Items) == 0:
		s = model.Known(EndpointEdge, types.Loc)
	case len(types.Items) > 1:
		s = model.UnknownString(model.Unknown{Reason: "the endpoint configuration lists more than one type"}, types.Loc)
	default:
		s = types.Items[0]
		if v, ok := s.Get(); ok {
			s = model.Known(strings.ToUpper(strings.TrimSpace(v)), s.Loc)
		}
	}
	return &s
}
