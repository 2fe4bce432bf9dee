package sarif

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
)

// SchemaURI is the $schema written into every document.
const SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// srcRoot is the uriBaseId of repository-relative URIs.
const srcRoot = "%SRCROOT%"

// defaultInformationURI is used when the report's tool carries none.
const defaultInformationURI = "https://github.com/authlint/authlint"

// GitHub truncates descriptions beyond this length.
const maxDescription = 1024

// Options configure the SARIF reporter.
type Options struct {
	// Category is the automation category (runAutomationDetails.id without
	// the trailing run part). Empty: "authlint/iac", or "authlint/live" when
	// every input is a live target.
	Category string
	// RuleDocURL returns the documentation page of a built-in rule. Empty
	// result or nil function: the rule's first reference is used.
	RuleDocURL func(ruleID string) string
}

// Reporter writes SARIF.
type Reporter struct{ opts Options }

// New returns a SARIF reporter.
func New(opts Options) *Reporter { return &Reporter{opts: opts} }

// Name is the --format name.
func (*Reporter) Name() string { return "sarif" }

// DocURL returns the URL of a rule's page under docs/rules in the project's
// repository, as RuleDocURL expects.
func DocURL(base string) func(string) string {
	base = strings.TrimSuffix(base, "/")
	return func(id string) string { return base + "/blob/main/docs/rules/" + id + ".md" }
}

// Report writes the report as an indented SARIF document with a trailing
// newline. The report is not modified.
func (s *Reporter) Report(w io.Writer, r *finding.Report) error {
	doc, err := s.Document(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding the SARIF report: %w", err)
	}
	// Bidi overrides and C1 controls leave as \u escapes (see escape.JSON).
	if _, err := w.Write(escape.JSON(buf.Bytes())); err != nil {
		return fmt.Errorf("writing the SARIF report: %w", err)
	}
	return nil
}

// Document builds the SARIF log.
func (s *Reporter) Document(r *finding.Report) (*gosarif.Report, error) {
	log, err := gosarif.New(gosarif.Version210, false)
	if err != nil {
		return nil, fmt.Errorf("creating the SARIF log: %w", err)
	}
	log.Schema = SchemaURI

	infoURI := r.Tool.URI
	if infoURI == "" {
		infoURI = defaultInformationURI
	}
	name := r.Tool.Name
	if name == "" {
		name = "authlint"
	}
	driver := gosarif.NewDriver(name).WithInformationURI(infoURI)
	if r.Tool.Version != "" {
		driver.WithVersion(r.Tool.Version)
		if isSemver(r.Tool.Version) {
			driver.WithSemanticVersion(strings.TrimPrefix(r.Tool.Version, "v"))
		}
	}
	driver.Rules = []*gosarif.ReportingDescriptor{}
	run := gosarif.NewRun(gosarif.Tool{Driver: driver})

	b := builder{opts: s.opts, report: r, root: r.WorkingDir, index: map[string]int{}}
	for _, rule := range b.rules() {
		b.index[rule.ID] = len(driver.Rules)
		driver.Rules = append(driver.Rules, b.descriptor(rule))
	}

	fs := slices.Clone(r.Findings)
	finding.Sort(fs)
	occurrences := map[string]int{}
	for i := range fs {
		f := &fs[i]
		occurrences[f.Fingerprint]++
		run.Results = append(run.Results, b.result(f, occurrences[f.Fingerprint]))
	}

	if r.WorkingDir != "" {
		run.WithOriginalUriBaseIds(map[string]*gosarif.ArtifactLocation{
			srcRoot: gosarif.NewSimpleArtifactLocation(dirURI(r.WorkingDir)),
		})
	}
	run.WithAutomationDetails(gosarif.NewRunAutomationDetails().WithID(b.category() + "/"))
	run.AddInvocations(b.invocation())
	log.AddRun(run)
	return log, nil
}

type builder struct {
	opts   Options
	report *finding.Report
	root   string
	index  map[string]int
}

// rules returns the catalogue plus a minimal entry for any rule a finding
// names that the catalogue lacks, so every result has a valid ruleIndex.
func (b *builder) rules() []finding.Rule {
	rules := slices.Clone(b.report.Rules)
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	for _, f := range b.report.Findings {
		if !known[f.RuleID] {
			known[f.RuleID] = true
			rules = append(rules, finding.Rule{ID: f.RuleID, Slug: f.Slug, Severity: f.Severity, Title: f.RuleID})
		}
	}
	slices.SortFunc(rules, func(a, c finding.Rule) int { return strings.Compare(a.ID, c.ID) })
	return rules
}

