package cloudformation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader/cloudformation/intrinsic"
)

// template is one parsed template file.
type template struct {
	file   string
	doc    *yamltree.Doc
	format string
	root   map[string]any
	// prefix is prepended to logical ids to make refs (nested stacks: "Parent/").
	prefix string
	// stack is the stack name when known (CDK manifests, nested stacks).
	stack string
	// cdk is true for CDK output (aws:cdk:path metadata or a cloud assembly).
	cdk        bool
	sam        bool
	version    string
	resources  map[string]*resource
	order      []string
	res        *intrinsic.Resolver
	issues     []string
	said       map[string]bool
	conditions map[string]any
	// transforms are the template's Transform names; includes are entries of
	// the Resources section that a transform fills in at deployment
	// (Fn::Transform, AWS::Include), by pointer.
	transforms []string
	includes   []string
	// loops are the Fn::ForEach entries, expanded once parameter values are
	// known (foreach.go); unknownLoops those whose collection is unknown.
	loops        []loop
	unknownLoops []unknownLoop
}

type resource struct {
	id        string
	typ       string
	props     map[string]any
	meta      map[string]any
	dependsOn []string
	condition string
	ptr       string
	// propertyLoopUnknown are the Fn::ForEach loops of its properties whose
	// collection is unknown.
	propertyLoopUnknown []propertyLoop
}

func (r *resource) propPtr(key string) string { return r.ptr + "/Properties/" + yamltree.Escape(key) }

// cdkPath is the aws:cdk:path metadata.
func (r *resource) cdkPath() string {
	s, _ := r.meta["aws:cdk:path"].(string)
	return s
}

// parseTemplate decodes a template document.
func parseTemplate(file string, doc *yamltree.Doc) (*template, error) {
	v, err := doc.Decode(yamltree.Options{CloudFormationTags: true, KeepUnknownTags: true})
	if err != nil {
		// A *yamltree.Error keeps its line and column for the load error.
		return nil, err
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the template is %s, not an object", describe(v))
	}
	t := &template{file: file, doc: doc, root: root, format: "yaml"}
	if doc.JSON {
		t.format = "json"
	}
	t.version, _ = root["AWSTemplateFormatVersion"].(string)
	t.transforms = transforms(root["Transform"])
	for _, tr := range t.transforms {
		if strings.HasPrefix(tr, "AWS::Serverless") {
			t.sam = true
		}
	}
	rs, ok := root["Resources"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the Resources section is %s, not an object of resources", describe(root["Resources"]))
	}
	// Sized up front: growing maps of tens of thousands of entries rehashes
	// them over and over.
	t.resources = make(map[string]*resource, len(rs))
	t.order = make([]string, 0, len(rs))
	for id, raw := range rs {
		ptr := "/Resources/" + yamltree.Escape(id)
		if fn, _, isFn := intrinsic.IsIntrinsic(raw); id == "Fn::Transform" || (isFn && fn == "Fn::Transform") {
			// Resources a transform includes at deployment: not an error,
			// but not readable either (see builder.openParts).
			t.includes = append(t.includes, ptr)
			continue
		}
		if isLoopKey(id) {
			t.loops = append(t.loops, loop{section: "Resources", name: strings.TrimPrefix(id, foreachPrefix), ptr: ptr, raw: raw})
			continue
		}
		r := t.resource(id, ptr, raw)
		if r == nil {
			continue
		}
		t.resources[id] = r
		t.order = append(t.order, id)
	}
	slices.Sort(t.order)
	slices.Sort(t.includes)
	t.conditions, _ = root["Conditions"].(map[string]any)
	t.collectLoops()
	return t, nil
}

// resource reads one entry of the Resources section; nil when it is not a
// resource (the reason is an issue of the template).
func (t *template) resource(id, ptr string, raw any) *resource {
	m, ok := raw.(map[string]any)
	if !ok {
		t.issue(ptr, "resource %s is %s, not an object; it is ignored", id, describe(raw))
		return nil
	}
	r := &resource{id: id, ptr: ptr}
	r.typ, _ = m["Type"].(string)
	if r.typ == "" {
		if tag, ok := preprocessorTag(m["Type"]); ok {
			if tag == "!Rain::Module" {
				t.issue(ptr, "resource %s is a Rain module (Type: !Rain::Module), which Rain expands into resources when it packages the template; run rain pkg and scan its output. The resource is ignored", id)
			} else {
				t.issue(ptr, "resource %s has the preprocessor tag %s as its Type; scan the preprocessor's output. The resource is ignored", id, tag)
			}
			return nil
		}
		t.issue(ptr, "resource %s has no Type; it is ignored", id)
		return nil
	}
	switch p := m["Properties"].(type) {
	case map[string]any:
		r.props = p
	case nil:
		r.props = map[string]any{}
	default:
		t.issue(ptr+"/Properties", "the Properties of %s are %s, not an object; they are ignored", id, describe(p))
		r.props = map[string]any{}
	}
	r.meta, _ = m["Metadata"].(map[string]any)
	switch d := m["DependsOn"].(type) {
	case string:
		r.dependsOn = []string{d}
	case []any:
		for _, e := range d {
			if s, ok := e.(string); ok {
				r.dependsOn = append(r.dependsOn, s)
			}
		}
	}
	r.condition, _ = m["Condition"].(string)
	if r.cdkPath() != "" {
		t.cdk = true
	}
	return r
}

