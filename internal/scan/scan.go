package scan

import (
	"cmp"
	"context"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/parallel"
	"github.com/authlint/authlint/internal/workspace"
	"github.com/authlint/authlint/loader"
)

// Options configure a file scan.
type Options struct {
	// Paths are files and folders; "-" is standard input.
	Paths []string
	Stdin io.Reader
	// MaxFileSize bounds each file (loader.DefaultMaxFileSize when zero).
	MaxFileSize int64
	// Loaders are tried in order to detect each input's kind.
	Loaders []loader.Loader
	// Workers bounds parallelism (GOMAXPROCS when zero).
	Workers int
	// Root confines the files that inputs name (and where a walk's symbolic
	// links may lead); nil means loader.DefaultRoot of Paths, confined.
	Root *loader.Root
	// Unread are the inputs a walk recognizes but cannot read
	// (registry.Unread); they become notices.
	Unread []loader.Unread
	// Extra are inventories read elsewhere in the same run (the accounts of
	// scan --live): they join the workspace and are evaluated with the files,
	// so a collection or a template can be checked against an account. The
	// caller reports them as inputs.
	Extra []Loaded
}

// Loaded is one input turned into an inventory.
type Loaded struct {
	// Source is the input's name (file path, "<stdin>", or a live target).
	// An inventory read back from an export keeps the name it was exported
	// with.
	Source string
	// Kind is the loader that read it (for an export, the one that first
	// read it).
	Kind      string
	Inventory *model.Inventory
}

// Result is what a scan produced.
type Result struct {
	Inputs     []finding.Input
	Findings   []finding.Finding
	LoadErrors []finding.LoadError
	RuleErrors []finding.RuleError
	// Skipped lists files a folder walk passed over (for -v).
	Skipped []loader.Skip
	// Notices are inputs recognized but not read, and a scan that read
	// nothing.
	Notices []finding.Notice
	// Suppressions are the inline suppressions the inventories carry, with the
	// name of the input each belongs to (refs are unique per inventory only).
	Suppressions []Suppression
	// Loaded holds the inventories when requested (export); nil otherwise.
	Loaded []Loaded

	// readNotes are the loaders' notes on inputs that were read; notices
	// adds them to Notices.
	readNotes []finding.Notice
}

// Suppression is an inline suppression with the name of its input.
type Suppression struct {
	Source string
	model.Suppression
}

type item struct {
	input string
	// loaded holds the inventories the caller asked for (keep).
	loaded []Loaded
	// linked holds the inventories that take part in the link step until
	// they are evaluated; an inventory that neither names nor offers
	// anything to join (workspace.Independent) is evaluated as soon as it
	// is loaded, so a scan of many unrelated files holds few models at once.
	linked []Loaded
	// inputs, files and suppressions are what the final pass needs of each
	// inventory: its name and resources, the files it read (for claims), and
	// its inline suppressions.
	inputs       []finding.Input
	files        []string
	suppressions []Suppression
	findings     []finding.Finding
	ruleErrs     []finding.RuleError
	loadErr      *loader.Error
	skip         *loader.Skip
	// unread are the sources an inventory names but did not read (a
	// Terraform registry module), listed with -v.
	unread []loader.Skip
	// notes are the caveats the loader gave about its sources: notices.
	notes []finding.Notice
	// named is true for documents that name their inventories (exports):
	// the files those name were read by an earlier run, not by this input.
	named bool
}

