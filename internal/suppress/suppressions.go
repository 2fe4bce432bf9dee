package suppress

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/authlint/authlint/internal/config"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
)

// Where a suppression is written, for messages.
const (
	originModel   = "model"   // CloudFormation metadata, OpenAPI extension
	originComment = "comment" // # authlint:ignore
	originConfig  = "config"  // ignore: in .authlint.yaml
)

// entry is one suppression of any origin, validated.
type entry struct {
	origin string
	kind   string
	// source and targets scope model entries: findings of that input whose
	// resource ref is one of targets or under it ("" = the whole input).
	source  string
	targets []string
	// file, line and pointer scope comment entries: findings on that line
	// of that file, or inside the value at pointer.
	file    string
	line    int
	pointer string
	// cfg scopes configuration entries.
	cfg *config.Ignore

	names   []string // rule ids or slugs as written
	ids     []string // known rule ids
	reason  string
	expires string
	loc     finding.Location
	// key identifies the entry in fingerprints (stable when lines move).
	key string
	// ok is false when the entry may not suppress (expired, no reason, …).
	ok   bool
	used bool
}

func (e *entry) describe() string {
	ids := strings.Join(e.names, ", ")
	if ids == "" {
		ids = "no rule"
	}
	switch e.origin {
	case originComment:
		return "Suppression comment for " + ids
	case originConfig:
		return "Configured suppression of " + ids
	default:
		switch len(e.targets) {
		case 0:
		case 1:
			if e.targets[0] != "" {
				return fmt.Sprintf("Suppression of %s on %s", ids, e.targets[0])
			}
		default:
			return fmt.Sprintf("Suppression of %s on %s and %d more", ids, e.targets[0], len(e.targets)-1)
		}
		return "Suppression of " + ids
	}
}

// suppressions gathers the suppressions of every origin, checks them,
// marks the findings they cover, and reports the ones that are expired,
// malformed or unused.
type suppressions struct {
	root     string
	inline   []Inline
	settings *config.Settings
	today    string
	read     func(string) ([]byte, error)
}

func (*suppressions) Name() string { return "suppressions" }

