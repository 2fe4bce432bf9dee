package explain

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// Document is the JSON form of a Result.
type Document struct {
	SchemaVersion int                 `json:"schemaVersion"`
	Verdict       VerdictDoc          `json:"verdict"`
	Steps         []StepDoc           `json:"steps"`
	Token         TokenDoc            `json:"token"`
	Method        MethodDoc           `json:"method"`
	Authorizer    *AuthorizerDoc      `json:"authorizer"`
	RuleErrors    []finding.RuleError `json:"ruleErrors,omitempty"`
	LoadErrors    []finding.LoadError `json:"loadErrors,omitempty"`
	TestInvoke    *TestInvokeDoc      `json:"testInvoke,omitempty"`
}

// TestInvokeDoc is API Gateway's TestInvokeAuthorizer answer in JSON.
type TestInvokeDoc struct {
	ClientStatus int               `json:"clientStatus"`
	Accepted     bool              `json:"accepted"`
	Claims       map[string]string `json:"claims,omitempty"`
	LatencyMS    int64             `json:"latencyMs"`
}

// VerdictDoc is the verdict in JSON.
type VerdictDoc struct {
	Status     string `json:"status"`
	HTTPStatus int    `json:"httpStatus,omitempty"`
	RuleID     string `json:"ruleId,omitempty"`
	Slug       string `json:"slug,omitempty"`
	Message    string `json:"message"`
}

// StepDoc is one step in JSON.
type StepDoc struct {
	RuleID   string       `json:"ruleId"`
	Slug     string       `json:"slug"`
	Step     string       `json:"step"`
	Status   string       `json:"status"`
	Message  string       `json:"message"`
	Answer   string       `json:"answer,omitempty"`
	Fix      string       `json:"fix,omitempty"`
	Location *LocationDoc `json:"location,omitempty"`
}

// LocationDoc is where a setting is written.
type LocationDoc struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Resource string `json:"resource,omitempty"`
}

// TokenDoc is the token without its signature.
type TokenDoc struct {
	Kind   string            `json:"kind,omitempty"`
	Header map[string]any    `json:"header"`
	Claims map[string]any    `json:"claims"`
	Shape  model.TokenHeader `json:"shape"`
	// Signature is always "…": the signature is never shown.
	Signature string `json:"signature"`
}

// MethodDoc is the method in JSON.
type MethodDoc struct {
	Verb              string       `json:"verb"`
	Path              string       `json:"path"`
	API               string       `json:"api"`
	Source            string       `json:"source"`
	Stage             string       `json:"stage,omitempty"`
	AuthorizationType string       `json:"authorizationType,omitempty"`
	Scopes            []string     `json:"scopes"`
	Location          *LocationDoc `json:"location,omitempty"`
}

// AuthorizerDoc is the authorizer in JSON.
type AuthorizerDoc struct {
	ID             string       `json:"id,omitempty"`
	Name           string       `json:"name"`
	Type           string       `json:"type,omitempty"`
	IdentitySource string       `json:"identitySource,omitempty"`
	ProviderARNs   []string     `json:"providerArns"`
	Location       *LocationDoc `json:"location,omitempty"`
}

func locDoc(l model.Loc) *LocationDoc {
	if l.File == "" && l.Resource == "" {
		return nil
	}
	return &LocationDoc{File: l.File, Line: l.Line, Column: l.Column, Resource: l.Resource}
}

