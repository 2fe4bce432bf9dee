package cli

import (
	"slices"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

func TestSuggestRules(t *testing.T) {
	rules := []finding.Rule{
		{ID: "AZ001", Slug: "cognito-authorizer-without-user-pool"},
		{ID: "AZ010", Slug: "method-unprotected-among-cognito"},
		{ID: "CR001", Slug: "preflight-requires-auth"},
		{ID: "CR004", Slug: "preflight-omits-authorization-header"},
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"AZ01", []string{"AZ001 (cognito-authorizer-without-user-pool)", "AZ010 (method-unprotected-among-cognito)"}},
		{"cr0001", []string{"CR001 (preflight-requires-auth)", "CR004 (preflight-omits-authorization-header)"}},
		{"preflight-requires-ath", []string{"CR001 (preflight-requires-auth)"}},
		{"preflight", []string{"CR001 (preflight-requires-auth)", "CR004 (preflight-omits-authorization-header)"}},
		{"XY999", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := suggestRules(rules, tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("suggestRules(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}
