package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// Location is where a finding points.
type Location struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Pointer string `json:"pointer,omitempty"`
}

// Resource names the object a finding is about, with the context a reader needs
// to find it in a console or a template.
type Resource struct {
	// Kind is restApi, method, authorizer, stage, deployment, gatewayResponse,
	// resourcePolicy, httpApi, route, userPool, appClient, resourceServer,
	// domain, cdkApp, tokenRequest, apiRequest or committedToken.
	Kind string `json:"kind"`
	// Ref is the model ref (stable; used for fingerprints).
	Ref string `json:"ref"`
	// Name is a readable name ("GET /pets", "CognitoAuth").
	Name      string `json:"name,omitempty"`
	LogicalID string `json:"logicalId,omitempty"`
	CDKPath   string `json:"cdkPath,omitempty"`
	// API is the REST or HTTP API's name (or id); APIID its physical id when
	// known. Method is a REST method ("GET /pets") or an HTTP API route key.
	API     string `json:"api,omitempty"`
	APIID   string `json:"apiId,omitempty"`
	Stage   string `json:"stage,omitempty"`
	Method  string `json:"method,omitempty"`
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	// ARN is the resource's ARN for live resources.
	ARN string `json:"arn,omitempty"`
}

// Suppression records why a finding does not count.
type Suppression struct {
	// Kind is "inSource" (an inline suppression), "external" (configuration) or
	// "baseline".
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
	// Expires is the expiry date (YYYY-MM-DD), when set.
	Expires string `json:"expires,omitempty"`
	// Location is where the suppression is written, when in source.
	Location *Location `json:"location,omitempty"`
}

// Finding is one rule violation.
type Finding struct {
	RuleID   string   `json:"ruleId"`
	Slug     string   `json:"slug"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Location Location `json:"location"`
	Resource Resource `json:"resource"`
	// Source is the input the finding came from (a file path, or
	// "live:ACCOUNT/REGION").
	Source string `json:"source,omitempty"`
	// Fingerprint identifies the finding across runs: it does not change when
	// unrelated lines move.
	Fingerprint string       `json:"fingerprint"`
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Suppressed reports whether the finding is suppressed.
func (f *Finding) Suppressed() bool { return f.Suppression != nil }

// Fingerprint hashes what identifies a finding: the rule, the input, the
// resource and the JSON pointer of the property. Line numbers are left out so
// the fingerprint survives edits elsewhere in the file.
func Fingerprint(ruleID, source, ref, pointer string) string {
	h := sha256.New()
	for _, s := range []string{ruleID, source, ref, pointer} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Compare orders findings by file, line, column, rule and message, so output is
// deterministic.
func Compare(a, b Finding) int {
	return cmp.Or(
		strings.Compare(a.Location.File, b.Location.File),
		strings.Compare(a.Source, b.Source),
		cmp.Compare(a.Location.Line, b.Location.Line),
		cmp.Compare(a.Location.Column, b.Location.Column),
		strings.Compare(a.RuleID, b.RuleID),
		strings.Compare(a.Resource.Ref, b.Resource.Ref),
		strings.Compare(a.Message, b.Message),
	)
}

// Sort sorts findings deterministically.
func Sort(fs []Finding) { slices.SortStableFunc(fs, Compare) }

// Position renders "file:line:col" the way compilers do, leaving out the
// line and column when they are unknown.
func Position(file string, line, col int) string {
	switch {
	case line > 0 && col > 0:
		return file + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
	case line > 0:
		return file + ":" + strconv.Itoa(line)
	default:
		return file
	}
}

// String renders the location as file:line:col.
func (l Location) String() string { return Position(l.File, l.Line, l.Column) }

// Position renders where the load error is, as file:line:col.
func (e LoadError) Position() string { return Position(e.Input, e.Line, e.Column) }
