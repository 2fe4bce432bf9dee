package engine

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/parallel"
	"github.com/authlint/authlint/policies"
)

// RulesNamespace is the package prefix every rule lives under.
const RulesNamespace = "authlint.rules"

// TokenCaseSchemaRef is the schema token rules declare for their input
// (METADATA "schemas: [{input: schema.tokencase}]"): model.TokenCase.
const TokenCaseSchemaRef = "schema.tokencase"

// bannedBuiltins are left out of the capabilities: policies must not reach the
// network or the host.
var bannedBuiltins = map[string]bool{
	"http.send":          true,
	"net.lookup_ip_addr": true,
	"opa.runtime":        true,
	"trace":              false,
}

// Capabilities returns the built-ins policies may use: everything OPA offers
// except network and runtime access.
func Capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool { return bannedBuiltins[b.Name] })
	caps.AllowNet = []string{}
	return caps
}

// Module is one policy source file.
type Module struct {
	// Path is the embedded path (policies/…) or the user's file path.
	Path   string
	Source string
	// Custom is true for user policies.
	Custom bool
}

// EmbeddedModules returns the built-in policy files; withTests includes
// *_test.rego.
func EmbeddedModules(withTests bool) ([]Module, error) {
	return modulesFromFS(policies.FS, "policies", withTests, false)
}

// DirModules reads the .rego files under dir (recursively) as user policies.
func DirModules(dir string, withTests bool) ([]Module, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("reading policy folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		if strings.HasSuffix(dir, ".rego") {
			src, err := os.ReadFile(dir)
			if err != nil {
				return nil, fmt.Errorf("reading policy %s: %w", dir, err)
			}
			return []Module{{Path: dir, Source: string(src), Custom: true}}, nil
		}
		return nil, fmt.Errorf("policy path %s is neither a folder nor a .rego file", dir)
	}
	return modulesFromFS(os.DirFS(dir), dir, withTests, true)
}

func modulesFromFS(fsys fs.FS, prefix string, withTests, custom bool) ([]Module, error) {
	var mods []Module
	buf := make([]byte, 16<<10)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".rego") || (!withTests && strings.HasSuffix(p, "_test.rego")) {
			return nil
		}
		src, err := readString(fsys, p, buf)
		if err != nil {
			return err
		}
		mods = append(mods, Module{Path: filepath.ToSlash(filepath.Join(prefix, p)), Source: src, Custom: custom})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading policies under %s: %w", prefix, err)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path < mods[j].Path })
	return mods, nil
}

// readString reads a file into a string through buf, allocating only the
// string (fs.ReadFile and a conversion allocate it twice: for the embedded
// catalogue, a fresh half megabyte of memory every run touches).
func readString(fsys fs.FS, name string, buf []byte) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", fmt.Errorf("opening %s: %w", name, err)
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		b.Grow(int(st.Size()))
	}
	if _, err := io.CopyBuffer(&b, struct{ io.Reader }{f}, buf); err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	return b.String(), nil
}

// Compile parses and compiles modules in strict mode, type-checked against the
// model schema, with the restricted capabilities.
func Compile(mods []Module) (*ast.Compiler, error) {
	return compile(mods, true)
}

// compile is Compile, with the check of input paths against the model schema
// optional: the built-in catalogue passes it in the tests (policies'
// TestRego compiles it with the schema), so a scan without custom policies
// skips it, a fifth of the compile time every run pays.
func compile(mods []Module, schemaCheck bool) (*ast.Compiler, error) {
	caps := Capabilities()
	parsed, err := parseModules(mods, caps, false)
	if err != nil {
		return nil, err
	}
	return compileParsed(parsed, caps, schemaCheck)
}

func compileParsed(parsed map[string]*ast.Module, caps *ast.Capabilities, schemaCheck bool, skip ...ast.StageID) (*ast.Compiler, error) {
	c := ast.NewCompiler().
		WithStrict(true).
		WithCapabilities(caps).
		WithEnablePrintStatements(false).
		WithSkipStages(skip...)
	if schemaCheck {
		schemas, err := inputSchema()
		if err != nil {
			return nil, err
		}
		c = c.WithSchemas(schemas).WithUseTypeCheckAnnotations(true)
	}
	c.Compile(parsed)
	if c.Failed() {
		return nil, fmt.Errorf("compiling policies: %w", c.Errors)
	}
	return c, nil
}

// library is the embedded catalogue indexed by package, from which a family
// of rules is compiled with the packages it reaches.
type library struct {
	mods []Module
	// pkgs[i] is the package of mods[i], without the data. prefix.
	pkgs []string

	// stored indexes astFile, the first time a family is compiled.
	storedOnce sync.Once
	stored     *astStore
	sources    map[string]string
}

