package yamltree

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeCloudFormationTags(t *testing.T) {
	src := `AWSTemplateFormatVersion: 2010-09-09
Resources:
  Auth:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      ProviderARNs:
        - !GetAtt UserPool.Arn
        - !Sub "arn:aws:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${Pool}"
      RestApiId: !Ref Api
      Name: !Join ["-", [a, !Ref B]]
      Flag: !If [IsProd, true, false]
      Az: !Select [0, !GetAZs ""]
      Cond: !Condition IsProd
`
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.Decode(Options{CloudFormationTags: true})
	if err != nil {
		t.Fatal(err)
	}
	props := v.(map[string]any)["Resources"].(map[string]any)["Auth"].(map[string]any)["Properties"].(map[string]any)
	want := map[string]any{
		"ProviderARNs": []any{
			map[string]any{"Fn::GetAtt": []any{"UserPool", "Arn"}},
			map[string]any{"Fn::Sub": "arn:aws:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${Pool}"},
		},
		"RestApiId": map[string]any{"Ref": "Api"},
		"Name":      map[string]any{"Fn::Join": []any{"-", []any{"a", map[string]any{"Ref": "B"}}}},
		"Flag":      map[string]any{"Fn::If": []any{"IsProd", true, false}},
		"Az":        map[string]any{"Fn::Select": []any{int64(0), map[string]any{"Fn::GetAZs": ""}}},
		"Cond":      map[string]any{"Condition": "IsProd"},
	}
	if !reflect.DeepEqual(props, want) {
		t.Fatalf("got %#v", props)
	}
	if got := v.(map[string]any)["AWSTemplateFormatVersion"]; got != "2010-09-09" {
		t.Fatalf("version decoded as %#v, want the string", got)
	}
	for ptr, want := range map[string]Pos{
		"/Resources/Auth/Properties/ProviderARNs/0":              {7, 11},
		"/Resources/Auth/Properties/ProviderARNs/1":              {8, 11},
		"/Resources/Auth/Properties/ProviderARNs/0/Fn::GetAtt":   {7, 11},
		"/Resources/Auth/Properties/RestApiId":                   {9, 18},
		"/Resources/Auth/Properties/ProviderARNs/0/Fn::GetAtt/1": {7, 11},
	} {
		got, ok := d.Pos(ptr)
		if !ok || got != want {
			t.Errorf("Pos(%s) = %v, want %v", ptr, got, want)
		}
	}
	if got, _ := d.KeyPos("/Resources/Auth/Properties/RestApiId"); got != (Pos{9, 7}) {
		t.Errorf("KeyPos = %v", got)
	}
}

// TestShortFormTagPositions: a pointer through the long-form key of a short
// tag (/Fn::If/1) reaches the tag's content, so values inside an Fn::If
// branch keep their own line.
func TestShortFormTagPositions(t *testing.T) {
	src := `Variables: !If
  - IsProd
  - pool: prod
    other: x
  - !Ref AWS::NoValue
Literal:
  Fn::If: [c, {a: 1}, {a: 2}]
Odd: !Rain::S3
  Path: x
Real: !If
  Fn::If: kept
`
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ptr      string
		pos, key Pos
	}{
		{"/Variables/Fn::If/1/pool", Pos{3, 11}, Pos{3, 5}},
		{"/Variables/Fn::If/1/other", Pos{4, 12}, Pos{4, 5}},
		{"/Variables/Fn::If/2", Pos{5, 5}, Pos{5, 5}},
		{"/Variables/Fn::If", Pos{1, 12}, Pos{1, 1}},
		{"/Literal/Fn::If/1/a", Pos{7, 19}, Pos{7, 16}},
		{"/Odd/!Rain::S3/Path", Pos{9, 9}, Pos{9, 3}},
		// A tagged mapping that really holds the key: the key wins.
		{"/Real/Fn::If", Pos{11, 11}, Pos{11, 3}},
	} {
		if got, ok := d.Pos(tc.ptr); !ok || got != tc.pos {
			t.Errorf("Pos(%s) = %v, want %v", tc.ptr, got, tc.pos)
		}
		if got, ok := d.KeyPos(tc.ptr); !ok || got != tc.key {
			t.Errorf("KeyPos(%s) = %v, want %v", tc.ptr, got, tc.key)
		}
	}
}

