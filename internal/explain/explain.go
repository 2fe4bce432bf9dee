package explain

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// SchemaVersion is the version of the JSON result document.
const SchemaVersion = 1

// Request is one question: this header value, on this route, against these
// sources.
type Request struct {
	// HeaderName is the request header the value is sent in (Authorization
	// when empty).
	HeaderName string
	// Value is the header value as the client sends it.
	Value string
	Route Route
	// API picks an API when the route reaches several; Stage is the stage
	// the request is sent to (optional).
	API   string
	Stage string
	Now   time.Time
	// Keys verify the signature; nil leaves it not checked.
	Keys *Keys
}

// Evaluator runs the token rules (the engine).
type Evaluator interface {
	EvaluateToken(ctx context.Context, tc *model.TokenCase) ([]engine.Check, []finding.RuleError)
}

// Status of the verdict.
const (
	VerdictFail    = "fail"
	VerdictUnknown = "unknown"
	VerdictPass    = "pass"
)

// Result is the answer: the verdict, then every step.
type Result struct {
	Verdict    Verdict
	Steps      []Step
	Token      TokenView
	Method     MethodView
	Authorizer *AuthorizerView
	// RuleErrors are token rules that failed to evaluate.
	RuleErrors []finding.RuleError
	// LoadErrors are sources that could not be loaded (the method was found
	// in the others).
	LoadErrors []finding.LoadError
	// TestInvoke is API Gateway's own answer (TestInvokeAuthorizer), when
	// asked for.
	TestInvoke *TestInvoke
}

// TestInvoke is what API Gateway's TestInvokeAuthorizer answered.
type TestInvoke struct {
	// ClientStatus is the status the client would get (0 or 200: accepted).
	ClientStatus int
	Claims       map[string]string
	LatencyMS    int64
}

// Accepted reports whether the authorizer accepted the token.
func (t *TestInvoke) Accepted() bool { return t.ClientStatus == 0 || t.ClientStatus == 200 }

// Verdict sums up the steps.
type Verdict struct {
	// Status is fail (some check fails), unknown (none fails, some cannot be
	// decided) or pass.
	Status string
	// HTTPStatus is what API Gateway answers for the first failure (0 when
	// nothing fails).
	HTTPStatus int
	RuleID     string
	Slug       string
	Message    string
}

// Step is one result of one token rule.
type Step struct {
	RuleID string
	Slug   string
	Title  string
	Step   string
	// Status is one of engine.CheckFail, CheckUnknown, CheckNotChecked, CheckPass.
	Status  string
	Message string
	// Answer is what API Gateway answers when the step fails.
	Answer string
	// Fix is the rule's remediation.
	Fix      string
	Location model.Loc
}

// TokenView is the token as it may be shown: its JOSE header and claims,
// never its signature.
type TokenView struct {
	Kind   string
	Header map[string]any
	Claims map[string]any
	// Shape is the description of the header value.
	Shape model.TokenHeader
}

// MethodView names the method the request reaches.
type MethodView struct {
	Verb   string
	Path   string
	API    string
	Source string
	Stage  string
	Scopes []string
	// AuthorizationType is the method's (NONE, COGNITO_USER_POOLS, …).
	AuthorizationType string
	Location          model.Loc
}

// AuthorizerView names the authorizer of the method.
type AuthorizerView struct {
	// ID is the physical authorizer id (live sources).
	ID             string
	Name           string
	Type           string
	ProviderARNs   []string
	IdentitySource string
	Location       model.Loc
}

// Explain answers req against the method it found. It returns an error only
// when the token rules cannot be evaluated at all.
func Explain(ctx context.Context, ev Evaluator, req Request, m *Match) (*Result, error) {
	name := req.HeaderName
	if name == "" {
		name = "Authorization"
	}
	shape, tok := ParseHeader(name, req.Value)
	var dec Decoded
	if !shape.Empty && !shape.SigV4 {
		dec = Decode(tok)
	}
	tc := &model.TokenCase{
		SchemaVersion: model.SchemaVersion,
		Now:           req.Now.Unix(),
		Header:        shape,
		Token:         dec.Info,
		Signature:     Verify(tok, dec.Info, req.Keys),
	}
	fillConfig(tc, m, req.Stage)
	checks, errs := ev.EvaluateToken(ctx, tc)
	if len(checks) == 0 && len(errs) > 0 {
		return nil, fmt.Errorf("evaluating the token rules: %s: %s", errs[0].RuleID, errs[0].Message)
	}
	res := &Result{
		Steps:      steps(checks),
		Token:      TokenView{Kind: kindOf(dec.Info), Header: dec.Header, Claims: dec.Claims, Shape: shape},
		Method:     methodView(m, tc, req.Stage),
		Authorizer: authorizerView(tc.Authorizer),
		RuleErrors: errs,
	}
	res.Verdict = verdict(res.Steps, res.Method)
	return res, nil
}