// NewDocument builds the JSON form of r.
func NewDocument(r *Result) Document {
	d := Document{
		SchemaVersion: SchemaVersion,
		Verdict:       VerdictDoc(r.Verdict),
		Steps:         []StepDoc{},
		Token: TokenDoc{
			Kind: r.Token.Kind, Header: nonNil(r.Token.Header), Claims: nonNil(r.Token.Claims),
			Shape: r.Token.Shape, Signature: "…",
		},
		Method: MethodDoc{
			Verb: r.Method.Verb, Path: r.Method.Path, API: r.Method.API, Source: r.Method.Source, Stage: r.Method.Stage,
			AuthorizationType: r.Method.AuthorizationType, Scopes: r.Method.Scopes, Location: locDoc(r.Method.Location),
		},
		RuleErrors: r.RuleErrors,
		LoadErrors: r.LoadErrors,
	}
	if ti := r.TestInvoke; ti != nil {
		d.TestInvoke = &TestInvokeDoc{ClientStatus: ti.ClientStatus, Accepted: ti.Accepted(), Claims: ti.Claims, LatencyMS: ti.LatencyMS}
	}
	if d.Method.Scopes == nil {
		d.Method.Scopes = []string{}
	}
	for _, s := range r.Steps {
		sd := StepDoc{RuleID: s.RuleID, Slug: s.Slug, Step: s.Step, Status: s.Status, Message: s.Message, Location: locDoc(s.Location)}
		if s.Status == engine.CheckFail {
			sd.Answer, sd.Fix = s.Answer, s.Fix
		}
		d.Steps = append(d.Steps, sd)
	}
	if a := r.Authorizer; a != nil {
		d.Authorizer = &AuthorizerDoc{ID: a.ID, Name: a.Name, Type: a.Type, IdentitySource: a.IdentitySource, ProviderARNs: a.ProviderARNs, Location: locDoc(a.Location)}
		if d.Authorizer.ProviderARNs == nil {
			d.Authorizer.ProviderARNs = []string{}
		}
	}
	return d
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// WriteJSON writes the JSON document.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(NewDocument(r)); err != nil {
		return fmt.Errorf("writing the JSON result: %w", err)
	}
	return nil
}

// statusWord is the text form of a step status.
func statusWord(s string) string {
	if s == engine.CheckFail {
		return "FAIL"
	}
	return s
}

