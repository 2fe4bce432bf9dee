package intrinsic

import (
	"strings"
	"testing"
)

func resolver() *Resolver {
	return &Resolver{
		Params: map[string]Param{
			"Stage":   {Type: "String", Value: "prod", HasValue: true},
			"NoDef":   {Type: "String"},
			"List":    {Type: "CommaDelimitedList", Value: "a, b,c", HasValue: true},
			"SSM":     {Type: "AWS::SSM::Parameter::Value<String>", Value: "/pool/arn", HasValue: true},
			"FromTop": {Type: "String", Given: true, Unknown: nil, Value: "given", HasValue: true},
		},
		Pseudo:    map[string]string{"AWS::Region": "eu-west-1"},
		Mappings:  map[string]any{"Env": map[string]any{"prod": map[string]any{"Scope": "api/read"}}},
		Resources: map[string]string{"Pool": "AWS::Cognito::UserPool", "Api": "AWS::ApiGateway::RestApi"},
		Conditions: map[string]any{
			"IsProd":  map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "Stage"}, "prod"}},
			"IsDev":   map[string]any{"Fn::Not": []any{map[string]any{"Condition": "IsProd"}}},
			"Unknown": map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "NoDef"}, "x"}},
			"Both":    map[string]any{"Fn::And": []any{map[string]any{"Condition": "IsProd"}, map[string]any{"Condition": "Unknown"}}},
			"Either":  map[string]any{"Fn::Or": []any{map[string]any{"Condition": "IsProd"}, map[string]any{"Condition": "Unknown"}}},
			"Loop":    map[string]any{"Condition": "Loop"},
		},
	}
}

func ref(n string) map[string]any            { return map[string]any{"Ref": n} }
func fn(name string, arg any) map[string]any { return map[string]any{name: arg} }

type want struct {
	known  string // expected known text ("" with empty=true for "")
	text   string // Text() of Parts
	reason string // substring of the unknown reason
	expr   string
	kind   Kind
}

func check(t *testing.T, got Result, w want) {
	t.Helper()
	if got.Kind != w.kind {
		t.Fatalf("kind %v, want %v (%+v)", got.Kind, w.kind, got)
	}
	switch w.kind {
	case Known:
		if s, _ := got.String(); s != w.known {
			t.Errorf("value %q, want %q", s, w.known)
		}
	case Parts:
		if Text(got.Parts) != w.text {
			t.Errorf("parts %q, want %q", Text(got.Parts), w.text)
		}
	case NoValue:
	case Unknowable:
		if !strings.Contains(got.Unknown.Reason, w.reason) {
			t.Errorf("reason %q, want it to mention %q", got.Unknown.Reason, w.reason)
		}
		if w.expr != "" && got.Unknown.Expr != w.expr {
			t.Errorf("expr %q, want %q", got.Unknown.Expr, w.expr)
		}
	}
}

func TestRef(t *testing.T) {
	cases := map[string]struct {
		in any
		w  want
	}{
		"parameter default":  {ref("Stage"), want{kind: Known, known: "prod"}},
		"no default":         {ref("NoDef"), want{kind: Unknowable, reason: "no default", expr: "!Ref NoDef (parameter without default)"}},
		"ssm parameter":      {ref("SSM"), want{kind: Unknowable, reason: "SSM"}},
		"resource":           {ref("Pool"), want{kind: Parts, text: "${Pool}"}},
		"undefined":          {ref("Nope"), want{kind: Parts, text: "${Nope}"}},
		"given pseudo":       {ref("AWS::Region"), want{kind: Known, known: "eu-west-1"}},
		"unknown pseudo":     {ref("AWS::AccountId"), want{kind: Unknowable, reason: "known only at deployment", expr: "!Ref AWS::AccountId"}},
		"partition not fake": {ref("AWS::Partition"), want{kind: Unknowable, reason: "pseudo parameter"}},
		"novalue":            {ref("AWS::NoValue"), want{kind: NoValue}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { check(t, resolver().Resolve(c.in), c.w) })
	}
	if r := resolver().Resolve(ref("Nope")); !r.SingleRef().Missing() {
		t.Error("a Ref to an undefined logical id is missing")
	}
	if l, ok := resolver().Resolve(ref("List")).Value.([]any); !ok || len(l) != 3 || l[1] != "b" {
		t.Errorf("list parameter %v", l)
	}
}