func kindOf(info *model.TokenInfo) string {
	switch {
	case info == nil:
		return ""
	case info.Kind == model.TokenJWE:
		return "encrypted (JWE)"
	case info.Claims != nil && info.Claims.TokenUse != nil:
		switch *info.Claims.TokenUse {
		case "id":
			return "ID token"
		case "access":
			return "access token"
		}
	}
	return "JWT"
}

// fillConfig puts the method's configuration into the case: the method (as
// the stage's deployment serves it, when known), its authorizer, the pools
// and clients, the resource policy and the stage.
func fillConfig(tc *model.TokenCase, m *Match, stageName string) {
	api := m.API
	tc.API = model.TokenAPI{Ref: api.Ref, Origin: api.Origin, Source: m.Source}
	tc.API.Name, _ = api.Name.Get()
	tc.API.ID, _ = api.ID.Get()
	method := *m.Method
	authorizers := api.Authorizers
	policy := api.ResourcePolicy
	if stageName != "" {
		ts := &model.TokenStage{Name: stageName, Variables: []model.StageVariable{}}
		var st *model.Stage
		for i := range api.Stages {
			if n, ok := api.Stages[i].Name.Get(); ok && n == stageName {
				st = &api.Stages[i]
			}
		}
		switch {
		case st != nil:
			ts.Found = true
			ts.Variables = append(ts.Variables, st.Variables...)
			ts.VariablesUnknown = st.VariablesUnknown
			if d := st.Deployed; d != nil {
				dm := deployedMethod(d.Methods, m.Method)
				serves := dm != nil
				ts.Serves = &serves
				// What the stage serves is what answers the request.
				if dm != nil && d.AuthorizersKnown && d.ScopesKnown {
					method, authorizers = *dm, d.Authorizers
				}
				if d.PolicyKnown {
					policy = d.ResourcePolicy
				}
			}
		case api.StagesUnknown != nil:
			ts.FoundUnknown = api.StagesUnknown
		case len(api.Stages) == 0:
			ts.FoundUnknown = &model.Unknown{Reason: "the sources define no stage of this API"}
		}
		tc.Stage = ts
	}
	tc.Method = method
	tc.ResourcePolicy = policy
	tc.UserPools = m.Inventory.UserPools
	tc.AppClients = m.Inventory.AppClients
	if method.Authorizer == nil {
		return
	}
	switch {
	case method.Authorizer.Target != "":
		for i := range authorizers {
			if authorizers[i].Ref == method.Authorizer.Target {
				a := authorizers[i]
				tc.Authorizer = &a
			}
		}
		if tc.Authorizer == nil {
			tc.AuthorizerUnknown = &model.Unknown{Reason: "the authorizer the method links to is not in the sources"}
		}
	case method.Authorizer.Missing != nil:
		tc.AuthorizerUnknown = &model.Unknown{Reason: "the method names authorizer " + method.Authorizer.Missing.Name + ", which does not exist"}
	case method.Authorizer.Unknown != nil:
		tc.AuthorizerUnknown = method.Authorizer.Unknown
	}
}

// deployedMethod finds the snapshot's method with the same path and verb.
func deployedMethod(ms []model.Method, m *model.Method) *model.Method {
	p, _ := m.Path.Get()
	v, _ := m.HTTPMethod.Get()
	for i := range ms {
		dp, _ := ms[i].Path.Get()
		dv, _ := ms[i].HTTPMethod.Get()
		if dp == p && dv == v {
			return &ms[i]
		}
	}
	return nil
}

