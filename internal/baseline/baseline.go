package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
)

// Version is the file format version this package reads and writes.
const Version = 1

// KindBaseline is the finding.Suppression kind of findings the baseline
// accepts.
const KindBaseline = "baseline"

// maxFileSize bounds a baseline file (about 100,000 entries).
const maxFileSize = 16 << 20

// Entry is one accepted finding. RuleID and File are there for people reading
// the file and reviewing its diffs; only the fingerprint is matched.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"ruleId"`
	File        string `json:"file,omitempty"`
}

// Baseline is a set of accepted fingerprints.
type Baseline struct {
	// File is where the baseline was read from (for messages), or "".
	File    string
	entries []Entry
	set     map[string]bool
}

type document struct {
	Version      int     `json:"version"`
	Fingerprints []Entry `json:"fingerprints"`
}

// New builds a baseline from entries.
func New(entries []Entry) *Baseline {
	b := &Baseline{set: map[string]bool{}}
	for _, e := range entries {
		if e.Fingerprint == "" || b.set[e.Fingerprint] {
			continue
		}
		b.set[e.Fingerprint] = true
		b.entries = append(b.entries, e)
	}
	slices.SortFunc(b.entries, func(x, y Entry) int {
		return cmp.Or(strings.Compare(x.File, y.File), strings.Compare(x.RuleID, y.RuleID), strings.Compare(x.Fingerprint, y.Fingerprint))
	})
	return b
}

// FromFindings records the findings that count today: those not suppressed,
// and those an earlier baseline accepted (so rewriting a baseline keeps them).
// Findings suppressed inline or by the configuration are left out: they are
// accounted for where they are written.
func FromFindings(fs []finding.Finding) *Baseline {
	var entries []Entry
	for i := range fs {
		f := &fs[i]
		if f.Suppression != nil && f.Suppression.Kind != KindBaseline {
			continue
		}
		file := f.Location.File
		if file == "" {
			file = f.Source
		}
		if file != "" && !strings.HasPrefix(file, "live:") {
			file = filepath.ToSlash(filepath.Clean(file))
		}
		entries = append(entries, Entry{Fingerprint: f.Fingerprint, RuleID: f.RuleID, File: file})
	}
	return New(entries)
}

// Contains reports whether a fingerprint is accepted.
func (b *Baseline) Contains(fingerprint string) bool { return b != nil && b.set[fingerprint] }

// Len is the number of entries.
func (b *Baseline) Len() int { return len(b.entries) }

// Entries returns the entries, sorted by file, rule and fingerprint.
func (b *Baseline) Entries() []Entry { return slices.Clone(b.entries) }

// Write writes the baseline as indented JSON with a trailing newline.
func (b *Baseline) Write(w io.Writer) error {
	doc := document{Version: Version, Fingerprints: b.entries}
	if doc.Fingerprints == nil {
		doc.Fingerprints = []Entry{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding the baseline: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing the baseline: %w", err)
	}
	return nil
}

// WriteFile writes the baseline to path, replacing it atomically so that a
// failed write never leaves half a baseline behind.
func (b *Baseline) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".authlint-baseline-*")
	if err != nil {
		return fmt.Errorf("writing the baseline %s: %w", path, err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("writing the baseline %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the baseline %s: %w", path, err)
	}
	// CreateTemp makes the file private; a baseline is committed and shared.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { //nolint:gosec // see above
		return fmt.Errorf("writing the baseline %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the baseline %s: %w", path, err)
	}
	b.File = path
	return nil
}

// Read parses a baseline; name is used in errors.
func Read(r io.Reader, name string) (*Baseline, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the baseline %s: %w", name, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("baseline %s: larger than %d MiB", name, maxFileSize>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("baseline %s is not a baseline file (%w); write one with --write-baseline", name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("baseline %s: unexpected content after the document", name)
	}
	if doc.Version != Version {
		return nil, fmt.Errorf("baseline %s has version %d; this authlint reads version %d", name, doc.Version, Version)
	}
	for i, e := range doc.Fingerprints {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: entry %d has no fingerprint", name, i+1)
		}
	}
	b := New(doc.Fingerprints)
	b.File = name
	return b, nil
}

// Load reads a baseline file.
func Load(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("baseline %s does not exist (create it with --write-baseline %s)", path, path)
		}
		return nil, fmt.Errorf("opening the baseline: %w", err)
	}
	defer func() { _ = f.Close() }()
	return Read(f, path)
}