// Files loads every input, links the inventories of the scan to each other
// (internal/workspace) and, when eng is not nil, evaluates them. With keep,
// the (linked) inventories are returned in Result.Loaded.
func Files(ctx context.Context, opts Options, eng *engine.Engine, keep bool) *Result {
	if opts.Root == nil {
		opts.Root = defaultRoot(opts.Paths)
	}
	cands, skips, errs := loader.Expand(ctx, opts.Paths, opts.Root, opts.Unread...)
	res := &Result{Skipped: skips}
	for _, e := range errs {
		res.LoadErrors = append(res.LoadErrors, toLoadError(e))
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// 1. Load every input.
	items := make([]item, len(cands))
	parallel.Do(len(cands), workers, func(i int) { items[i] = load(ctx, opts, cands[i], eng, keep) })

	// 2. Decide which inputs the scan reports (an input another one read as
	// part of itself is not reported twice) and link their inventories.
	claimed := claimedSources(items)
	var ws []workspace.Input
	owner := []int{}
	for i := range items {
		it := &items[i]
		switch {
		case it.skip != nil:
			continue
		case it.loadErr != nil:
			// A partial inventory still counts as a scanned input.
		case len(it.inputs) > 0 && claimed[canonical(it.input)]:
			it.skip = &loader.Skip{Path: it.input, Reason: "loaded as part of another input (nested stack, CDK assembly, Terraform module or Postman environment)"}
			it.loaded, it.linked = nil, nil
			continue
		}
		for _, ld := range it.linked {
			ws = append(ws, workspace.Input{Source: ld.Source, Inventory: ld.Inventory})
			owner = append(owner, i)
		}
	}
	for _, ld := range opts.Extra {
		ws = append(ws, workspace.Input{Source: ld.Source, Inventory: ld.Inventory})
		owner = append(owner, -1)
	}
	workspace.Link(ws)

	// 3. Evaluate each inventory, then drop what a joined copy repeats.
	if eng != nil {
		outs := evaluate(ctx, eng, ws, workers)
		for k, o := range outs {
			if owner[k] < 0 {
				res.Findings = append(res.Findings, o.fs...)
				res.RuleErrors = append(res.RuleErrors, o.errs...)
				continue
			}
			it := &items[owner[k]]
			it.findings = append(it.findings, o.fs...)
			it.ruleErrs = append(it.ruleErrs, o.errs...)
		}
	}
	for i := range items {
		it := &items[i]
		switch {
		case it.skip != nil:
			res.Skipped = append(res.Skipped, *it.skip)
		case it.loadErr != nil:
			res.LoadErrors = append(res.LoadErrors, toLoadError(it.loadErr))
			appendLoaded(res, it, keep)
		case len(it.inputs) > 0:
			appendLoaded(res, it, keep)
		}
	}
	res.Findings = workspace.Dedupe(ws, res.Findings)
	finding.Sort(res.Findings)
	slices.SortFunc(res.Skipped, func(a, b loader.Skip) int { return strings.Compare(a.Path, b.Path) })
	res.Notices = notices(res)
	return res
}

func appendLoaded(res *Result, it *item, keep bool) {
	res.Skipped = append(res.Skipped, it.unread...)
	res.readNotes = append(res.readNotes, it.notes...)
	res.Inputs = append(res.Inputs, it.inputs...)
	res.Suppressions = append(res.Suppressions, it.suppressions...)
	res.Findings = append(res.Findings, it.findings...)
	res.RuleErrors = append(res.RuleErrors, it.ruleErrs...)
	if keep {
		res.Loaded = append(res.Loaded, it.loaded...)
	}
}

// load reads, detects and loads one input; with an engine, it evaluates the
// inventories the link step cannot change.
func load(ctx context.Context, opts Options, c loader.Candidate, eng *engine.Engine, keep bool) item {
	in, skip, lerr := loader.Open(ctx, c, opts.Stdin, opts.MaxFileSize, opts.Root)
	if lerr != nil || skip != nil {
		return item{loadErr: lerr, skip: skip}
	}
	l, skip, lerr := loader.Detect(opts.Loaders, in)
	if lerr != nil || skip != nil {
		return item{loadErr: lerr, skip: skip}
	}
	name := in.Path
	if name == "-" {
		name = "<stdin>"
	}
	invs, err := safeLoad(ctx, l, in)
	it := item{input: name}
	if _, ok := l.(loader.NamedLoader); ok {
		it.named = true
	}
	if err != nil {
		it.loadErr = loader.AsError(name, err)
	}
	for _, n := range invs {
		inv := n.Inventory
		if inv == nil {
			continue
		}
		// An export names its inventories as the scan it records did, so a
		// re-scan reports the same sources and fingerprints.
		ld := Loaded{Source: cmp.Or(n.Source, SourceName(inv, name)), Kind: cmp.Or(n.Kind, l.Name()), Inventory: inv}
		if keep {
			it.loaded = append(it.loaded, ld)
		}
		if eng != nil && workspace.Independent(inv) {
			fs, errs := eng.Evaluate(ctx, inv, ld.Source)
			it.findings = append(it.findings, fs...)
			it.ruleErrs = append(it.ruleErrs, errs...)
		} else {
			it.linked = append(it.linked, ld)
		}
		it.inputs = append(it.inputs, finding.Input{Name: ld.Source, Kind: ld.Kind, Resources: engine.Resources(inv)})
		for _, src := range inv.Sources {
			for _, n := range src.Notes {
				it.notes = append(it.notes, finding.Notice{Input: src.File, Line: n.Line, Kind: n.Kind, Message: n.Message})
			}
			if src.Unread != "" {
				it.unread = append(it.unread, loader.Skip{Path: src.File, Reason: src.Unread})
				continue
			}
			if src.File != "" {
				it.files = append(it.files, src.File)
			}
		}
		for _, sup := range inv.Suppressions {
			it.suppressions = append(it.suppressions, Suppression{Source: ld.Source, Suppression: sup})
		}
	}
	return it
}

// SourceName names an inventory in findings: the live target for live data
// (also when re-read from a snapshot), otherwise the input's path.
func SourceName(inv *model.Inventory, fallback string) string {
	if len(inv.Sources) > 0 && inv.Sources[0].Kind == model.KindLive {
		s := inv.Sources[0]
		return "live:" + s.Account + "/" + s.Region
	}
	return fallback
}

// safeLoad runs a loader with a panic guard: a loader bug on one hostile file
// must not take the whole run down. Loaders whose documents name their
// inventories (exports) keep those names.
func safeLoad(ctx context.Context, l loader.Loader, in *loader.Input) (out []loader.Named, err error) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
			err = loader.Errorf(in.Path, "internal error while loading (please report it): %v", r)
		}
	}()
	if nl, ok := l.(loader.NamedLoader); ok {
		return nl.LoadNamed(ctx, in)
	}
	invs, err := l.Load(ctx, in)
	out = make([]loader.Named, 0, len(invs))
	for _, inv := range invs {
		out = append(out, loader.Named{Inventory: inv})
	}
	return out, err
}