// store returns astFile indexed (nil if unreadable) and the sources by path.
func (l *library) store() (*astStore, map[string]string) {
	l.storedOnce.Do(func() {
		l.stored = astIndex(astFile)
		l.sources = make(map[string]string, len(l.mods))
		for _, m := range l.mods {
			l.sources[m.Path] = m.Source
		}
	})
	return l.stored, l.sources
}

// compile compiles the modules of the root packages and of every embedded
// package they import or refer to: from astFile's compiled family when it
// holds them, else from their sources.
func (l *library) compile(roots []string) (*ast.Compiler, error) {
	if c := l.compileStored(roots); c != nil {
		return c, nil
	}
	return l.compileFresh(roots)
}

// compileFresh parses (or reads from astFile) and compiles the modules of the
// root packages and of every package they reach.
func (l *library) compileFresh(roots []string) (*ast.Compiler, error) {
	caps := Capabilities()
	parsed, err := l.parse(roots, caps)
	if err != nil {
		return nil, err
	}
	return compileParsed(parsed, caps, false, trustedSkips...)
}

// storedStages are the stages a compiled family of astFile still runs: the
// ones that build the compiler's trees and indexes from the rules, which the
// file does not hold. Every rewrite is in the stored rules already (and with
// them goes the generator of variable names the rewrites use).
var storedStages = []ast.StageID{
	ast.StageSetModuleTree,
	ast.StageSetRuleTree,
	ast.StageBuildRuleIndices,
	ast.StageBuildComprehensionIndices,
}

// compileStored gives the family of the root packages from astFile, or nil
// when the file does not hold it for these sources and this compiler.
func (l *library) compileStored(roots []string) *ast.Compiler {
	st, sources := l.store()
	if st == nil {
		return nil
	}
	fam, ok := st.families[familyKey(roots)]
	if !ok {
		return nil
	}
	for _, e := range fam.mods {
		if src, ok := sources[e.path]; !ok || e.sum != sourceSum(src) {
			return nil
		}
	}
	// Decoding is a third of the work: on every core.
	decoded := make([]*ast.Module, len(fam.mods))
	parallel.Do(len(fam.mods), runtime.GOMAXPROCS(0), func(i int) {
		e := fam.mods[i]
		decoded[i], _ = decodeModule(e.path, sources[e.path], e.body)
	})
	mods := make(map[string]*ast.Module, len(fam.mods))
	for i, e := range fam.mods {
		if decoded[i] == nil {
			return nil
		}
		mods[e.path] = decoded[i]
	}
	skip := slices.DeleteFunc(ast.AllStages(), func(s ast.StageID) bool { return slices.Contains(storedStages, s) })
	c := ast.NewCompiler().
		WithStrict(true).
		WithCapabilities(Capabilities()).
		WithEnablePrintStatements(false).
		WithSkipStages(skip...)
	c.RewrittenVars = maps.Clone(fam.rewritten)
	c.Compile(mods)
	if c.Failed() {
		return nil
	}
	return c
}

// parse parses the modules of the root packages and of every embedded package
// they import or refer to.
func (l *library) parse(roots []string, caps *ast.Capabilities) (map[string]*ast.Module, error) {
	want := map[string]bool{}
	for _, p := range roots {
		want[p] = true
	}
	parsed := map[string]*ast.Module{}
	taken := make([]bool, len(l.mods))
	for {
		var batch []Module
		for i, m := range l.mods {
			if !taken[i] && want[l.pkgs[i]] {
				taken[i] = true
				batch = append(batch, m)
			}
		}
		if len(batch) == 0 {
			break
		}
		ms, err := l.read(batch, caps)
		if err != nil {
			return nil, err
		}
		for path, m := range ms {
			parsed[path] = m
			for _, ref := range reached(m) {
				l.mark(ref, want)
			}
		}
	}
	return parsed, nil
}

// read gives the modules as parsing them does: from astFile where it holds
// their source, else from the parser.
func (l *library) read(mods []Module, caps *ast.Capabilities) (map[string]*ast.Module, error) {
	st, _ := l.store()
	out := make([]*ast.Module, len(mods))
	var rest []Module
	for i, m := range mods {
		if st == nil {
			rest = append(rest, m)
			continue
		}
		if e, ok := st.mods[m.Path]; ok && e.sum == sourceSum(m.Source) {
			// An entry that does not read back is parsed: it can only slow
			// the run down.
			out[i], _ = decodeModule(m.Path, m.Source, e.body)
		}
		if out[i] == nil {
			rest = append(rest, m)
		}
	}
	parsed, err := parse(rest, caps, false, false)
	if err != nil {
		return nil, err
	}
	for i, m := range mods {
		if out[i] != nil {
			if _, dup := parsed[m.Path]; dup {
				return nil, fmt.Errorf("policy %s is given twice", m.Path)
			}
			parsed[m.Path] = out[i]
		}
	}
	return parsed, nil
}