// steps flattens the checks in step order (then rule id), one step per
// message.
func steps(checks []engine.Check) []Step {
	slices.SortStableFunc(checks, func(a, b engine.Check) int {
		return cmp.Or(
			cmp.Compare(finding.StepOrder(a.Rule.Step), finding.StepOrder(b.Rule.Step)),
			cmp.Compare(a.Rule.ID, b.Rule.ID),
		)
	})
	var out []Step
	for _, c := range checks {
		base := Step{
			RuleID: c.Rule.ID, Slug: c.Rule.Slug, Title: c.Rule.Title, Step: c.Rule.Step, Status: c.Status,
			Answer: c.Rule.ClientSees, Fix: c.Rule.Remediation,
		}
		if len(c.Results) == 0 {
			base.Message = "No problem found."
			out = append(out, base)
			continue
		}
		for _, r := range c.Results {
			s := base
			s.Message, s.Location = r.Message, r.Loc
			out = append(out, s)
		}
	}
	return out
}

// verdict names the first failure in step order; else the first step that
// cannot be decided; else a pass that names what was not checked.
func verdict(steps []Step, m MethodView) Verdict {
	for _, s := range steps {
		if s.Status == engine.CheckFail {
			code := httpStatus(s.Answer)
			return Verdict{Status: VerdictFail, HTTPStatus: code, RuleID: s.RuleID, Slug: s.Slug, Message: fmt.Sprintf("%d: %s", code, s.Message)}
		}
	}
	for _, s := range steps {
		if s.Status == engine.CheckUnknown {
			return Verdict{Status: VerdictUnknown, RuleID: s.RuleID, Slug: s.Slug, Message: "No check fails, but authlint cannot tell everything: " + s.Message}
		}
	}
	// A method that takes no Cognito token: nothing about the token was
	// checked, so nothing can be said about it.
	for _, s := range steps {
		if s.Step == finding.StepHeader && s.Status == engine.CheckNotChecked {
			return Verdict{Status: VerdictPass, Message: "No check fails, but the token was not checked: " + s.Message}
		}
	}
	var skipped []string
	for _, s := range steps {
		if s.Status == engine.CheckNotChecked && !slices.Contains(skipped, s.Step) {
			skipped = append(skipped, s.Step)
		}
	}
	msg := fmt.Sprintf("No check fails: API Gateway should let the token through to %s %s.", m.Verb, m.Path)
	if len(skipped) > 0 {
		msg += " Not checked: " + strings.Join(skipped, ", ") + "."
	}
	return Verdict{Status: VerdictPass, Message: msg}
}

// httpStatus reads the status code a rule's client_sees starts with.
func httpStatus(answer string) int {
	if len(answer) >= 3 {
		if n, err := strconv.Atoi(answer[:3]); err == nil {
			return n
		}
	}
	return 0
}

func methodView(m *Match, tc *model.TokenCase, stage string) MethodView {
	v := MethodView{Source: m.Source, Stage: stage, Location: tc.Method.Loc, API: APILabel(m.Source, m.API)}
	v.Verb, _ = tc.Method.HTTPMethod.Get()
	v.Path, _ = tc.Method.Path.Get()
	v.AuthorizationType, _ = tc.Method.AuthorizationType.Get()
	v.Scopes, _ = tc.Method.AuthorizationScopes.Values()
	return v
}

func authorizerView(a *model.Authorizer) *AuthorizerView {
	if a == nil {
		return nil
	}
	v := &AuthorizerView{Location: a.Loc}
	v.ID, _ = a.ID.Get()
	v.Name, _ = a.Name.Get()
	if v.Name == "" {
		v.Name = cmp.Or(a.LogicalID, a.Ref)
	}
	v.Type, _ = a.Type.Get()
	v.IdentitySource, _ = a.IdentitySource.Get()
	for _, p := range a.ProviderARNs.Items {
		if s, ok := p.ARN.Get(); ok {
			v.ProviderARNs = append(v.ProviderARNs, s)
		} else if p.UserPool != nil && p.UserPool.Target != "" {
			v.ProviderARNs = append(v.ProviderARNs, "(pool "+p.UserPool.Target+")")
		} else {
			v.ProviderARNs = append(v.ProviderARNs, "(unknown)")
		}
	}
	return v
}
