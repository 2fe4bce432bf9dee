package suppress

import (
	"slices"
	"testing"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		comment string
		ok      bool
		names   []string
		reason  string
		expires string
	}{
		{"# authlint:ignore CR001 preflight is public on purpose", true, []string{"CR001"}, "preflight is public on purpose", ""},
		{"#authlint:ignore CR001,AZ010 -- two rules expires=2027-03-01", true, []string{"CR001", "AZ010"}, "two rules", "2027-03-01"},
		{"# authlint:ignore preflight-requires-auth: why not", true, []string{"preflight-requires-auth"}, "why not", ""},
		{"# authlint:ignore CR001 expires=2027-03-01", true, []string{"CR001"}, "", "2027-03-01"},
		{"# authlint:ignore", true, nil, "", ""},
		{"# authlint:ignored CR001 x", false, nil, "", ""},
		{"# authlint:ignore-file", false, nil, "", ""},
		{"# see authlint:ignore CR001 x", false, nil, "", ""},
		{"# plain comment", false, nil, "", ""},
	}
	for _, tt := range tests {
		d, ok := parseDirective(tt.comment)
		if ok != tt.ok {
			t.Errorf("%q: ok = %v", tt.comment, ok)
			continue
		}
		if !ok {
			continue
		}
		if !slices.Equal(d.Names, tt.names) || d.Reason != tt.reason || d.Expires != tt.expires {
			t.Errorf("%q: got names %q reason %q expires %q", tt.comment, d.Names, d.Reason, d.Expires)
		}
	}
}

func TestCommentDirectives(t *testing.T) {
	src := `Resources:
  # authlint:ignore CR001 the preflight is served by a mock on purpose
  OptionsMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      # a comment between
      # authlint:ignore AZ010 public health check
      # authlint:ignore GW004 also this
      AuthorizationType: NONE # authlint:ignore AZ004 trailing form
      Description: "not a comment # authlint:ignore AZ001 inside a string"
      Code: |
        # authlint:ignore AZ002 inside a block scalar
        print("x")
      # authlint:ignore SC001 separated by a blank line

      HttpMethod: GET
`
	got := commentDirectives([]byte(src))
	type want struct {
		name          string
		line, applies int
		reason        string
	}
	wants := []want{
		{"CR001", 2, 3, "the preflight is served by a mock on purpose"},
		{"AZ010", 7, 9, "public health check"},
		{"GW004", 8, 9, "also this"},
		{"AZ004", 9, 9, "trailing form"},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d directives: %v", len(got), got)
	}
	for i, w := range wants {
		g := got[i]
		if g.Names[0] != w.name || g.Line != w.line || g.Applies != w.applies || g.Reason != w.reason {
			t.Errorf("directive %d = %+v, want %+v", i, g, w)
		}
	}
	if got[3].Column != 31 {
		t.Errorf("trailing column = %d", got[3].Column)
	}
	if got[0].Pointer != "/Resources/OptionsMethod" || got[1].Pointer != "/Resources/OptionsMethod/Properties/AuthorizationType" {
		t.Errorf("pointers = %q, %q", got[0].Pointer, got[1].Pointer)
	}
}

func TestCommentDirectivesNone(t *testing.T) {
	for name, src := range map[string]string{
		"json":        `{"a": "# authlint:ignore CR001 x"}`,
		"no marker":   "a: 1 # just a comment\n",
		"broken":      "a: [\n# authlint:ignore CR001 x\n",
		"string only": "a: '# authlint:ignore CR001 x'\nb: 2\n",
	} {
		if got := commentDirectives([]byte(src)); len(got) != 0 {
			t.Errorf("%s: %v", name, got)
		}
	}
}

func FuzzCommentDirectives(f *testing.F) {
	f.Add([]byte("a: 1 # authlint:ignore CR001 x\n# authlint:ignore AZ001 y\nb: 2\n"))
	f.Add([]byte("# authlint:ignore\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range commentDirectives(data) {
			if d.Line < 1 || d.Applies < d.Line {
				t.Fatalf("bad directive %+v", d)
			}
		}
	})
}