func (p *suppressions) Process(r *finding.Report) error {
	cat := newCatalogue(r.Rules)
	var (
		entries []*entry
		notes   []finding.Finding
	)
	note := func(id string, e *entry, msg string) {
		notes = append(notes, p.toolFinding(cat, id, e, msg))
	}
	if p.settings.InlineSuppressions {
		for _, g := range groupInline(p.inline) {
			in := g.first
			e := &entry{
				origin: originModel, kind: KindInSource, source: in.Source, targets: g.targets,
				reason: strings.TrimSpace(in.Reason), expires: strings.TrimSpace(in.Expires),
				loc: finding.Location{File: in.Loc.File, Line: in.Loc.Line, Column: in.Loc.Column, Pointer: in.Loc.Pointer},
			}
			if e.loc.File == "" {
				e.loc.File = in.Source
			}
			e.key = "model:" + strings.Join(g.targets, ",") + ":" + in.Loc.Pointer
			p.check(e, in.RuleIDs, cat, note)
			entries = append(entries, e)
		}
		files := p.commentFiles(r)
		for i, ds := range p.directives(files) {
			file := files[i]
			for _, d := range ds {
				e := &entry{
					origin: originComment, kind: KindInSource, file: file, line: d.Applies, pointer: d.Pointer,
					reason: d.Reason, expires: d.Expires,
					loc: finding.Location{File: file, Line: d.Line, Column: d.Column},
					key: "comment:" + d.Text,
				}
				p.check(e, d.Names, cat, note)
				entries = append(entries, e)
			}
		}
	}
	for i := range p.settings.Ignore {
		ig := &p.settings.Ignore[i]
		e := &entry{
			origin: originConfig, kind: KindExternal, cfg: ig,
			ids: slices.Clone(ig.IDs), names: slices.Clone(ig.IDs), reason: ig.Reason, expires: ig.Expires,
			loc: finding.Location{File: p.settings.File, Line: ig.Line, Column: ig.Column},
			key: fmt.Sprintf("config:%s:%s", strings.Join(ig.IDs, ","), ig.Reason),
			ok:  true,
		}
		p.checkExpiry(e, note)
		entries = append(entries, e)
	}

	// Index the entries by the input or file they can cover, so matching
	// costs the entries of one file per finding, not all of them.
	bySource, byFile := map[string][]*entry{}, map[string][]*entry{}
	var anywhere []*entry
	for _, e := range entries {
		switch e.origin {
		case originModel:
			bySource[e.source] = append(bySource[e.source], e)
		case originComment:
			byFile[filepath.Clean(e.file)] = append(byFile[filepath.Clean(e.file)], e)
		default:
			anywhere = append(anywhere, e)
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		var candidates []*entry
		candidates = append(candidates, bySource[f.Source]...)
		if f.Location.File != "" {
			candidates = append(candidates, byFile[filepath.Clean(f.Location.File)]...)
		}
		candidates = append(candidates, anywhere...)
		for _, e := range candidates {
			if !e.covers(f) {
				continue
			}
			e.used = true
			if e.ok && f.Suppression == nil {
				loc := e.loc
				f.Suppression = &finding.Suppression{Kind: e.kind, Justification: e.reason, Expires: e.expires, Location: &loc}
			}
		}
	}
	for _, e := range entries {
		if e.ok && !e.used {
			note(RuleUnused, e, e.describe()+" matches no finding, so it does nothing: remove it, or correct its rule ids or placement.")
		}
	}
	r.Findings = append(r.Findings, notes...)
	return nil
}

// check validates an inline entry's rule names, reason and expiry, reporting
// problems. The entry suppresses only if nothing is wrong with it.
func (p *suppressions) check(e *entry, names []string, cat catalogue, note func(string, *entry, string)) {
	e.names = names
	var unknown []string
	for _, n := range names {
		if id, ok := cat.lookup(n); ok {
			if !slices.Contains(e.ids, id) {
				e.ids = append(e.ids, id)
			}
			continue
		}
		unknown = append(unknown, n)
	}
	e.key += ":" + strings.Join(names, ",")
	switch {
	case len(names) == 0:
		note(RuleInvalid, e, e.describe()+" names no rule, so it suppresses nothing: list the rule ids or slugs it covers.")
		return
	case len(unknown) > 0:
		note(RuleInvalid, e, fmt.Sprintf("%s names unknown rule %s, which it cannot suppress: use ids or slugs that authlint rules lists.", e.describe(), strings.Join(quoteAll(unknown), ", ")))
		if len(e.ids) == 0 {
			return
		}
	}
	if e.reason == "" {
		note(RuleNoReason, e, e.describe()+" gives no reason, so it suppresses nothing: say why the finding is accepted.")
		return
	}
	if e.expires != "" {
		if _, err := time.Parse(config.DateLayout, e.expires); err != nil {
			note(RuleInvalid, e, fmt.Sprintf("%s has expiry %q, which is not a date written YYYY-MM-DD, so it suppresses nothing.", e.describe(), e.expires))
			return
		}
	} else if p.settings.RequireExpiry {
		note(RuleInvalid, e, e.describe()+" has no expiry date, which the configuration requires (suppressions.require-expiry), so it suppresses nothing.")
		return
	}
	e.ok = true
	p.checkExpiry(e, note)
}

// checkExpiry turns an expired entry off and reports it. A suppression
// expires at the start of its expiry date (UTC).
func (p *suppressions) checkExpiry(e *entry, note func(string, *entry, string)) {
	if e.expires == "" || e.expires > p.today {
		return
	}
	e.ok = false
	note(RuleExpired, e, fmt.Sprintf("%s expired on %s, so the findings it covered are reported again: fix them, or extend the expiry with an up-to-date reason.", e.describe(), e.expires))
}

// covers reports whether the entry applies to a finding (validity aside).
func (e *entry) covers(f *finding.Finding) bool {
	if !slices.Contains(e.ids, f.RuleID) {
		return false
	}
	switch e.origin {
	case originModel:
		return f.Source == e.source && slices.ContainsFunc(e.targets, func(t string) bool { return underRef(f.Resource.Ref, t) })
	case originComment:
		if !sameFile(f.Location.File, e.file) {
			return false
		}
		return f.Location.Line == e.line || (e.pointer != "" && underRef(f.Location.Pointer, e.pointer))
	default:
		return e.cfg.Covers(f)
	}
}

func underRef(ref, target string) bool {
	return target == "" || ref == target || strings.HasPrefix(ref, target+"/")
}

func sameFile(a, b string) bool {
	return a == b || filepath.Clean(a) == filepath.Clean(b)
}

// directives reads the comment directives of each file, in parallel (the
// YAML parse of files that carry directives is most of this step's cost).
func (p *suppressions) directives(files []string) [][]directive {
	out := make([][]directive, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, len(files))) {
		wg.Go(func() {
			for i := range jobs {
				data, err := p.read(files[i])
				if err != nil {
					continue // the file was loaded moments ago; a vanished file has no comments to honour
				}
				out[i] = commentDirectives(data)
			}
		})
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out
}

// commentFiles lists the files that may hold comment suppressions: every
// scanned input and every file a finding points into.
func (p *suppressions) commentFiles(r *finding.Report) []string {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if f == "" || f == "-" || f == "<stdin>" || strings.HasPrefix(f, "live:") {
			return
		}
		c := filepath.Clean(f)
		if !seen[c] {
			seen[c] = true
			out = append(out, f)
		}
	}
	for _, in := range r.Inputs {
		add(in.Name)
	}
	for i := range r.Findings {
		add(r.Findings[i].Location.File)
	}
	slices.Sort(out)
	return out
}