func TestJSON(t *testing.T) {
	src := "{\n\t\"a\": \"x\\/y\",\n\t\"b\": [1, 2.5, true, null],\n\t\"c/d\": {\"e~f\": 1}\n}\n"
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !d.JSON {
		t.Error("JSON not detected")
	}
	v, err := d.Decode(Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": "x/y", "b": []any{int64(1), 2.5, true, nil}, "c/d": map[string]any{"e~f": int64(1)}}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("got %#v", v)
	}
	if p, _ := d.Pos("/c~1d/e~0f"); p != (Pos{4, 17}) {
		t.Errorf("escaped pointer pos = %v", p)
	}
	if p, _ := d.Pos("/b/1"); p != (Pos{3, 11}) {
		t.Errorf("pos = %v", p)
	}
}

func TestMergeKeys(t *testing.T) {
	src := "base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  y: 3\n"
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	v, err := d.Decode(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.(map[string]any)["obj"]; !reflect.DeepEqual(got, map[string]any{"x": int64(1), "y": int64(3)}) {
		t.Fatalf("merge got %#v", got)
	}
	if p, _ := d.Pos("/obj/x"); p.Line != 1 {
		t.Errorf("merged key position = %v", p)
	}
}

func TestBadInput(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		bomb += n + ": &" + n + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n"
		prev = n
	}
	tests := []struct {
		name, src, want string
		tags            bool
	}{
		{"empty", "  \n", "empty", false},
		{"null doc", "---\n", "empty", false},
		{"syntax", "a: [1, 2\nb: 3\n", "line", false},
		{"duplicate", "a: 1\nb: 2\na: 3\n", `line 3, column 1: duplicate key "a"`, false},
		{"binary", "a: \x00\x01", "NUL", false},
		{"utf8", "a: 1\nb: \xff\xfe\n", "line 2", false},
		{"unknown tag", "a: !Foo x\n", "unknown tag !Foo", true},
		{"tag without cfn", "a: !Ref x\n", "unknown tag !Ref", false},
		{"deep", strings.Repeat("[", 300) + strings.Repeat("]", 300), "deeper", false},
		{"alias bomb", bomb, "too many values", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.src))
			if err == nil {
				_, err = d.Decode(Options{CloudFormationTags: tt.tags})
			}
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want == "empty" {
				if !errors.Is(err, ErrEmpty) {
					t.Fatalf("got %v, want ErrEmpty", err)
				}
				return
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestTopKeys(t *testing.T) {
	d, err := Parse([]byte("openapi: 3.0.1\ninfo: {title: x}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.TopKeys(); !reflect.DeepEqual(got, []string{"openapi", "info"}) {
		t.Fatalf("TopKeys = %v", got)
	}
	if v, ok := d.TopValue("openapi"); !ok || v != "3.0.1" {
		t.Fatalf("TopValue = %q %v", v, ok)
	}
}

func FuzzParseDecode(f *testing.F) {
	for _, s := range []string{"a: 1", "{\"a\": [1]}", "x: !GetAtt A.B", "- &a [*a]", "<<: {a: 1}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			return
		}
		_, _ = d.Decode(Options{CloudFormationTags: true})
		d.Pos("/a/0/b")
		d.KeyPos("/a")
		d.TopKeys()
	})
}

func TestKeepUnknownTags(t *testing.T) {
	d, err := Parse([]byte("A: !Rain::S3 path/to/file\nB: !Ref X\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Decode(Options{CloudFormationTags: true}); err == nil {
		t.Fatal("an unknown tag is an error by default")
	}
	v, err := d.Decode(Options{CloudFormationTags: true, KeepUnknownTags: true})
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if a, ok := m["A"].(map[string]any); !ok || a["!Rain::S3"] != "path/to/file" {
		t.Errorf("A = %#v", m["A"])
	}
	if b, ok := m["B"].(map[string]any); !ok || b["Ref"] != "X" {
		t.Errorf("B = %#v", m["B"])
	}
}

// TestCloudFormationTags: with unknown tags kept, only namespaced ones are
// values; anything else is a load error with the closest intrinsic.
func TestCloudFormationTags(t *testing.T) {
	tests := []struct {
		src, want string // want "" = no error
	}{
		{"a: !GetAtt R.Arn\n", ""},
		{"a: !Rain::S3 x\n", ""},
		{"a: !Name::Thing {b: 1}\n", ""},
		{"a: !GetAttr R.Arn\n", "line 1, column 4: unknown tag !GetAttr: CloudFormation accepts only its intrinsic functions"},
		{"a: !GetAttr R.Arn\n", "did you mean !GetAtt?"},
		{"a: !ref X\n", "did you mean !Ref?"},
		{"a: !Sbu x\n", "did you mean !Sub?"},
		{"a: !Select [0, [a]]\n", ""},
		{"a: !Frobnicate x\n", "unknown tag !Frobnicate"},
		{"a: !" + strings.Repeat("x", 100) + " y\n", "…"},
	}
	for _, tt := range tests {
		d, err := Parse([]byte(tt.src))
		if err == nil {
			_, err = d.Decode(Options{CloudFormationTags: true, KeepUnknownTags: true})
		}
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: unexpected error %v", tt.src, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want it to contain %q", tt.src, err, tt.want)
		}
		if tt.src == "a: !Frobnicate x\n" && err != nil && strings.Contains(err.Error(), "did you mean") {
			t.Errorf("%q: suggests a tag too far away: %v", tt.src, err)
		}
	}
}