// Level maps a severity to a SARIF level.
func Level(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	default:
		return "note"
	}
}

// security reports whether a rule is about the API's security (the tool's own
// rules about suppressions are not).
func security(r finding.Rule) bool { return !slices.Contains(r.Tags, "suppression") }

func (b *builder) descriptor(r finding.Rule) *gosarif.ReportingDescriptor {
	short := r.Title
	if short == "" {
		short = r.ID
	}
	full := r.Description
	if full == "" {
		full = short
	}
	d := gosarif.NewRule(r.ID).
		WithShortDescription(gosarif.NewMultiformatMessageString(truncate(short, maxDescription))).
		WithFullDescription(gosarif.NewMultiformatMessageString(truncate(full, maxDescription))).
		WithHelp(&gosarif.MultiformatMessageString{Text: new(helpText(r)), Markdown: new(helpMarkdown(r))}).
		WithDefaultConfiguration(&gosarif.ReportingConfiguration{Level: Level(r.Severity)})
	if r.Slug != "" {
		d.WithName(r.Slug)
	}
	if u := b.docURL(r); u != "" {
		d.WithHelpURI(u)
	}
	tags := []string{}
	props := gosarif.Properties{}
	if security(r) {
		tags = append(tags, "security")
		props["security-severity"] = r.SecurityScore()
	} else {
		props["problem.severity"] = map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Note: "recommendation"}[r.Severity]
	}
	for _, t := range r.Tags {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	// GitHub accepts 20 tags per rule.
	if len(tags) > 20 {
		tags = tags[:20]
	}
	props["tags"] = tags
	props["precision"] = "high"
	d.WithProperties(props)
	return d
}

func (b *builder) docURL(r finding.Rule) string {
	if !r.Custom && b.opts.RuleDocURL != nil {
		if u := b.opts.RuleDocURL(r.ID); u != "" {
			return u
		}
	}
	if len(r.References) > 0 {
		return r.References[0]
	}
	return ""
}

func helpText(r finding.Rule) string {
	var sb strings.Builder
	if r.Remediation != "" {
		sb.WriteString(r.Remediation)
	} else {
		sb.WriteString(firstNonEmpty(r.Description, r.Title, r.ID))
	}
	if r.ClientSees != "" {
		sb.WriteString("\n\nWhat the client sees: " + r.ClientSees)
	}
	for _, k := range sortedKeys(r.Fixes) {
		fmt.Fprintf(&sb, "\n%s: %s", fixLabel(k), r.Fixes[k])
	}
	if len(r.References) > 0 {
		sb.WriteString("\n\nReferences:")
		for _, ref := range r.References {
			sb.WriteString("\n" + ref)
		}
	}
	return sb.String()
}

func helpMarkdown(r finding.Rule) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%s** (`%s`)", firstNonEmpty(r.Title, r.ID), r.ID)
	if r.Description != "" {
		sb.WriteString("\n\n" + r.Description)
	}
	if r.ClientSees != "" {
		sb.WriteString("\n\n**What the client sees:** " + r.ClientSees)
	}
	if r.Remediation != "" {
		sb.WriteString("\n\n**Fix:** " + r.Remediation)
	}
	if len(r.Fixes) > 0 {
		sb.WriteString("\n")
		for _, k := range sortedKeys(r.Fixes) {
			fmt.Fprintf(&sb, "\n- *%s*: %s", fixLabel(k), r.Fixes[k])
		}
	}
	if len(r.References) > 0 {
		sb.WriteString("\n\n**References:**\n")
		for _, ref := range r.References {
			fmt.Fprintf(&sb, "\n- <%s>", ref)
		}
	}
	return sb.String()
}

func fixLabel(kind string) string {
	switch kind {
	case finding.SourceOpenAPI:
		return "OpenAPI"
	case finding.SourceCloudFormation:
		return "CloudFormation"
	case finding.SourceSAM:
		return "SAM"
	case finding.SourceCDK:
		return "CDK"
	case finding.SourceTerraform:
		return "Terraform"
	case finding.SourceConsole:
		return "Console"
	case finding.SourceLive:
		return "Live"
	default:
		return kind
	}
}

