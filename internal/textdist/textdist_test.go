package textdist

import (
	"strings"
	"testing"
)

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"!GetAttr", "!GetAtt", 1},
		{"!Sbu", "!Sub", 2},
		{"kitten", "sitting", 3},
		{"préflight", "preflight", 1},
		{"AZ001", "AZ001", 0},
		{strings.Repeat("x", MaxLen+1), "x", MaxLen},
	} {
		if got := Levenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := Levenshtein(tc.b, tc.a); got != tc.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d (not symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}
