package terraform

import (
	"crypto/md5"  //nolint:gosec // Terraform's md5(), not used for security
	"crypto/sha1" //nolint:gosec // Terraform's sha1(), not used for security
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"maps"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions is the set of Terraform functions authlint evaluates: pure
// (from pureFunctions) and those that read files of this input. A call to
// any other function is unknown (with its arguments' references), never an
// error. The map is the evaluator's own: stub adds to it.
func (ev *evaluator) functions(pure map[string]function.Function) map[string]function.Function {
	fs := maps.Clone(pure)
	fs["file"] = ev.fileFunc()
	fs["templatefile"] = ev.templateFileFunc()
	return fs
}

// pureFunctions are the functions that depend on their arguments only; a
// loader builds them once and shares them across its loads.
func pureFunctions() map[string]function.Function {
	return map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc, "log": stdlib.LogFunc,
		"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc,
		"join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "upper": stdlib.UpperFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
		"replace": stdlib.ReplaceFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
		"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "length": stdlib.LengthFunc,
		"chunklist": stdlib.ChunklistFunc, "coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc,
		"flatten": stdlib.FlattenFunc, "index": stdlib.IndexFunc, "keys": stdlib.KeysFunc, "lookup": stdlib.LookupFunc, "merge": stdlib.MergeFunc,
		"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
		"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc,
		"sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		"jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
		"tostring": toFunc(cty.String), "tonumber": toFunc(cty.Number), "tobool": toFunc(cty.Bool),
		"tolist": toFunc(cty.List(cty.DynamicPseudoType)), "toset": toFunc(cty.Set(cty.DynamicPseudoType)), "tomap": toFunc(cty.Map(cty.DynamicPseudoType)),
		"sha1":         hashFunc(func(b []byte) string { h := sha1.Sum(b); return hex.EncodeToString(h[:]) }), //nolint:gosec // Terraform's sha1()
		"sha256":       hashFunc(func(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }),
		"md5":          hashFunc(func(b []byte) string { h := md5.Sum(b); return hex.EncodeToString(h[:]) }), //nolint:gosec // Terraform's md5()
		"base64encode": hashFunc(func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }),
		"startswith":   stringPredicate(strings.HasPrefix), "endswith": stringPredicate(strings.HasSuffix),
		"alltrue": boolsFunc(true), "anytrue": boolsFunc(false),
		"one":       oneFunc(),
		"sensitive": identityFunc(), "nonsensitive": identityFunc(),
	}
}

// funcsFor adds a stand-in for every function a module calls that authlint
// does not evaluate: its result is unknown and keeps its arguments' marks.
func (ev *evaluator) funcsFor(m *module) {
	for _, body := range m.bodies {
		sb, ok := body.(*hclsyntax.Body)
		if !ok {
			// JSON files name functions inside strings, parsed only when
			// evaluated: an unknown one there makes its expression unknown.
			continue
		}
		_ = hclsyntax.VisitAll(sb, func(n hclsyntax.Node) hcl.Diagnostics {
			if call, ok := n.(*hclsyntax.FunctionCallExpr); ok {
				ev.stub(call.Name)
			}
			return nil
		})
	}
}

// stub adds the stand-in for one function name.
func (ev *evaluator) stub(name string) {
	if _, ok := ev.funcs[name]; ok {
		return
	}
	why := "uses the function " + name + ", which authlint does not evaluate"
	ev.funcs[name] = function.New(&function.Spec{
		VarParam: &function.Parameter{Name: "args", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
		Type:     function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return withMarksOf(cty.DynamicVal.Mark(whyMark{why}), args...), nil
		},
	})
}

func toFunc(ty cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if !ty.HasDynamicTypes() {
				return ty, nil
			}
			if cv, err := convert.Convert(args[0], ty); err == nil {
				return cv.Type(), nil
			}
			return cty.DynamicPseudoType, nil
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			return convert.Convert(args[0], ret)
		},
	})
}

func hashFunc(f func([]byte) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f([]byte(args[0].AsString()))), nil
		},
	})
}

func stringPredicate(f func(string, string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "s", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if v.IsNull() {
					if all {
						return cty.False, nil
					}
					continue
				}
				if v.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

func oneFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
		Type:   function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			v := args[0]
			if !v.CanIterateElements() || v.LengthInt() == 0 {
				return cty.NullVal(cty.DynamicPseudoType), nil
			}
			if v.LengthInt() > 1 {
				return cty.DynamicVal, nil
			}
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		},
	})
}

func identityFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}},
		Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
		Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
	})
}

// fileFunc reads a file inside the scan root, relative to the root
// module's folder as Terraform does.
func (ev *evaluator) fileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			_, data, err := ev.in.ReadRelated(ev.ctx, args[0].AsString())
			if err != nil {
				// An unreadable file makes the value unknown, not the load
				// fail: Terraform would read it where it runs.
				return cty.UnknownVal(cty.String).Mark(whyMark{"the file " + args[0].AsString() + " cannot be read"}), nil //nolint:nilerr // see above
			}
			return cty.StringVal(string(data)), nil
		},
	})
}

func (ev *evaluator) templateFileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}, {Name: "vars", Type: cty.DynamicPseudoType, AllowUnknown: true}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			_, data, err := ev.in.ReadRelated(ev.ctx, name)
			if err != nil {
				return cty.UnknownVal(cty.String).Mark(whyMark{"the template " + name + " cannot be read"}), nil //nolint:nilerr // unknown, as for file()
			}
			tmpl, diags := hclsyntax.ParseTemplate(data, name, hcl.InitialPos)
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String).Mark(whyMark{"the template " + name + " is not a valid template"}), nil
			}
			vars := map[string]cty.Value{}
			if v := args[1]; v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
				maps.Copy(vars, v.AsValueMap())
			}
			out, diags := tmpl.Value(&hcl.EvalContext{Variables: vars, Functions: ev.funcs})
			if diags.HasErrors() {
				return cty.UnknownVal(cty.String).Mark(whyMark{"the template " + name + " cannot be evaluated statically"}), nil
			}
			return out, nil
		},
	})
}
