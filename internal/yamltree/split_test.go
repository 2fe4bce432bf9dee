package yamltree

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/synth"
)

// sameTree reports the first difference between two node trees (comments
// aside), or "".
func treeDiff(a, b *yaml.Node, path string) string {
	switch {
	case a == nil || b == nil:
		if a != b {
			return path + ": one node is nil"
		}
		return ""
	case a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor:
		return fmt.Sprintf("%s: node %v/%v/%q/%q differs from %v/%v/%q/%q", path, a.Kind, a.Style, a.Tag, a.Value, b.Kind, b.Style, b.Tag, b.Value)
	case a.Line != b.Line || a.Column != b.Column:
		return fmt.Sprintf("%s: at %d:%d, want %d:%d", path, a.Line, a.Column, b.Line, b.Column)
	case len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: %d children, want %d", path, len(a.Content), len(b.Content))
	case (a.Alias == nil) != (b.Alias == nil):
		return path + ": alias differs"
	case a.Alias != nil && (a.Alias.Line != b.Alias.Line || a.Alias.Column != b.Alias.Column):
		return path + ": alias target differs"
	}
	for i := range a.Content {
		if d := treeDiff(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// TestParseSplit: a document parsed in parts is the tree the serial parser
// makes, and documents a boundary cannot be placed in safely are parsed
// whole.
func TestParseSplit(t *testing.T) {
	entries := func(n int, body string) string {
		var s strings.Builder
		for i := range n {
			fmt.Fprintf(&s, "  R%d:\n%s", i, strings.ReplaceAll(body, "%d", fmt.Sprint(i)))
		}
		return s.String()
	}
	plain := entries(12, "    Type: AWS::ApiGateway::Method\n    Properties:\n      HttpMethod: GET\n      Uri: !Sub arn:${AWS::Region}:%d\n")
	tests := []struct {
		name string
		src  string
		// split is whether two parts are expected to be used (the tricky
		// line is where the one boundary falls).
		split bool
	}{
		{"resources", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + plain + "Outputs:\n  A: {Value: !Ref R1}\n", true},
		{"last section", "Resources:\n" + plain, true},
		{"crlf", strings.ReplaceAll("Resources:\n"+plain+"Outputs:\n  A: 1\n", "\n", "\r\n"), true},
		{"comments and blank lines", "# head\nResources:\n\n  # first\n" + entries(12, "    Type: X # c\n\n    # inner\n") + "# tail\n", true},
		{"block scalars", "Resources:\n" + entries(12, "    Body: |\n      line %d\n\n      more\n    Folded: >-\n      a\n      b\n"), true},
		{"plain multi-line", "Resources:\n" + entries(12, "    Description: one\n      two %d\n      three\n"), true},
		{"sequence at key indentation", "Resources:\n" + entries(12, "    List:\n    - a\n    - b%d\n"), true},
		{"indented four", "Resources:\n  " + strings.TrimSuffix(strings.ReplaceAll(plain, "\n", "\n  "), "  "), true},
		{"document start", "---\nResources:\n" + plain, true},
		{"anchor used later", "Resources:\n  A: &x {Type: X}\n" + plain + "  Z: *x\n", false},
		{"anchors within parts", "Resources:\n" + entries(12, "    A: &a%d {k: v}\n    B: *a%d\n"), true},
		{"multi-line double quote", "Resources:\n" + entries(6, "    D: x\n") + "  Q: \"a\n  R99: b\n  c\"\n" + entries(6, "    D: y\n"), false},
		{"multi-line single quote", "Resources:\n" + entries(6, "    D: x\n") + "  Q: 'a\n  R99: b'\n" + entries(6, "    D: y\n"), false},
		{"flow collection", "Resources:\n" + entries(6, "    D: x\n") + "  Q: [a,\n  R99: b,\n  c]\n" + entries(6, "    D: y\n"), false},
		{"flow mapping section", "Resources: {\n" + strings.Repeat("  A: b,\n", 20) + "  Z: c}\n", false},
		{"second document", "Resources:\n" + plain + "---\nResources:\n" + plain, false},
		{"lone carriage return", "Resources:\n" + plain + "  Z: a\rb\n", false},
		{"line separator", "Resources:\n" + plain + "  Z: a\u2028b\n", false},
		{"indented root", "  Resources:\n" + strings.ReplaceAll(plain, "\n  ", "\n    ")[0:], false},
		{"quoted top-level key", "Description: \"x\nResources:\n  A: 1\n  B: 2\n  C: 3\"\nResources:\n" + plain, true},
		{"syntax error", "Resources:\n" + plain + "  Z: [\n", false},
		{"unknown anchor", "Resources:\n" + plain + "  Z: *nope\n", false},
		{"duplicate keys", "Resources:\n" + plain + plain, true},
		// An empty value is placed at the token after it: in the next part.
		{"empty value before a boundary", "Resources:\n" + entries(12, "    Type: X\n    Properties:\n"), false},
		{"empty sequence item before a boundary", "Resources:\n" + entries(12, "    List:\n    -\n"), false},
		{"explicit empty key before a boundary", "Resources:\n" + entries(6, "    T: x\n") + "  ?\n" + entries(6, "    T: y\n"), false},
	}
	for _, tt := range tests {
		for _, parts := range []int{2, 3, 5} {
			t.Run(fmt.Sprintf("%s/%d", tt.name, parts), func(t *testing.T) {
				data := []byte(tt.src)
				want, wantErr := parseYAML(data, 1)
				split, ok := parseSplit(data, parts)
				if parts == 2 && ok != tt.split {
					t.Fatalf("parsed in parts: %v, want %v", ok, tt.split)
				}
				if ok {
					if wantErr != nil {
						t.Fatalf("the parts parse, the whole fails: %v", wantErr)
					}
					if d := treeDiff(split, want, ""); d != "" {
						t.Fatal(d)
					}
				}
				got, gotErr := parseYAML(data, parts)
				if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					t.Fatalf("error %v, want %v", gotErr, wantErr)
				}
				if gotErr == nil {
					if d := treeDiff(got, want, ""); d != "" {
						t.Fatal(d)
					}
				}
			})
		}
	}
}

// TestParseSplitGenerated: generated templates and OpenAPI documents of
// hundreds of methods are parsed in parts, to the same tree. (A SAM
// template's bulk is one function's events: its Resources have too few
// entries to cut between.)
func TestParseSplitGenerated(t *testing.T) {
	for _, f := range []synth.Format{synth.CloudFormationYAML, synth.OpenAPIYAML} {
		t.Run(string(f), func(t *testing.T) {
			data := synth.Generate(f, 500)
			want, err := parseYAML(data, 1)
			if err != nil {
				t.Fatal(err)
			}
			for _, parts := range []int{2, 4} {
				got, ok := parseSplit(data, parts)
				if !ok {
					t.Fatalf("%d parts: not split", parts)
				}
				if d := treeDiff(got, want, ""); d != "" {
					t.Fatalf("%d parts: %s", parts, d)
				}
			}
		})
	}
}

// FuzzParseSplit: whenever a document is parsed in parts, the serial parser
// accepts it too and makes the same tree.
func FuzzParseSplit(f *testing.F) {
	f.Add([]byte("Resources:\n  A: 1\n  B: [x,\n  C: y]\n  D: 2\n"), uint8(2))
	f.Add([]byte("a: 1\nResources:\n  A: &a {b: 1}\n  B: *a\n  C: |\n    x\n  D: \"q\n  E: r\"\nOut:\n  X: 1\n"), uint8(3))
	f.Add([]byte("R:\n  A:\n  - 1\n  B: 'x\n\n  C: y'\n  D: !Ref E\n"), uint8(2))
	f.Add([]byte("  C: |\n    text\n  D: &d {a: 1}\n  E: *d\n  F: \"q\n  G: r\"\n  H: [1,\n  I: 2]"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, parts uint8) {
		// The input as it is, and inside a section of entries, where most
		// boundaries fall.
		wrapped := append([]byte("Resources:\n  A: 1\n  B:\n    - x\n"), data...)
		wrapped = append(wrapped, "\n  Y: 2\n  Z: 3\nOutputs:\n  O: 1\n"...)
		for _, doc := range [][]byte{data, wrapped} {
			got, ok := parseSplit(doc, int(parts%6)+2)
			if !ok {
				continue
			}
			want, err := parseYAML(doc, 1)
			if err != nil {
				t.Fatalf("the parts parse, the whole fails: %v", err)
			}
			if d := treeDiff(got, want, ""); d != "" {
				t.Fatal(d)
			}
		}
	})
}

// sameDecoded checks that decoding data's large mappings in parallel gives
// the values, or the error, that decoding in order gives.
func sameDecoded(t *testing.T, data []byte, opts Options) {
	t.Helper()
	d, err := Parse(data)
	if err != nil {
		return
	}
	want, wantErr := d.decode(opts, 0)
	got, gotErr := d.decode(opts, 2)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("error %v, want %v", gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded in parallel:\n%#v\nwant\n%#v", got, want)
	}
}

// TestDecodeParallel: a mapping's values decoded on several goroutines are
// the values decoded in order, and the first error in document order is the
// one returned, whichever goroutine met it.
func TestDecodeParallel(t *testing.T) {
	for name, src := range map[string]string{
		"plain":                "a: 1\nb: [x, !Ref y]\nc: {d: !GetAtt R.Arn}\ne: !Sub x\nf: null\n",
		"merge":                "a: 1\n<<: {a: 2, z: 3}\nb: 2\nc: 3\n",
		"duplicate after bad":  "a: !Bogus x\nb: 1\na: 2\nc: 3\n",
		"bad after duplicate":  "a: 1\na: 2\nb: !Bogus x\nc: 3\n",
		"two bad values":       "a: 1\nb: !Bogus x\nc: 2\nd: !Nope y\ne: 3\n",
		"complex key":          "a: 1\n? [k]\n: v\nb: !Bogus x\n",
		"deep":                 "a: " + strings.Repeat("[", 300) + strings.Repeat("]", 300) + "\nb: 1\nc: 2\n",
		"nested large mapping": "r:\n  a: 1\n  b: !Bogus\n  c: 3\ns: 4\n",
		"aliases":              "a: &x 1\nb: *x\nc: !Bogus 2\n",
		"tagged mapping":       "a: !If [c, {x: 1}, {y: 2}]\nb: !Rain::S3 p\nc: 3\n",
	} {
		t.Run(name, func(t *testing.T) {
			for _, opts := range []Options{{}, {CloudFormationTags: true}, {CloudFormationTags: true, KeepUnknownTags: true}} {
				sameDecoded(t, []byte(src), opts)
			}
		})
	}
	sameDecoded(t, synth.Generate(synth.CloudFormationYAML, 200), Options{CloudFormationTags: true, KeepUnknownTags: true})
}

// FuzzDecodeParallel: decoding in parallel never differs from decoding in
// order.
func FuzzDecodeParallel(f *testing.F) {
	f.Add([]byte("a: 1\nb: !Bogus x\nc: [1, 2]\nb: 3\n"))
	f.Add([]byte("a: &x {b: 1}\n<<: *x\nc: !Ref d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameDecoded(t, data, Options{CloudFormationTags: true, KeepUnknownTags: true})
	})
}
