package cloudformation

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/cloudformation/cdk"
	"github.com/authlint/authlint/loader/cloudformation/params"
)

// Options configure the loader.
type Options struct {
	// Params are parameter values (--param KEY=VALUE); they win over ParamFiles
	// and over defaults. Keys may be "Stack:KEY" (applied to that stack only)
	// or a pseudo parameter ("AWS::Region").
	Params map[string]string
	// ParamFiles are parameter files (see package params for the formats).
	ParamFiles []string
}

// Loader reads CloudFormation, SAM and CDK templates and CDK cloud assemblies.
type Loader struct {
	opts Options
	// parallelMin overrides minParallelMethods (tests); 0 keeps it.
	parallelMin int
	// parallel counts the templates whose methods were built in parallel
	// (tests check that path is taken).
	parallel atomic.Int64

	once      sync.Once
	fileVals  map[string]string
	fileError error
	// norm serves every template the loader reads.
	norm *model.Normalizer
}

// New returns the loader.
func New(opts Options) *Loader { return &Loader{opts: opts, norm: model.NewNormalizer()} }

// Name is the source kind.
func (*Loader) Name() string { return model.KindCloudFormation }

// Detect accepts templates (AWSTemplateFormatVersion, a Transform, or
// Resources with AWS:: types; when named, Resources of registry types only)
// and CDK cloud assembly manifests.
func (*Loader) Detect(in *loader.Input) bool {
	doc, err := in.Doc()
	if err != nil || !doc.IsMapping() {
		return false
	}
	keys := doc.TopKeys()
	if cdk.IsManifest(keys, in.Data) {
		return true
	}
	if slices.Contains(keys, "openapi") || slices.Contains(keys, "swagger") {
		return false
	}
	if !slices.Contains(keys, "Resources") {
		return false
	}
	if slices.Contains(keys, "AWSTemplateFormatVersion") || slices.Contains(keys, "Transform") {
		return true
	}
	if bytes.Contains(in.Data, []byte("AWS::")) || bytes.Contains(in.Data, []byte("Custom::")) {
		return true
	}
	// A template of registry types only (third-party or module types such as
	// Org::Service::Thing::MODULE), or with no resources yet, has none of the
	// signs above; a file the user names is read when its Resources look like
	// that.
	return in.Explicit && onlyRegistryTypes(doc)
}

// registryType is a CloudFormation registry type name: three (four for a
// module) segments of letters and digits.
var registryType = regexp.MustCompile(`^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::MODULE)?$`)

// onlyRegistryTypes reports whether Resources is an empty mapping, or one whose
// every entry has a Type of registry form.
func onlyRegistryTypes(doc *yamltree.Doc) bool {
	v, err := doc.Decode(yamltree.Options{CloudFormationTags: true, KeepUnknownTags: true})
	if err != nil {
		return false
	}
	root, _ := v.(map[string]any)
	rs, ok := root["Resources"].(map[string]any)
	if !ok {
		return false
	}
	for _, raw := range rs {
		r, ok := raw.(map[string]any)
		if !ok {
			return false
		}
		typ, _ := r["Type"].(string)
		if !registryType.MatchString(typ) {
			return false
		}
	}
	return true
}

// Load reads a template (with its nested stacks) or every stack of a cloud
// assembly.
func (l *Loader) Load(ctx context.Context, in *loader.Input) ([]*model.Inventory, error) {
	name := in.Name()
	doc, err := in.Doc()
	if err != nil {
		return nil, loader.AsError(name, err)
	}
	l.once.Do(func() { l.fileVals, l.fileError = readParamFiles(ctx, l.opts.ParamFiles, in.MaxFileSize) })
	if cdk.IsManifest(doc.TopKeys(), in.Data) {
		return l.loadAssembly(ctx, in, name)
	}
	inv, err := l.loadFile(ctx, name, doc, "", false, in.Reader())
	if inv == nil {
		return nil, err
	}
	return []*model.Inventory{inv}, err
}

func readParamFiles(ctx context.Context, files []string, limit int64) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range files {
		data, err := loader.ReadFile(ctx, f, limit)
		if err != nil {
			return nil, fmt.Errorf("parameters file %s: %w", f, err)
		}
		vals, err := params.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("parameters file %s: %w", f, err)
		}
		maps.Copy(out, vals)
	}
	return out, nil
}

// given selects the parameter values for a stack: --param over files; a
// "Stack:KEY" entry applies to that stack only and wins over "KEY".
func (l *Loader) given(stack string) (map[string]givenParam, map[string]string) {
	vals := map[string]givenParam{}
	pseudo := map[string]string{}
	apply := func(src map[string]string) {
		for _, qualified := range []bool{false, true} {
			for k, v := range src {
				st, key, isQualified := strings.Cut(k, ":")
				if strings.HasPrefix(k, "AWS::") {
					if !qualified {
						pseudo[k] = v
					}
					continue
				}
				if isQualified != qualified {
					continue
				}
				if isQualified {
					if st != stack {
						continue
					}
				} else {
					key = k
				}
				vals[key] = givenParam{value: v}
			}
		}
	}
	apply(l.fileVals)
	apply(l.opts.Params)
	return vals, pseudo
}

// loadFile builds the inventory of one template file.
func (l *Loader) loadFile(ctx context.Context, name string, doc *yamltree.Doc, stack string, inAssembly bool, files loader.Reader) (*model.Inventory, error) {
	t, err := parseTemplate(name, doc)
	if err != nil {
		return nil, loader.AsError(name, err)
	}
	t.stack = stack
	if inAssembly {
		t.cdk = true
	}
	inv := &model.Inventory{SchemaVersion: model.SchemaVersion}
	b := newBuilder(l, inv, files)
	given, pseudo := l.given(stack)
	b.template(ctx, t, given, pseudo, map[string]bool{absPath(name): true})
	if t.cdk || inAssembly {
		b.cdkContext(ctx, name)
	}
	b.finish()
	l.norm.Normalize(inv)
	var problems []string
	if l.fileError != nil {
		problems = append(problems, l.fileError.Error())
	}
	problems = append(problems, b.problems...)
	if len(problems) > 0 {
		return inv, &loader.Error{Input: name, Reason: strings.Join(problems, "; ")}
	}
	return inv, nil
}

// loadAssembly loads every stack of a CDK cloud assembly.
func (l *Loader) loadAssembly(ctx context.Context, in *loader.Input, name string) ([]*model.Inventory, error) {
	stacks, err := cdk.Stacks(in.Data)
	if err != nil {
		return nil, loader.Errorf(name, "%v", err)
	}
	var (
		out  []*model.Inventory
		errs []string
	)
	for _, st := range stacks {
		p, data, err := in.ReadRelated(ctx, st.TemplateFile)
		if err != nil {
			errs = append(errs, fmt.Sprintf("stack %s: %v", st.Name, err))
			continue
		}
		doc, err := yamltree.Parse(data)
		if err != nil {
			errs = append(errs, loader.AsError(p, err).Error())
			continue
		}
		inv, err := l.loadFile(ctx, p, doc, st.Name, true, in.Reader())
		if err != nil {
			errs = append(errs, err.Error())
		}
		if inv != nil {
			out = append(out, inv)
		}
	}
	if len(errs) > 0 {
		return out, &loader.Error{Input: name, Reason: strings.Join(errs, "; ")}
	}
	return out, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