func (b *builder) result(f *finding.Finding, occurrence int) *gosarif.Result {
	res := gosarif.NewRuleResult(f.RuleID).
		WithRuleIndex(b.index[f.RuleID]).
		WithLevel(Level(f.Severity)).
		WithMessage(gosarif.NewTextMessage(f.Message))
	loc := gosarif.NewLocation().WithPhysicalLocation(b.physical(f.Location, f.Source))
	if ll := logical(f); ll != nil {
		loc.WithLogicalLocations([]*gosarif.LogicalLocation{ll})
	}
	res.WithLocations([]*gosarif.Location{loc})
	if f.Fingerprint != "" {
		res.WithPartialFingerPrints(map[string]any{
			"primaryLocationLineHash": fmt.Sprintf("%s:%d", f.Fingerprint, occurrence),
		})
	}
	if f.Suppression != nil {
		res.Suppressions = []*gosarif.Suppression{b.suppression(f)}
	}
	return res
}

// physical builds the physical location of a finding (or of a suppression).
func (b *builder) physical(l finding.Location, source string) *gosarif.PhysicalLocation {
	region := gosarif.NewRegion().WithStartLine(max(1, l.Line))
	if l.Line > 0 && l.Column > 0 {
		region.WithStartColumn(l.Column)
	}
	return gosarif.NewPhysicalLocation().WithArtifactLocation(b.artifact(l.File, source)).WithRegion(region)
}

// artifact names the file of a location: relative to the working folder with
// %SRCROOT% when it lies under it, an absolute file URI otherwise, and a
// pseudo-path for live targets and standard input.
func (b *builder) artifact(file, source string) *gosarif.ArtifactLocation {
	switch {
	case file == "" && strings.HasPrefix(source, "live:"):
		return gosarif.NewSimpleArtifactLocation(relURI("live/" + strings.TrimPrefix(source, "live:")))
	case file == "" || file == "<stdin>" || file == "-":
		name := source
		if name == "" || name == "<stdin>" || name == "-" {
			name = "stdin"
		}
		return b.artifact(name, "")
	}
	if rel, ok := b.relative(file); ok {
		return gosarif.NewSimpleArtifactLocation(relURI(rel)).WithUriBaseId(srcRoot)
	}
	switch {
	case filepath.IsAbs(file):
		return gosarif.NewSimpleArtifactLocation(fileURI(file))
	case b.root != "":
		return gosarif.NewSimpleArtifactLocation(fileURI(filepath.Join(b.root, file)))
	default:
		// Relative, outside an unknown working folder: the best we have.
		return gosarif.NewSimpleArtifactLocation(relURI(filepath.ToSlash(file)))
	}
}