func TestGetAtt(t *testing.T) {
	cases := map[string]struct {
		in any
		w  want
	}{
		"list form":   {fn("Fn::GetAtt", []any{"Pool", "Arn"}), want{kind: Parts, text: "${Pool.Arn}"}},
		"string form": {fn("Fn::GetAtt", "Pool.Arn"), want{kind: Parts, text: "${Pool.Arn}"}},
		"bad":         {fn("Fn::GetAtt", []any{"Pool"}), want{kind: Unknowable, reason: "needs a resource"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { check(t, resolver().Resolve(c.in), c.w) })
	}
	r := resolver().Resolve(fn("Fn::GetAtt", []any{"Pool", "Arn"})).SingleRef()
	if r == nil || r.Type != "AWS::Cognito::UserPool" || r.Attr != "Arn" {
		t.Errorf("ref %+v", r)
	}
}

func TestSub(t *testing.T) {
	cases := map[string]struct {
		in any
		w  want
	}{
		"known":      {fn("Fn::Sub", "pets-${Stage}-${AWS::Region}"), want{kind: Known, known: "pets-prod-eu-west-1"}},
		"escape":     {fn("Fn::Sub", "${!Literal}-${Stage}"), want{kind: Known, known: "${Literal}-prod"}},
		"variables":  {fn("Fn::Sub", []any{"a-${X}", map[string]any{"X": ref("Stage")}}), want{kind: Known, known: "a-prod"}},
		"pool arn":   {fn("Fn::Sub", "arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${Pool}"), want{kind: Parts, text: "arn:${AWS::Partition}:cognito-idp:eu-west-1:${AWS::AccountId}:userpool/${Pool}"}},
		"getatt":     {fn("Fn::Sub", "${Pool.Arn}"), want{kind: Parts, text: "${Pool.Arn}"}},
		"dynamic":    {fn("Fn::Sub", "{{resolve:ssm:/pool/arn}}"), want{kind: Unknowable, reason: "dynamic reference to ssm"}},
		"no default": {fn("Fn::Sub", "x-${NoDef}"), want{kind: Parts, text: "x-${!Ref NoDef (parameter without default)}"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { check(t, resolver().Resolve(c.in), c.w) })
	}
}

func TestJoinSelectSplit(t *testing.T) {
	cases := map[string]struct {
		in any
		w  want
	}{
		"join known":     {fn("Fn::Join", []any{"", []any{"execute-api:/", "*"}}), want{kind: Known, known: "execute-api:/*"}},
		"join parts":     {fn("Fn::Join", []any{":", []any{"arn", ref("AWS::Partition"), "cognito-idp", "userpool/", ref("Pool")}}), want{kind: Parts, text: "arn:${!Ref AWS::Partition}:cognito-idp:userpool/:${Pool}"}},
		"join list":      {fn("Fn::Join", []any{"+", ref("List")}), want{kind: Known, known: "a+b+c"}},
		"join unknown":   {fn("Fn::Join", []any{",", fn("Fn::GetAZs", "")}), want{kind: Unknowable, reason: "list joined is not known"}},
		"join novalue":   {fn("Fn::Join", []any{"-", []any{"a", ref("AWS::NoValue"), "b"}}), want{kind: Known, known: "a-b"}},
		"select":         {fn("Fn::Select", []any{"1", ref("List")}), want{kind: Known, known: "b"}},
		"select split":   {fn("Fn::Select", []any{int64(2), fn("Fn::Split", []any{"/", "a/b/c"})}), want{kind: Known, known: "c"}},
		"select past":    {fn("Fn::Select", []any{int64(9), []any{"a"}}), want{kind: Unknowable, reason: "past the end"}},
		"split unknown":  {fn("Fn::Split", []any{",", ref("NoDef")}), want{kind: Unknowable, reason: "no default"}},
		"base64":         {fn("Fn::Base64", "hi"), want{kind: Known, known: "aGk="}},
		"import":         {fn("Fn::ImportValue", "SharedPoolArn"), want{kind: Unknowable, reason: "export", expr: "!ImportValue SharedPoolArn"}},
		"import sub":     {fn("Fn::ImportValue", fn("Fn::Sub", "${Stage}-pool")), want{kind: Unknowable, reason: `"prod-pool"`, expr: "!ImportValue prod-pool"}},
		"getazs":         {fn("Fn::GetAZs", ""), want{kind: Unknowable, reason: "Availability Zones"}},
		"cidr":           {fn("Fn::Cidr", []any{"10.0.0.0/16", 4, 8}), want{kind: Unknowable, reason: "CIDR"}},
		"transform":      {fn("Fn::Transform", map[string]any{"Name": "AWS::Include"}), want{kind: Unknowable, reason: "AWS::Include"}},
		"length":         {fn("Fn::Length", ref("List")), want{kind: Known, known: "3"}},
		"to json string": {fn("Fn::ToJsonString", map[string]any{"a": ref("Stage")}), want{kind: Known, known: `{"a":"prod"}`}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { check(t, resolver().Resolve(c.in), c.w) })
	}
}

func TestFindInMap(t *testing.T) {
	cases := map[string]struct {
		in any
		w  want
	}{
		"known":       {fn("Fn::FindInMap", []any{"Env", ref("Stage"), "Scope"}), want{kind: Known, known: "api/read"}},
		"missing key": {fn("Fn::FindInMap", []any{"Env", "dev", "Scope"}), want{kind: Unknowable, reason: "has no key dev"}},
		"default":     {fn("Fn::FindInMap", []any{"Env", "dev", "Scope", map[string]any{"DefaultValue": "x"}}), want{kind: Known, known: "x"}},
		"unknown key": {fn("Fn::FindInMap", []any{"Env", ref("NoDef"), "Scope"}), want{kind: Unknowable, reason: "no default"}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { check(t, resolver().Resolve(c.in), c.w) })
	}
}

func TestIfAndConditions(t *testing.T) {
	cases := map[string]struct {
		in any
		w  want
	}{
		"known true":      {fn("Fn::If", []any{"IsProd", "a", "b"}), want{kind: Known, known: "a"}},
		"known false":     {fn("Fn::If", []any{"IsDev", "a", "b"}), want{kind: Known, known: "b"}},
		"unknown agree":   {fn("Fn::If", []any{"Unknown", "same", "same"}), want{kind: Known, known: "same"}},
		"unknown differ":  {fn("Fn::If", []any{"Unknown", "a", "b"}), want{kind: Unknowable, reason: "depends on condition Unknown"}},
		"and short":       {fn("Fn::If", []any{"Both", "a", "b"}), want{kind: Unknowable, reason: "condition Both"}},
		"or short":        {fn("Fn::If", []any{"Either", "a", "b"}), want{kind: Known, known: "a"}},
		"loop":            {fn("Fn::If", []any{"Loop", "a", "b"}), want{kind: Unknowable, reason: "refers to itself"}},
		"novalue branch":  {fn("Fn::If", []any{"IsDev", "a", ref("AWS::NoValue")}), want{kind: NoValue}},
		"undefined cond":  {fn("Fn::If", []any{"Nope", "a", "b"}), want{kind: Unknowable, reason: "no condition Nope"}},
		"equals inline":   {fn("Fn::Equals", []any{ref("Stage"), "prod"}), want{kind: Known, known: "true"}},
		"not":             {fn("Fn::Not", []any{fn("Fn::Equals", []any{"a", "b"})}), want{kind: Known, known: "true"}},
		"condition ref":   {map[string]any{"Condition": "IsDev"}, want{kind: Known, known: "false"}},
		"unknown fn":      {fn("Fn::Unheard", "x"), want{kind: Unknowable, reason: "not evaluated"}},
		"custom tag":      {fn("!Rain::S3", "x"), want{kind: Unknowable, reason: "another tool", expr: `!Rain::S3 "x"`}},
		"deep nesting":    {nest(100), want{kind: Unknowable, reason: "not known"}},
		"plain structure": {[]any{"a"}, want{kind: Known}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { check(t, resolver().Resolve(c.in), c.w) })
	}
}

func nest(n int) any {
	var v any = "x"
	for range n {
		v = fn("Fn::Base64", v)
	}
	return v
}

func TestRender(t *testing.T) {
	cases := map[string]struct {
		in   any
		want string
	}{
		"ref":    {ref("X"), "!Ref X"},
		"getatt": {fn("Fn::GetAtt", []any{"P", "Arn"}), "!GetAtt P.Arn"},
		"sub":    {fn("Fn::Sub", "a-${B}"), `!Sub "a-${B}"`},
		"import": {fn("Fn::ImportValue", "E"), "!ImportValue E"},
		"join":   {fn("Fn::Join", []any{"", []any{"a", ref("B")}}), `!Join ["", ["a", !Ref B]]`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := Render(c.in); got != c.want {
				t.Errorf("%q, want %q", got, c.want)
			}
		})
	}
}

func TestExponentialIfIsBounded(t *testing.T) {
	var v any = "x"
	for range 60 {
		v = fn("Fn::If", []any{"Unknown", fn("Fn::Join", []any{"", []any{v}}), fn("Fn::Join", []any{"-", []any{v}})})
	}
	got := resolver().Resolve(v)
	if got.Kind != Unknowable {
		t.Fatalf("%+v", got)
	}
}
