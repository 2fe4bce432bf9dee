package engine

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/authlint/authlint/internal/finding"
)

var (
	idPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,15}[0-9]{3}$`)
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	validSource = map[string]bool{
		finding.SourceOpenAPI: true, finding.SourceCloudFormation: true, finding.SourceSAM: true,
		finding.SourceCDK: true, finding.SourceTerraform: true, finding.SourceLive: true,
		finding.SourcePostman: true,
	}
	validFix = map[string]bool{
		finding.SourceOpenAPI: true, finding.SourceCloudFormation: true, finding.SourceSAM: true,
		finding.SourceCDK: true, finding.SourceTerraform: true, finding.SourceLive: true, finding.SourceConsole: true,
		finding.SourcePostman: true,
	}
)

// catalogue reads one finding.Rule per package under authlint.rules from the
// package-scope METADATA of compiled modules, checking the metadata contract.
func catalogue(c *ast.Compiler, custom map[string]bool) ([]finding.Rule, error) {
	mods := make([]*ast.Module, 0, len(c.Modules))
	for _, m := range c.Modules {
		mods = append(mods, m)
	}
	return catalogueOf(c.GetAnnotationSet().Flatten(), mods, custom, true)
}

// headCatalogue reads the catalogue from module heads (package and
// package-scope METADATA, see parseModules). The heads have no rules, so
// the checks that every rule defines deny are left to the tests of the
// embedded catalogue.
func headCatalogue(heads map[string]*ast.Module) ([]finding.Rule, error) {
	mods := make([]*ast.Module, 0, len(heads))
	for _, m := range heads {
		mods = append(mods, m)
	}
	as, errs := ast.BuildAnnotationSet(mods)
	if len(errs) > 0 {
		return nil, fmt.Errorf("reading rule metadata: %w", errs)
	}
	return catalogueOf(as.Flatten(), mods, nil, false)
}

func catalogueOf(annotations ast.FlatAnnotationsRefSet, mods []*ast.Module, custom map[string]bool, checkDeny bool) ([]finding.Rule, error) {
	var (
		rules []finding.Rule
		errs  []string
		seen  = map[string]string{}
	)
	annotated := map[string]bool{}
	for _, ar := range annotations {
		a := ar.Annotations
		if a.Scope != "package" {
			continue
		}
		pkg := strings.TrimPrefix(ar.Path.String(), "data.")
		if !strings.HasPrefix(pkg, RulesNamespace+".") {
			continue
		}
		annotated[pkg] = true
		file := ""
		if a.Location != nil {
			file = a.Location.File
		}
		r, err := ruleFromAnnotations(a, pkg, file)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", file, err))
			continue
		}
		r.Custom = custom[file]
		if prev, dup := seen[r.ID]; dup {
			errs = append(errs, fmt.Sprintf("%s: rule id %s is already used by %s", file, r.ID, prev))
			continue
		}
		seen[r.ID] = file
		rules = append(rules, r)
	}
	if !checkDeny {
		mods = nil
	}
	// A package under authlint.rules that defines deny must carry metadata.
	for _, m := range mods {
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if !strings.HasPrefix(pkg, RulesNamespace+".") || annotated[pkg] || strings.HasSuffix(m.Package.Location.File, "_test.rego") {
			continue
		}
		if slices.ContainsFunc(m.Rules, func(r *ast.Rule) bool { return r.Head.Name.String() == "deny" }) {
			errs = append(errs, fmt.Sprintf("%s: package %s defines deny but has no package-scope METADATA with custom.id", m.Package.Location.File, pkg))
		}
	}
	// Every rule must define deny: it is what the engine evaluates. A token
	// rule that only ever concludes "unknown" (behaviour AWS does not
	// document) may define unknown instead.
	denies := map[string]bool{}
	for _, m := range mods {
		if slices.ContainsFunc(m.Rules, func(r *ast.Rule) bool {
			n := r.Head.Name.String()
			return n == "deny" || n == "unknown" && m.Annotations != nil
		}) {
			denies[strings.TrimPrefix(m.Package.Path.String(), "data.")] = true
		}
	}
	for _, r := range rules {
		if checkDeny && !denies[r.Package] {
			errs = append(errs, fmt.Sprintf("%s: rule %s (package %s) has metadata but no deny rule", r.File, r.ID, r.Package))
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("invalid rule metadata:\n  %s", strings.Join(errs, "\n  "))
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, nil
}

// tokenSchema reports whether the annotations type the input as a token case.
func tokenSchema(a *ast.Annotations) bool {
	for _, s := range a.Schemas {
		if s.Path.String() == "input" && s.Schema.String() == TokenCaseSchemaRef {
			return true
		}
	}
	return false
}

func ruleFromAnnotations(a *ast.Annotations, pkg, file string) (finding.Rule, error) {
	str := func(k string) string {
		s, _ := a.Custom[k].(string)
		return strings.TrimSpace(s)
	}
	r := finding.Rule{
		ID:          str("id"),
		Slug:        str("slug"),
		Title:       strings.TrimSpace(a.Title),
		Description: strings.TrimSpace(a.Description),
		ClientSees:  str("client_sees"),
		Remediation: str("remediation"),
		Package:     pkg,
		File:        file,
	}
	var problems []string
	if !idPattern.MatchString(r.ID) {
		problems = append(problems, fmt.Sprintf("custom.id %q must look like AZ001", r.ID))
	}
	if !slugPattern.MatchString(r.Slug) {
		problems = append(problems, fmt.Sprintf("custom.slug %q must be lower-case words joined by dashes", r.Slug))
	}
	sev, err := finding.ParseSeverity(str("severity"))
	if err != nil {
		problems = append(problems, "custom.severity: "+err.Error())
	}
	r.Severity = sev
	if ss := str("security_severity"); ss != "" {
		if !slices.Contains(finding.SecuritySeverities(), ss) {
			problems = append(problems, fmt.Sprintf("custom.security_severity %q must be one of %s", ss, strings.Join(finding.SecuritySeverities(), ", ")))
		}
		r.SecuritySeverity = ss
	}
	for field, v := range map[string]string{"title": r.Title, "description": r.Description, "custom.client_sees": r.ClientSees, "custom.remediation": r.Remediation} {
		if v == "" {
			problems = append(problems, field+" is required")
		}
	}
	if raw, ok := a.Custom["fixes"]; ok {
		m, ok := raw.(map[string]any)
		if !ok {
			problems = append(problems, "custom.fixes must map source kinds to text")
		} else {
			r.Fixes = map[string]string{}
			for k, v := range m {
				s, ok := v.(string)
				if !validFix[k] || !ok {
					problems = append(problems, fmt.Sprintf("custom.fixes.%s: unknown source kind or not text", k))
					continue
				}
				r.Fixes[k] = strings.TrimSpace(s)
			}
		}
	}
	list := func(k string) []string {
		raw, ok := a.Custom[k]
		if !ok {
			return nil
		}
		items, ok := raw.([]any)
		if !ok {
			problems = append(problems, "custom."+k+" must be a list")
			return nil
		}
		out := make([]string, 0, len(items))
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				problems = append(problems, "custom."+k+" must hold text")
				continue
			}
			out = append(out, s)
		}
		return out
	}
	r.Sources = list("sources")
	for _, s := range r.Sources {
		if !validSource[s] {
			problems = append(problems, fmt.Sprintf("custom.sources: unknown source kind %q", s))
		}
	}
	if raw, ok := a.Custom["step"]; ok {
		step, _ := raw.(string)
		if finding.StepOrder(step) < 0 {
			problems = append(problems, fmt.Sprintf("custom.step %q is not one of %s", step, strings.Join(finding.Steps(), ", ")))
		}
		r.Step = step
		if !tokenSchema(a) {
			problems = append(problems, "a token rule (custom.step) must declare its input: schemas: [{input: "+TokenCaseSchemaRef+"}]")
		}
		if len(r.Sources) > 0 {
			problems = append(problems, "a token rule (custom.step) checks a token, not a source: drop custom.sources")
		}
	} else if tokenSchema(a) {
		problems = append(problems, "a rule over "+TokenCaseSchemaRef+" needs custom.step")
	}
	r.Tags = list("tags")
	r.Resources = list("resources")
	for _, rr := range a.RelatedResources {
		r.References = append(r.References, rr.Ref.String())
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return r, fmt.Errorf("rule %s (package %s): %s", r.ID, pkg, strings.Join(problems, "; "))
	}
	return r, nil
}