// claimedSources lists inputs that another inventory read as part of itself.
func claimedSources(items []item) map[string]bool {
	claimed := map[string]bool{}
	for i := range items {
		if items[i].named {
			// An export's inventories point at the files of the run that wrote
			// it; scanning those files again beside it is not a duplicate.
			continue
		}
		own := canonical(items[i].input)
		for _, f := range items[i].files {
			if c := canonical(f); c != own {
				claimed[c] = true
			}
		}
	}
	return claimed
}

func canonical(p string) string {
	if p == "<stdin>" || p == "-" {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func toLoadError(e *loader.Error) finding.LoadError {
	return finding.LoadError{Input: e.Input, Line: e.Line, Column: e.Column, Reason: e.Reason}
}

// Evaluate runs the engine over inventories loaded elsewhere (live scans,
// snapshots), in parallel, keeping their order.
func Evaluate(ctx context.Context, eng *engine.Engine, loaded []Loaded, workers int) ([]finding.Finding, []finding.RuleError) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ws := make([]workspace.Input, len(loaded))
	for i, ld := range loaded {
		ws[i] = workspace.Input{Source: ld.Source, Inventory: ld.Inventory}
	}
	var (
		fs   []finding.Finding
		errs []finding.RuleError
	)
	for _, o := range evaluate(ctx, eng, ws, workers) {
		fs = append(fs, o.fs...)
		errs = append(errs, o.errs...)
	}
	finding.Sort(fs)
	return fs, errs
}

// evaluated is what the engine made of one inventory.
type evaluated struct {
	fs   []finding.Finding
	errs []finding.RuleError
}

// evaluate runs the engine over the inventories in parallel; the results
// keep the order of ws.
func evaluate(ctx context.Context, eng *engine.Engine, ws []workspace.Input, workers int) []evaluated {
	outs := make([]evaluated, len(ws))
	parallel.Do(len(ws), workers, func(i int) {
		outs[i].fs, outs[i].errs = eng.Evaluate(ctx, ws[i].Inventory, ws[i].Source)
	})
	return outs
}

// defaultRoot is the confined root for paths: loader.DefaultRoot, or the
// working folder when that cannot be opened.
func defaultRoot(paths []string) *loader.Root {
	if r, err := loader.NewRoot(loader.DefaultRoot(paths), false); err == nil {
		return r
	}
	if r, err := loader.NewRoot(".", false); err == nil {
		return r
	}
	return loader.ClosedRoot()
}