// toolFinding builds a finding of one of the tool rules about an entry.
func (p *suppressions) toolFinding(cat catalogue, id string, e *entry, msg string) finding.Finding {
	rule := cat.rules[id]
	source := e.source
	if source == "" {
		source = e.loc.File
	}
	f := finding.Finding{
		RuleID:   id,
		Slug:     rule.Slug,
		Severity: rule.Severity,
		Message:  msg,
		Location: e.loc,
		Resource: finding.Resource{Kind: "suppression", Name: e.describe()},
		Source:   source,
	}
	if len(e.targets) > 0 {
		f.Resource.Ref = e.targets[0]
	}
	if f.Resource.Ref == "" {
		f.Resource.Ref = e.origin
	}
	f.Fingerprint = finding.Fingerprint(id, SourceKey(p.root, source), f.Resource.Ref, e.key)
	return f
}

// inlineGroup is one written entry: loaders record an entry once per object
// it applies to (an OpenAPI ANY operation becomes several methods), and it is
// checked, used and reported as one.
type inlineGroup struct {
	first   *Inline
	targets []string
}

func groupInline(in []Inline) []inlineGroup {
	type key struct {
		source, ids, reason, expires string
		loc                          model.Loc
	}
	var groups []inlineGroup
	index := map[key]int{}
	for i := range in {
		s := &in[i]
		k := key{s.Source, strings.Join(s.RuleIDs, "\x00"), s.Reason, s.Expires, s.Loc}
		if j, ok := index[k]; ok {
			if !slices.Contains(groups[j].targets, s.Target) {
				groups[j].targets = append(groups[j].targets, s.Target)
			}
			continue
		}
		index[k] = len(groups)
		groups = append(groups, inlineGroup{first: s, targets: []string{s.Target}})
	}
	return groups
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// catalogue resolves rule ids and slugs. The tool rules are always known, so
// their findings are well-formed even when the caller did not add them.
type catalogue struct {
	byName map[string]string
	rules  map[string]finding.Rule
}

func newCatalogue(rules []finding.Rule) catalogue {
	c := catalogue{byName: map[string]string{}, rules: map[string]finding.Rule{}}
	for _, r := range append(Rules(), rules...) {
		c.rules[r.ID] = r
		c.byName[r.ID] = r.ID
		if r.Slug != "" {
			c.byName[r.Slug] = r.ID
		}
	}
	return c
}

func (c catalogue) lookup(name string) (string, bool) {
	if id, ok := c.byName[name]; ok {
		return id, true
	}
	id, ok := c.byName[strings.ToUpper(name)]
	return id, ok
}