// preprocessorTag returns the tag of a value written with a namespaced tag
// that is kept as {"!Rain::Module": …}.
func preprocessorTag(v any) (string, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return "", false
	}
	for k := range m {
		if strings.HasPrefix(k, "!") && strings.Contains(k, "::") {
			return k, true
		}
	}
	return "", false
}

func (t *template) issue(ptr, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p, ok := t.doc.KeyPos(ptr); ok && p.Line > 0 {
		msg = fmt.Sprintf("line %d: %s", p.Line, msg)
	}
	// A loop repeats its output template: say each problem once.
	if t.said[msg] {
		return
	}
	if t.said == nil {
		t.said = map[string]bool{}
	}
	t.said[msg] = true
	t.issues = append(t.issues, msg)
}

func transforms(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
			if m, ok := e.(map[string]any); ok {
				if s, ok := m["Name"].(string); ok {
					out = append(out, s)
				}
			}
		}
		return out
	case map[string]any:
		if s, ok := t["Name"].(string); ok {
			return []string{s}
		}
	}
	return nil
}

// setupResolver prepares intrinsic evaluation with the parameter values.
func (t *template) setupResolver(given map[string]givenParam, pseudo map[string]string) {
	r := &intrinsic.Resolver{
		Params:     map[string]intrinsic.Param{},
		Pseudo:     pseudo,
		Conditions: t.conditions,
		Resources:  make(map[string]string, len(t.resources)),
	}
	r.Mappings, _ = t.root["Mappings"].(map[string]any)
	if ps, ok := t.root["Parameters"].(map[string]any); ok {
		for name, raw := range ps {
			def, _ := raw.(map[string]any)
			p := intrinsic.Param{}
			p.Type, _ = def["Type"].(string)
			if g, ok := given[name]; ok {
				p.Value, p.HasValue, p.Given, p.Unknown, p.Result = g.value, g.unknown == nil, true, g.unknown, g.result
			} else if d, ok := def["Default"]; ok && d != nil {
				p.Value, p.HasValue = d, true
			}
			r.Params[name] = p
		}
	}
	for id, res := range t.resources {
		r.Resources[id] = res.typ
	}
	t.res = r
}

// givenParam is a parameter value from the user or a parent stack.
type givenParam struct {
	value   any
	unknown *model.Unknown
	result  *intrinsic.Result
}

// refOf is the model ref a reference names.
func (t *template) refOf(r *intrinsic.Ref) string {
	if r.Abs {
		return r.LogicalID
	}
	return t.ref(r.LogicalID)
}

// ref is the model ref of a logical id.
func (t *template) ref(id string) string { return t.prefix + id }

// keyLoc is where the key holding the value at ptr is written (the property
// name line); list items are their own position.
func (t *template) keyLoc(ptr string) model.Loc {
	p, _ := t.doc.KeyPos(ptr)
	return model.Loc{File: t.file, Line: p.Line, Column: p.Column, Pointer: ptr}
}

// valLoc is where the value at ptr is written.
func (t *template) valLoc(ptr string) model.Loc {
	p, _ := t.doc.Pos(ptr)
	return model.Loc{File: t.file, Line: p.Line, Column: p.Column, Pointer: ptr}
}

// object is the model Object of a resource.
func (t *template) object(r *resource) model.Object {
	return model.Object{Ref: t.ref(r.id), Loc: t.keyLoc(r.ptr), LogicalID: r.id, CDKPath: r.cdkPath()}
}

// describe says what kind of value v is without quoting it: messages never
// repeat a file's text (the file may be a secret a hostile template points
// at, and names the location instead).
func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "empty"
	case map[string]any:
		if fn, _, ok := intrinsic.IsIntrinsic(t); ok {
			return "the intrinsic " + fn
		}
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}