// trustedSkips are the compiler stages that change nothing in the embedded
// catalogue: the tests run them on it (policies' TestRego compiles it whole,
// strict and type-checked), so the embedded families skip them at run time.
// Most only check a policy. Three more are skipped because of what the tests
// prove of the catalogue (TestTrustedSkipsChangeNothing compiles every family
// with and without them and compares the rules):
//   - CheckSafetyRuleBodies reorders a body whose expressions bind a variable
//     after one that uses it; the catalogue's bodies are in order already, and
//     this stage was a quarter of the compile;
//   - SetGraph builds the rule graph only the recursion and type checks read;
//   - the rewrites of print, template strings and rego.metadata calls, and
//     the annotation stages behind them, find nothing to rewrite.
//
// The stages that rewrite or index rules still run.
var trustedSkips = []ast.StageID{
	ast.StageCheckUnusedImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls,
	ast.StageCheckRuleConflicts,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckSafetyRuleHeads,
	ast.StageCheckSafetyRuleBodies,
	ast.StageCheckRecursion,
	ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageBuildRequiredCapabilities,
	ast.StageCheckTypes,
	ast.StageSetGraph,
	ast.StageRewritePrintCalls,
	ast.StageRewriteTemplateStrings,
	ast.StageParseMetadataBlocks,
	ast.StageSetAnnotationSet,
	ast.StageRewriteRegoMetadataCalls,
	ast.StageRewriteTestRulesForTracing,
}

// mark adds to want the packages a reference may reach: the package it names,
// the packages under it, or the package it is inside of.
func (l *library) mark(ref string, want map[string]bool) {
	for _, p := range l.pkgs {
		if p == ref || strings.HasPrefix(p, ref+".") || strings.HasPrefix(ref, p+".") {
			want[p] = true
		}
	}
}

// reached lists the data documents a module imports or refers to, as
// package-like paths without the data. prefix.
func reached(m *ast.Module) []string {
	var out []string
	add := func(r ast.Ref) {
		if len(r) < 2 || !r[0].Equal(ast.DefaultRootDocument) {
			return
		}
		prefix := r.ConstantPrefix()
		if len(prefix) < 2 {
			return
		}
		out = append(out, strings.TrimPrefix(prefix.String(), "data."))
	}
	for _, imp := range m.Imports {
		if r, ok := imp.Path.Value.(ast.Ref); ok {
			add(r)
		}
	}
	ast.WalkRefs(m, func(r ast.Ref) bool {
		add(r)
		return false
	})
	return out
}

// inputSchema types input as the inventory, and as the token case for the
// rules that declare it.
func inputSchema() (*ast.SchemaSet, error) {
	var inv, tc any
	if err := json.Unmarshal(model.Schema(), &inv); err != nil {
		return nil, fmt.Errorf("decoding the model schema: %w", err)
	}
	if err := json.Unmarshal(model.TokenCaseSchema(), &tc); err != nil {
		return nil, fmt.Errorf("decoding the token case schema: %w", err)
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, inv)
	ss.Put(ast.MustParseRef(TokenCaseSchemaRef), tc)
	return ss, nil
}

// parseModules parses the policy files on every core: parsing is a quarter of
// the start-up time of every run, and modules parse independently. With
// headOnly, only each module's head is parsed: its package and package-scope
// METADATA, which is all the catalogue reads.
func parseModules(mods []Module, caps *ast.Capabilities, headOnly bool) (map[string]*ast.Module, error) {
	return parse(mods, caps, headOnly, true)
}

// parse is parseModules; without annotations, METADATA stays a comment (the
// evaluation of the embedded catalogue never reads it).
func parse(mods []Module, caps *ast.Capabilities, headOnly, annotations bool) (map[string]*ast.Module, error) {
	out := make([]*ast.Module, len(mods))
	errs := make([]error, len(mods))
	parallel.Do(len(mods), runtime.GOMAXPROCS(0), func(i int) {
		src := mods[i].Source
		if headOnly {
			src = moduleHead(src)
		}
		out[i], errs[i] = ast.ParseModuleWithOpts(mods[i].Path, src, ast.ParserOptions{
			ProcessAnnotation: annotations,
			RegoVersion:       ast.RegoV1,
			Capabilities:      caps,
		})
	})
	parsed := make(map[string]*ast.Module, len(mods))
	for i, m := range mods {
		if errs[i] != nil {
			return nil, fmt.Errorf("parsing policy %s: %w", m.Path, errs[i])
		}
		if _, dup := parsed[m.Path]; dup {
			return nil, fmt.Errorf("policy %s is given twice", m.Path)
		}
		parsed[m.Path] = out[i]
	}
	return parsed, nil
}
