package merge

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/authlint/authlint/internal/finding"
	jsonreport "github.com/authlint/authlint/reporters/json"
)

// Part is one report to merge, with the name errors use for it.
type Part struct {
	Name string
	Doc  jsonreport.Document
}

// Decode reads one JSON report. Fields it does not know are ignored (a newer
// authlint may add some); a document without the report's schemaVersion, or
// with another one, is refused.
func Decode(name string, r io.Reader) (Part, error) {
	var probe struct {
		SchemaVersion *int            `json:"schemaVersion"`
		Findings      json.RawMessage `json:"findings"`
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Part{}, fmt.Errorf("%s: reading: %w", name, err)
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return Part{}, fmt.Errorf("%s: not a JSON report: %w", name, err)
	}
	if probe.SchemaVersion == nil || probe.Findings == nil {
		return Part{}, fmt.Errorf("%s: not an authlint JSON report (no schemaVersion or findings); write shard results with --format json", name)
	}
	if *probe.SchemaVersion != jsonreport.SchemaVersion {
		return Part{}, fmt.Errorf("%s: JSON report schemaVersion %d; this authlint merges version %d", name, *probe.SchemaVersion, jsonreport.SchemaVersion)
	}
	p := Part{Name: name}
	if err := json.Unmarshal(data, &p.Doc); err != nil {
		return Part{}, fmt.Errorf("%s: decoding the report: %w", name, err)
	}
	return p, nil
}

// ReadFiles decodes the reports at paths ("-" is stdin). A folder stands for
// the .json files directly inside it, in name order, so a recipe can hand
// over the folder its shards wrote to without a shell to expand a glob.
func ReadFiles(paths []string, stdin io.Reader) ([]Part, error) {
	parts := make([]Part, 0, len(paths))
	var errs []error
	paths, err := expand(paths)
	if err != nil {
		errs = append(errs, err)
	}
	for _, path := range paths {
		var (
			p   Part
			err error
		)
		if path == "-" {
			p, err = Decode("<stdin>", stdin)
		} else {
			p, err = decodeFile(path)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		parts = append(parts, p)
	}
	return parts, errors.Join(errs...)
}

func expand(paths []string) ([]string, error) {
	out := make([]string, 0, len(paths))
	var errs []error
	for _, p := range paths {
		st, err := os.Stat(p)
		if p == "-" || err != nil || !st.IsDir() {
			out = append(out, p) // a missing file is reported when it is opened
			continue
		}
		matches, err := filepath.Glob(filepath.Join(p, "*.json"))
		if err != nil || len(matches) == 0 {
			errs = append(errs, fmt.Errorf("%s: no .json report in the folder", p))
			continue
		}
		sort.Strings(matches)
		out = append(out, matches...)
	}
	return out, errors.Join(errs...)
}

func decodeFile(path string) (Part, error) {
	f, err := os.Open(path)
	if err != nil {
		return Part{}, fmt.Errorf("opening the report: %w", err)
	}
	defer f.Close()
	return Decode(path, f)
}

// Merge combines parts into one report. The tool is the first part's. The
// report carries no rule catalogue (the JSON format has none): callers that
// print formats needing rule metadata (SARIF) fill Rules from their engine.
// FailOn is left for the caller to set.
func Merge(parts []Part) (*finding.Report, error) {
	if len(parts) == 0 {
		return nil, errors.New("no report to merge")
	}
	r := &finding.Report{Tool: parts[0].Doc.Tool}
	inputs := map[string]bool{}
	seen := map[string]bool{}
	loadErrs := map[finding.LoadError]bool{}
	ruleErrs := map[finding.RuleError]bool{}
	notices := map[finding.Notice]bool{}
	for _, p := range parts {
		if p.Doc.Tool.Name != r.Tool.Name {
			return nil, fmt.Errorf("%s was written by %q, %s by %q: only reports of one tool merge", parts[0].Name, r.Tool.Name, p.Name, p.Doc.Tool.Name)
		}
		for _, in := range p.Doc.Inputs {
			if !inputs[in.Name] {
				inputs[in.Name] = true
				r.Inputs = append(r.Inputs, finding.Input{Name: in.Name, Kind: in.Kind})
			}
		}
		for _, f := range p.Doc.Findings {
			// A fingerprint already names the input; the rule id keeps two
			// rules that share one apart.
			key := f.RuleID + "\x00" + f.Fingerprint
			if f.Fingerprint == "" {
				key = f.RuleID + "\x00" + f.Source + "\x00" + f.Resource.Ref + "\x00" + f.Message
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			r.Findings = append(r.Findings, toFinding(f, p.Name))
		}
		for _, e := range p.Doc.LoadErrors {
			if !loadErrs[e] {
				loadErrs[e] = true
				r.LoadErrors = append(r.LoadErrors, e)
			}
		}
		for _, e := range p.Doc.RuleErrors {
			if !ruleErrs[e] {
				ruleErrs[e] = true
				r.RuleErrors = append(r.RuleErrors, e)
			}
		}
		for _, n := range p.Doc.Notices {
			if !notices[n] {
				notices[n] = true
				r.Notices = append(r.Notices, n)
			}
		}
	}
	r.Normalize()
	return r, nil
}

func toFinding(f jsonreport.Finding, part string) finding.Finding {
	out := finding.Finding{
		RuleID:      f.RuleID,
		Slug:        f.Slug,
		Severity:    f.Severity,
		Message:     f.Message,
		Location:    finding.Location{File: f.Location.File, Line: f.Location.Line, Column: f.Location.Column, Pointer: f.Location.Pointer},
		Resource:    f.Resource,
		Source:      f.Source,
		Fingerprint: f.Fingerprint,
		Suppression: f.Suppression,
	}
	if f.Suppressed && out.Suppression == nil {
		// The report said suppressed without saying how: keep it suppressed.
		out.Suppression = &finding.Suppression{Kind: "external", Justification: "suppressed in " + part}
	}
	return out
}