// WriteText writes the verdict first, then the method, the token and every
// step, with what API Gateway answers and the fix for each failure.
func WriteText(w io.Writer, r *Result) error {
	var b strings.Builder
	b.WriteString(clean(r.Verdict.Message) + "\n")
	if r.Verdict.RuleID != "" {
		fmt.Fprintf(&b, "  (%s %s, docs/rules/%s.md)\n", r.Verdict.RuleID, r.Verdict.Slug, r.Verdict.RuleID)
	}
	if line := testInvokeLine(r.TestInvoke); line != "" {
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
	m := r.Method
	fmt.Fprintf(&b, "Method      %s %s of API %s", clean(m.Verb), clean(m.Path), clean(m.API))
	if m.Stage != "" {
		fmt.Fprintf(&b, ", stage %s", clean(m.Stage))
	}
	b.WriteString("\n")
	auth := m.AuthorizationType
	if len(m.Scopes) > 0 {
		auth += ", scopes " + strings.Join(m.Scopes, " ")
	} else if m.AuthorizationType == "COGNITO_USER_POOLS" {
		auth += ", no scopes"
	}
	fmt.Fprintf(&b, "            %s", clean(auth))
	if p := pos(m.Location); p != "" {
		fmt.Fprintf(&b, " (%s)", clean(p))
	}
	b.WriteString("\n")
	if a := r.Authorizer; a != nil {
		fmt.Fprintf(&b, "Authorizer  %s (%s), identity source %s\n", clean(a.Name), clean(a.Type), clean(orDash(a.IdentitySource)))
		fmt.Fprintf(&b, "            accepts %s\n", clean(orDash(strings.Join(a.ProviderARNs, ", "))))
	}
	fmt.Fprintf(&b, "Token       %s\n", clean(tokenLine(r.Token)))
	b.WriteString("\nSteps\n")
	for _, s := range r.Steps {
		fmt.Fprintf(&b, "  %-22s %-12s %s  %s\n", s.Step, statusWord(s.Status), s.RuleID, clean(s.Message))
		if s.Status == engine.CheckFail {
			fmt.Fprintf(&b, "  %-22s %-12s        API Gateway answers: %s\n", "", "", clean(s.Answer))
			fmt.Fprintf(&b, "  %-22s %-12s        Fix: %s\n", "", "", clean(s.Fix))
		}
		if p := pos(s.Location); p != "" && s.Status != engine.CheckPass {
			fmt.Fprintf(&b, "  %-22s %-12s        at %s\n", "", "", clean(p))
		}
	}
	for _, e := range r.RuleErrors {
		fmt.Fprintf(&b, "rule %s could not be evaluated: %s\n", e.RuleID, clean(e.Message))
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return nil
}

// WriteMarkdown writes the result for an issue or a chat.
func WriteMarkdown(w io.Writer, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### authlint explain: %s %s\n\n", mdCell(r.Method.Verb), mdCell(r.Method.Path))
	fmt.Fprintf(&b, "**%s**", mdCell(r.Verdict.Message))
	if r.Verdict.RuleID != "" {
		fmt.Fprintf(&b, " (%s)", r.Verdict.RuleID)
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "- API: %s\n", mdCell(r.Method.API))
	if a := r.Authorizer; a != nil {
		fmt.Fprintf(&b, "- Authorizer: %s (%s), accepts %s\n", mdCell(a.Name), mdCell(a.Type), mdCell(orDash(strings.Join(a.ProviderARNs, ", "))))
	}
	fmt.Fprintf(&b, "- Token: %s\n", mdCell(tokenLine(r.Token)))
	if line := testInvokeLine(r.TestInvoke); line != "" {
		fmt.Fprintf(&b, "- %s\n", mdCell(line))
	}
	b.WriteString("\n")
	b.WriteString("| Step | Status | Rule | Detail |\n|---|---|---|---|\n")
	for _, s := range r.Steps {
		detail := s.Message
		if s.Status == engine.CheckFail {
			detail += " API Gateway answers: " + s.Answer + " Fix: " + s.Fix
		}
		fmt.Fprintf(&b, "| %s | %s | [%s](https://github.com/authlint/authlint/blob/main/docs/rules/%s.md) | %s |\n", s.Step, statusWord(s.Status), s.RuleID, s.RuleID, mdCell(detail))
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return nil
}

// testInvokeLine says what API Gateway's own test answered, and what it
// cannot see.
func testInvokeLine(t *TestInvoke) string {
	if t == nil {
		return ""
	}
	if t.Accepted() {
		return fmt.Sprintf("TestInvokeAuthorizer: clientStatus %d, the authorizer accepts the token (it tests the authorizer as configured now, and ignores method scopes and the stage).", t.ClientStatus)
	}
	return fmt.Sprintf("TestInvokeAuthorizer: clientStatus %d, the authorizer refuses the token.", t.ClientStatus)
}

// tokenLine sums up the token: kind, alg and kid, issuer, times.
func tokenLine(t TokenView) string {
	if t.Kind == "" {
		return "(nothing could be decoded)"
	}
	parts := []string{t.Kind}
	if alg, ok := t.Header["alg"].(string); ok {
		p := alg
		if kid, ok := t.Header["kid"].(string); ok {
			p += ", kid " + kid
		}
		parts = append(parts, p)
	}
	for _, k := range []string{"iss", "client_id", "aud", "scope", "exp"} {
		v, ok := t.Claims[k]
		if !ok {
			continue
		}
		if n, isNum := v.(json.Number); isNum && k == "exp" {
			if sec, err := n.Int64(); err == nil {
				parts = append(parts, k+" "+time.Unix(sec, 0).UTC().Format(time.RFC3339))
				continue
			}
		}
		parts = append(parts, k+" "+scalar(v))
	}
	parts = append(parts, "signature …")
	return strings.Join(parts, "; ")
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case []any:
		s := make([]string, 0, len(x))
		for _, i := range x {
			s = append(s, scalar(i))
		}
		sort.Strings(s)
		return strings.Join(s, ",")
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return "?"
		}
		return string(b)
	}
}

func pos(l model.Loc) string {
	if l.File != "" {
		return finding.Position(l.File, l.Line, l.Column)
	}
	return l.Resource
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clean escapes control characters and bidi overrides, so that text taken
// from a token or a source cannot steer the terminal.
func clean(s string) string { return escape.Text(s) }

// mdCell makes text safe in a Markdown table cell.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}
