package cloudformation

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/corpustest"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation/sam"
)

func openTemplate(t *testing.T, path string) (*builder, *template) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := yamltree.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tpl, err := parseTemplate(path, doc)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tpl.setupResolver(nil, nil)
	b := newBuilder(New(Options{}), &model.Inventory{}, loader.Reader{})
	return b, tpl
}

// authView is what the SAM pair test compares: per API, the security of
// every method and the authorizer schemes.
type authView struct {
	Methods map[string]string
	Schemes map[string]string
}

func viewOf(doc map[string]any) authView {
	v := authView{Methods: map[string]string{}, Schemes: map[string]string{}}
	paths, _ := doc["paths"].(map[string]any)
	for p, raw := range paths {
		item, _ := raw.(map[string]any)
		for verb, opRaw := range item {
			op, ok := opRaw.(map[string]any)
			if !ok || verb == "parameters" || verb == "summary" || verb == "description" {
				continue
			}
			var reqs []string
			sec, _ := op["security"].([]any)
			for _, r := range sec {
				rm, _ := r.(map[string]any)
				for name, scopes := range rm {
					b, _ := json.Marshal(scopes)
					reqs = append(reqs, name+string(b))
				}
			}
			sort.Strings(reqs)
			v.Methods[strings.ToUpper(verb)+" "+p] = strings.Join(reqs, ",")
		}
	}
	schemes, _ := doc["securityDefinitions"].(map[string]any)
	if c, ok := doc["components"].(map[string]any); ok {
		if s, ok := c["securitySchemes"].(map[string]any); ok {
			schemes = s
		}
	}
	for name, raw := range schemes {
		s, _ := raw.(map[string]any)
		az, _ := s["x-amazon-apigateway-authorizer"].(map[string]any)
		b, _ := json.Marshal(map[string]any{
			"name": s["name"], "authtype": s["x-amazon-apigateway-authtype"], "type": az["type"],
			"providerARNs": az["providerARNs"], "identityValidationExpression": az["identityValidationExpression"],
		})
		v.Schemes[name] = string(b)
	}
	return v
}

func diffViews(a, b authView) []string {
	var out []string
	for _, pair := range []struct {
		what string
		x, y map[string]string
	}{{"method", a.Methods, b.Methods}, {"scheme", a.Schemes, b.Schemes}} {
		keys := map[string]bool{}
		for k := range pair.x {
			keys[k] = true
		}
		for k := range pair.y {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			if pair.x[k] != pair.y[k] {
				out = append(out, fmt.Sprintf("%s %s: authlint %q, translator %q", pair.what, k, pair.x[k], pair.y[k]))
			}
		}
	}
	return out
}

// TestSAMDocumentsMatchTranslator expands every SAM input of the corpus and
// compares the OpenAPI documents with the ones AWS's SAM translator produced
// (sam-translator-output): the same methods with the same security
// requirements, and the same authorizer schemes.
func TestSAMDocumentsMatchTranslator(t *testing.T) {
	dir := corpustest.Dir(t)
	outs, _ := filepath.Glob(filepath.Join(dir, "sam-translator-output", "*.json"))
	if len(outs) == 0 {
		t.Skip("no translator outputs")
	}
	matched := 0
	for _, out := range outs {
		base := strings.TrimSuffix(filepath.Base(out), ".json")
		in := filepath.Join(dir, "sam", base+".yaml")
		t.Run(base, func(t *testing.T) {
			b, st := openTemplate(t, in)
			mine := map[string]authView{}
			for _, a := range expandForTest(st) {
				if a.Body != nil {
					mine[a.LogicalID] = viewOf(b.normalizeDoc(st, a.Body, a.BodyOrigins))
				}
			}
			ob, ot := openTemplate(t, out)
			theirs := map[string]authView{}
			for _, id := range ot.order {
				r := ot.resources[id]
				if r.typ != typeRestAPI {
					continue
				}
				if r.condition != "" {
					if v, known, _ := ot.res.Condition(r.condition); known && !v {
						continue
					}
				}
				if body, ok := r.props["Body"]; ok {
					doc, _, u := ob.prepareBody(t.Context(), ot, body, r.propPtr("Body"))
					if u == nil {
						theirs[id] = viewOf(doc)
					}
				}
			}
			var diffs []string
			for _, id := range sortedKeys(mergeKeys(mine, theirs)) {
				for _, d := range diffViews(mine[id], theirs[id]) {
					diffs = append(diffs, id+": "+d)
				}
			}
			if len(diffs) > 0 {
				t.Errorf("%d differences:\n%s", len(diffs), strings.Join(diffs, "\n"))
				return
			}
			matched++
		})
	}
	t.Logf("SAM translator documents: %d of %d pairs match", matched, len(outs))
}

func mergeKeys[V any](a, b map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func expandForTest(t *template) []*sam.API {
	st := sam.Template{Resolve: t.res.Resolve, Condition: func(n string) (bool, bool) {
		v, k, _ := t.res.Condition(n)
		return v, k
	}}
	st.Globals, _ = t.root["Globals"].(map[string]any)
	for _, id := range t.order {
		r := t.resources[id]
		if r.condition != "" {
			if v, known, _ := t.res.Condition(r.condition); known && !v {
				continue
			}
		}
		st.Resources = append(st.Resources, sam.Resource{ID: r.id, Type: r.typ, Props: r.props, Condition: r.condition, Ptr: r.ptr})
	}
	return sam.Expand(st)
}
