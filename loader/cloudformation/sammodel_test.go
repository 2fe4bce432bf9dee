package cloudformation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/loader"
)

func loadFile(ctx context.Context, t *testing.T, path string, opts Options) (*model.Inventory, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in := loader.NewInput(path, data)
	l := New(opts)
	if !l.Detect(in) {
		t.Fatalf("%s: not detected as a template", path)
	}
	invs, err := l.Load(ctx, in)
	if len(invs) != 1 {
		t.Fatalf("%s: %d inventories (error %v)", path, len(invs), err)
	}
	return invs[0], err
}

func strOf(s *model.String) string {
	if s == nil {
		return "<unset>"
	}
	if v, ok := s.Get(); ok {
		return v
	}
	if s.Unknown != nil {
		return "?" + s.Unknown.Expr
	}
	return "?"
}

func linkOf(l *model.Link) string {
	switch {
	case l == nil:
		return ""
	case l.Target != "":
		return l.Target
	case l.Missing != nil:
		return "missing:" + l.Missing.Name
	default:
		return "unknown"
	}
}

// stringsOf renders a list of values, sorted ("?" for an unknown one): the
// order of a statement's resources follows the translator's dictionaries.
func stringsOf(l model.Strings) string {
	parts := make([]string, 0, len(l.Items))
	for i := range l.Items {
		parts = append(parts, strOf(&l.Items[i]))
	}
	sort.Strings(parts)
	if l.Unknown != nil {
		parts = append(parts, "?")
	}
	return strings.Join(parts, ",")
}

// policyModel renders a resource policy as its sorted statements.
func policyModel(p *model.Policy) string {
	if p == nil {
		return "<none>"
	}
	if p.Unknown != nil {
		return "unknown: " + p.Unknown.Reason
	}
	sts := make([]string, 0, len(p.Statements))
	for _, st := range p.Statements {
		principal := "<none>"
		if pr := st.Principal; pr != nil {
			principal = fmt.Sprintf("everyone=%v aws=[%s] other=%v", pr.Everyone, stringsOf(pr.AWS), pr.Other)
		}
		sts = append(sts, fmt.Sprintf("%s principal{%s} actions=[%s] resources=[%s] conditions=%v",
			strOf(&st.Effect), principal, stringsOf(st.Actions), stringsOf(st.Resources), st.Conditions))
	}
	sort.Strings(sts)
	return strings.Join(sts, "\n    ")
}

// authModel is the part of an inventory the pair test compares.
func authModel(inv *model.Inventory) map[string]string {
	out := map[string]string{}
	for _, api := range inv.RestAPIs {
		if api.ResourcePolicy != nil {
			out["policy "+api.Ref] = policyModel(api.ResourcePolicy)
		}
		for _, a := range api.Authorizers {
			var arns []string
			for _, p := range a.ProviderARNs.Items {
				arns = append(arns, strOf(&p.ARN)+"->"+linkOf(p.UserPool))
			}
			out["authorizer "+a.Ref] = fmt.Sprintf("type=%s pools=%v identity=%s validation=%s", strOf(&a.Type), arns, strOf(a.IdentitySource), strOf(a.IdentityValidationExpression))
		}
		for _, m := range api.Methods {
			scopes, _ := m.AuthorizationScopes.Values()
			key, _ := m.APIKeyRequired.Get()
			out["method "+api.Ref+" "+strOf(&m.HTTPMethod)+" "+strOf(&m.Path)] = fmt.Sprintf("auth=%s authorizer=%s scopes=%v apiKey=%v known=%v",
				strOf(&m.AuthorizationType), linkOf(m.Authorizer), scopes, key, m.APIKeyRequired.Value != nil)
		}
	}
	httpAuthModel(inv, out)
	return out
}

// httpAuthModel adds the HTTP APIs: authorizers (type, issuer and its pool,
// audience entries and their links, identity source), routes (type,
// authorizer, scopes), CORS origins and stages.
func httpAuthModel(inv *model.Inventory, out map[string]string) {
	for _, api := range inv.HTTPAPIs {
		for _, a := range api.Authorizers {
			var aud []string
			if a.Audience != nil {
				for _, e := range a.Audience.Items {
					aud = append(aud, strOf(&e.Value)+"->"+linkOf(e.AppClient)+"/"+linkOf(e.UserPool))
				}
			}
			ids := "<unset>"
			if a.IdentitySource != nil {
				ids = stringsOf(*a.IdentitySource)
			}
			out["http authorizer "+a.Ref] = fmt.Sprintf("type=%s issuer=%s pool=%s audience=%v identity=%s",
				strOf(&a.Type), strOf(a.Issuer), linkOf(a.IssuerUserPool), aud, ids)
		}
		for _, r := range api.Routes {
			out["route "+api.Ref+" "+strOf(&r.RouteKey)] = fmt.Sprintf("auth=%s authorizer=%s scopes=%s",
				strOf(&r.AuthorizationType), linkOf(r.Authorizer), stringsOf(r.AuthorizationScopes))
		}
		if api.CORS != nil && api.CORS.AllowOrigins != nil {
			out["cors "+api.Ref] = stringsOf(*api.CORS.AllowOrigins)
		}
		for _, st := range api.Stages {
			out["stage "+api.Ref+" "+strOf(st.Name)] = "autoDeploy=" + fmt.Sprint(st.AutoDeploy != nil && st.AutoDeploy.Value != nil && *st.AutoDeploy.Value)
		}
	}
}

// TestSAMModelsMatchTranslator loads every SAM input of the corpus and the
// CloudFormation AWS's SAM translator produced from it, and requires the same
// authorizers (type, pools, identity header, validation expression), the
// same methods (path, verb, authorization type, authorizer, scopes) and the
// same resource policy statements.
func TestSAMModelsMatchTranslator(t *testing.T) {
	dir := corpustest.Dir(t)
	outs, _ := filepath.Glob(filepath.Join(dir, "sam-translator-output", "*.json"))
	matched, methods, authorizers, policies := 0, 0, 0, 0
	for _, out := range outs {
		base := strings.TrimSuffix(filepath.Base(out), ".json")
		ok := t.Run(base, func(t *testing.T) {
			mine, err := loadFile(t.Context(), t, filepath.Join(dir, "sam", base+".yaml"), Options{})
			if err != nil {
				t.Logf("SAM input: %v", err)
			}
			theirs, err := loadFile(t.Context(), t, out, Options{})
			if err != nil {
				t.Logf("translator output: %v", err)
			}
			a, b := authModel(mine), authModel(theirs)
			var diffs []string
			for _, k := range sortedKeys(mergeKeys(a, b)) {
				if a[k] != b[k] {
					diffs = append(diffs, fmt.Sprintf("%s:\n  authlint:   %s\n  translator: %s", k, a[k], b[k]))
				}
				switch {
				case strings.HasPrefix(k, "method"):
					methods++
				case strings.HasPrefix(k, "policy"):
					policies++
				default:
					authorizers++
				}
			}
			if len(diffs) > 0 {
				t.Errorf("%d differences:\n%s", len(diffs), strings.Join(diffs, "\n"))
			}
		})
		if ok {
			matched++
		}
	}
	t.Logf("SAM translator pairs: %d of %d agree (%d methods, %d authorizers, %d resource policies compared)", matched, len(outs), methods, authorizers, policies)
}