func (b *builder) relative(file string) (string, bool) {
	if b.root == "" {
		if filepath.IsAbs(file) {
			return "", false
		}
		rel := filepath.ToSlash(filepath.Clean(file))
		return rel, !strings.HasPrefix(rel, "../")
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(b.root, file)
	}
	rel, err := filepath.Rel(b.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// logical names the API resource a finding is about.
func logical(f *finding.Finding) *gosarif.LogicalLocation {
	res := f.Resource
	name := firstNonEmpty(res.Name, res.LogicalID, res.Ref)
	if name == "" {
		return nil
	}
	fq := res.ARN
	if fq == "" {
		parts := []string{}
		if res.API != "" && res.Kind != "restApi" {
			parts = append(parts, res.API)
		}
		if res.Stage != "" && res.Kind != "stage" {
			parts = append(parts, res.Stage)
		}
		parts = append(parts, name)
		fq = strings.Join(parts, "/")
	}
	ll := gosarif.NewLogicalLocation().WithName(name).WithFullyQualifiedName(fq).WithKind("resource")
	if res.Kind != "" {
		ll.WithDecoratedName(res.Kind + " " + name)
	}
	return ll
}

// suppression converts a finding's suppression. Every field is filled: the
// library writes unset ones as null, which the schema rejects.
func (b *builder) suppression(f *finding.Finding) *gosarif.Suppression {
	s := f.Suppression
	kind := "external"
	if s.Kind == "inSource" {
		kind = "inSource"
	}
	just := s.Justification
	if just == "" {
		just = "suppressed (" + s.Kind + ")"
	}
	if s.Expires != "" {
		just += " (until " + s.Expires + ")"
	}
	where := f.Location
	source := f.Source
	if s.Location != nil && (s.Location.File != "" || s.Location.Line > 0) {
		where, source = *s.Location, ""
		if where.File == "" {
			where.File = f.Location.File
			source = f.Source
		}
	}
	sup := gosarif.NewSuppression(kind).
		WithStatus("accepted").
		WithJustifcation(just).
		WithGuid(guid(f.Fingerprint + "\x00" + s.Kind + "\x00" + f.Message)).
		WithLocation(gosarif.NewLocation().WithPhysicalLocation(b.physical(where, source)))
	sup.Properties = gosarif.Properties{"authlint/kind": s.Kind}
	if s.Expires != "" {
		sup.Properties["authlint/expires"] = s.Expires
	}
	return sup
}

// invocation reports load errors and rule errors as notifications.
func (b *builder) invocation() *gosarif.Invocation {
	r := b.report
	ok := len(r.LoadErrors) == 0 && len(r.RuleErrors) == 0
	inv := gosarif.NewInvocation().WithExecutionSuccess(ok).WithExitCode(r.ExitCode())
	if r.WorkingDir != "" {
		inv.WithWorkingDirectory(gosarif.NewSimpleArtifactLocation(dirURI(r.WorkingDir)))
	}
	loadErrs := slices.Clone(r.LoadErrors)
	slices.SortStableFunc(loadErrs, func(a, c finding.LoadError) int { return strings.Compare(a.Input, c.Input) })
	for _, e := range loadErrs {
		n := gosarif.NewNotification().WithLevel("error").
			WithTextMessage(fmt.Sprintf("%s could not be loaded: %s", e.Input, e.Reason))
		if !strings.HasPrefix(e.Input, "live:") {
			n.WithLocations([]*gosarif.Location{gosarif.NewLocation().WithPhysicalLocation(
				b.physical(finding.Location{File: e.Input, Line: e.Line, Column: e.Column}, e.Input))})
		}
		n.PropertyBag = gosarif.PropertyBag{Properties: gosarif.Properties{"input": e.Input}}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	ruleErrs := slices.Clone(r.RuleErrors)
	slices.SortStableFunc(ruleErrs, func(a, c finding.RuleError) int {
		return strings.Compare(a.Input+"\x00"+a.RuleID, c.Input+"\x00"+c.RuleID)
	})
	for _, e := range ruleErrs {
		n := gosarif.NewNotification().WithLevel("error").
			WithTextMessage(fmt.Sprintf("rule %s failed on %s: %s", e.RuleID, e.Input, e.Message))
		if i, ok := b.index[e.RuleID]; ok {
			n.WithAssociatedRule(gosarif.NewReportingDescriptorReference().WithId(e.RuleID).WithIndex(i))
		}
		n.PropertyBag = gosarif.PropertyBag{Properties: gosarif.Properties{"input": e.Input}}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	// Inputs recognized but not read: notes (errors with --strict, which
	// makes them fail the run).
	for _, nt := range r.Notices {
		level, msg := "note", nt.Message
		if r.Strict {
			level = "error"
		}
		if nt.Input != "" {
			msg = nt.Input + ": " + msg
		}
		n := gosarif.NewNotification().WithLevel(level).WithTextMessage(msg)
		if nt.Input != "" {
			phys := gosarif.NewPhysicalLocation().WithArtifactLocation(b.artifact(nt.Input, ""))
			if nt.Line > 0 {
				phys.WithRegion(gosarif.NewRegion().WithStartLine(nt.Line))
			}
			n.WithLocations([]*gosarif.Location{gosarif.NewLocation().WithPhysicalLocation(phys)})
		}
		n.PropertyBag = gosarif.PropertyBag{Properties: gosarif.Properties{"kind": nt.Kind}}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	return inv
}

func (b *builder) category() string {
	if b.opts.Category != "" {
		return strings.TrimSuffix(b.opts.Category, "/")
	}
	live := len(b.report.Inputs) > 0
	for _, in := range b.report.Inputs {
		if !strings.HasPrefix(in.Name, "live:") {
			live = false
		}
	}
	if live {
		return "authlint/live"
	}
	return "authlint/iac"
}

// guid derives a stable name-based UUID (version 5 layout) from a key, so
// the same suppression gets the same guid in every run.
func guid(key string) string {
	h := sha256.Sum256([]byte(key))
	h[6] = (h[6] & 0x0f) | 0x50
	h[8] = (h[8] & 0x3f) | 0x80
	s := hex.EncodeToString(h[:16])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// relURI escapes a slash-separated relative path as a URI reference.
func relURI(p string) string {
	u := &url.URL{Path: p}
	return u.String()
}

func fileURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func dirURI(dir string) string {
	u := fileURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func isSemver(v string) bool {
	v = strings.TrimPrefix(v, "v")
	core, _, _ := strings.Cut(v, "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := s[:n-1]
	// Do not split a UTF-8 sequence.
	for len(cut) > 0 && cut[len(cut)-1]&0xC0 == 0x80 {
		cut = cut[:len(cut)-1]
	}
	if len(cut) > 0 && cut[len(cut)-1]&0xC0 == 0xC0 {
		cut = cut[:len(cut)-1]
	}
	return cut + "…"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
