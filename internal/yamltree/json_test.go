package yamltree

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/corpustest"
	"github.com/authlint/authlint/internal/synth"
)

// yamlNodes parses data with the YAML parser, the way JSON was read before
// the JSON scanner: the reference the scanner must agree with.
func yamlNodes(t *testing.T, data []byte) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := decodeNode(yaml.NewDecoder(bytes.NewReader(data)), &n); err != nil {
		t.Fatalf("YAML parser: %v", err)
	}
	if n.Kind == yaml.DocumentNode {
		return n.Content[0]
	}
	return &n
}

// sameTree compares kinds, resolved tags, values, positions and shape.
func sameTree(t *testing.T, where string, got, want *yaml.Node) bool {
	t.Helper()
	if got.Kind != want.Kind || got.ShortTag() != want.ShortTag() || got.Value != want.Value ||
		got.Line != want.Line || got.Column != want.Column || len(got.Content) != len(want.Content) {
		t.Errorf("%s: JSON scanner %v %s %q at %d:%d (%d children), YAML parser %v %s %q at %d:%d (%d children)", where,
			got.Kind, got.ShortTag(), got.Value, got.Line, got.Column, len(got.Content),
			want.Kind, want.ShortTag(), want.Value, want.Line, want.Column, len(want.Content))
		return false
	}
	for i := range got.Content {
		if !sameTree(t, where, got.Content[i], want.Content[i]) {
			return false
		}
	}
	return true
}

func TestJSONMatchesYAMLParser(t *testing.T) {
	cases := map[string]string{
		"scalars":   `{"s": "x", "i": 1, "neg": -2, "f": 1.5, "e": 1e3, "E": -2.5E-3, "big": 123456789012345678901234, "t": true, "f2": false, "n": null}`,
		"escapes":   `{"a\/b": "tab\there \"q\" \\ \u00e9 \u0041", "nl": "x\ny\r\n"}`,
		"unicode":   "{\n  \"é\": \"ü😀ß\", \"k\": [\"ç\",\n    \"x\"]\n}",
		"nested":    "[\n  {\"a\": [1, [2, [3, {}]], []]},\n\t{\"b\": {\"c\": {\"d\": null}}}\n]",
		"crlf":      "{\r\n  \"a\": 1,\r\n  \"b\": [\r\n    2\r\n  ]\r\n}\r\n",
		"spaces":    "\n\n   {\"a\"  :   1 ,\"b\":2}  \n",
		"empty":     `{"a": {}, "b": [], "c": ""}`,
		"keyLike":   `{"<<": {"x": 1}, "!Ref": "y", "Fn::If": ["c", "a", "b"], "0x1F": "0x1F", "yes": "no", "~": "~"}`,
		"numbers":   `[1e400, -1e999, 18446744073709551615, 0, -0, 0.5, 10, 1e10, 1E+2, 9223372036854775807, 9223372036854775808, -9223372036854775809]`,
		"duplicate": `{"a": 1, "a": 2}`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := parseJSON([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, name, got, yamlNodes(t, []byte(src)))
		})
	}
	for _, f := range []synth.Format{synth.CloudFormationJSON, synth.OpenAPIJSON} {
		t.Run(string(f), func(t *testing.T) {
			data := synth.Generate(f, 20)
			got, err := parseJSON(data)
			if err != nil {
				t.Fatal(err)
			}
			sameTree(t, string(f), got, yamlNodes(t, data))
		})
	}
}

// TestJSONMatchesYAMLParserOnFiles compares the two parsers on every JSON
// file of the repository's test data and of the shared corpus.
func TestJSONMatchesYAMLParserOnFiles(t *testing.T) {
	var files []string
	collect := func(root string) {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil //nolint:nilerr // an unreadable directory is skipped
			}
			files = append(files, p)
			return nil
		})
	}
	collect(filepath.Join("..", "..", "loader"))
	collect(filepath.Join("..", "..", "examples"))
	collect(filepath.Join("..", "..", "cmd"))
	if c, ok := corpusDir(t); ok {
		collect(c)
	}
	checked := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		trimmed := bytes.TrimSpace(data)
		if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') || strings.HasSuffix(p, ".go") {
			continue
		}
		got, jerr := parseJSON(data)
		var want yaml.Node
		yerr := decodeNode(yaml.NewDecoder(bytes.NewReader(data)), &want)
		if jerr != nil {
			// Not strict JSON: Parse hands it to the YAML parser.
			continue
		}
		if yerr != nil {
			t.Errorf("%s: JSON scanner accepts what the YAML parser refuses: %v", p, yerr)
			continue
		}
		w := &want
		if w.Kind == yaml.DocumentNode {
			w = w.Content[0]
		}
		sameTree(t, p, got, w)
		checked++
	}
	t.Logf("%d JSON files compared", checked)
	if checked == 0 {
		t.Error("no JSON file found to compare")
	}
}

func corpusDir(t *testing.T) (string, bool) {
	t.Helper()
	var dir string
	ok := t.Run("corpus", func(t *testing.T) { dir = corpustest.Dir(t) })
	return dir, ok && dir != ""
}

// TestJSONSurrogatePairs: an escaped character outside the BMP (an emoji)
// is valid JSON, which the YAML parser refused.
func TestJSONSurrogatePairs(t *testing.T) {
	n, err := parseJSON([]byte(`["\ud83d\ude00", "\ud83d"]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Content[0].Value; got != "😀" {
		t.Errorf("pair decoded as %q", got)
	}
	if got := n.Content[1].Value; got != "\uFFFD" {
		t.Errorf("lone surrogate decoded as %q, want U+FFFD", got)
	}
}

func TestJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		src        string
		line, col  int
		msgContain string
	}{
		{"{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "expected ':'"},
		{"[1, 2", 1, 6, "unexpected end"},
		{"{\"a\": tru}", 1, 7, "unexpected character"},
		{"{\"a\": 01}", 1, 8, "expected ',' or '}'"},
		{"{\"a\": \"x\\q\"}", 1, 9, "invalid escape"},
		{"{\"a\": 1} x", 1, 10, "after the end"},
		{"{\"é\": -}", 1, 8, "invalid number"},
	} {
		_, err := parseJSON([]byte(tc.src))
		var e *Error
		if err == nil || !asError(err, &e) || e.Line != tc.line || e.Column != tc.col || !strings.Contains(e.Msg, tc.msgContain) {
			t.Errorf("%q: got %v, want %d:%d %q", tc.src, err, tc.line, tc.col, tc.msgContain)
		}
	}
	deep := strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2)
	if _, err := parseJSON([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nesting") {
		t.Errorf("deep nesting: %v", err)
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error) //nolint:errorlint // parseJSON returns *Error unwrapped
	*target = e
	return ok
}