// TestDuplicateKeysLastWins: with OnDuplicate the last value of a key set
// twice is read, each repeat is reported with both positions, and position
// lookups find the value that was read, in small and indexed mappings alike.
func TestDuplicateKeysLastWins(t *testing.T) {
	var many strings.Builder
	for i := range 2 * smallMapping {
		fmt.Fprintf(&many, "\"k%d\": %d,\n", i, i)
	}
	tests := []struct {
		name, src string
		want      []Duplicate
		wantLine  int
	}{
		{"small", "{\"op\": {\n\"responses\": 1,\n\"x\": 2,\n\"responses\": {\"200\": 3}\n}}",
			[]Duplicate{{Key: "responses", First: Pos{2, 1}, Last: Pos{4, 1}}}, 4},
		{"indexed", "{\"op\": {\n\"responses\": 1,\n" + many.String() + "\"responses\": {\"200\": 3}\n}}",
			[]Duplicate{{Key: "responses", First: Pos{2, 1}, Last: Pos{3 + 2*smallMapping, 1}}}, 3 + 2*smallMapping},
		{"three times", "{\"op\": {\n\"responses\": 1,\n\"responses\": 2,\n\"responses\": {\"200\": 3}\n}}",
			[]Duplicate{{Key: "responses", First: Pos{2, 1}, Last: Pos{3, 1}}, {Key: "responses", First: Pos{2, 1}, Last: Pos{4, 1}}}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Decode(Options{}); err == nil || !strings.Contains(err.Error(), `duplicate key "responses"`) {
				t.Fatalf("without OnDuplicate: err = %v, want a duplicate key error", err)
			}
			var got []Duplicate
			v, err := d.Decode(Options{OnDuplicate: func(dup Duplicate) { got = append(got, dup) }})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("duplicates = %+v, want %+v", got, tt.want)
			}
			op := v.(map[string]any)["op"].(map[string]any)
			if !reflect.DeepEqual(op["responses"], map[string]any{"200": int64(3)}) {
				t.Errorf("responses = %#v, want the last value", op["responses"])
			}
			if p, _ := d.KeyPos("/op/responses"); p.Line != tt.wantLine {
				t.Errorf("KeyPos = %v, want line %d", p, tt.wantLine)
			}
			if p, _ := d.Pos("/op/responses/200"); p.Line != tt.wantLine {
				t.Errorf("Pos = %v, want line %d", p, tt.wantLine)
			}
		})
	}
}
