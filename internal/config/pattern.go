package config

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"
)

// Pattern is a path pattern from the configuration, relative to the folder of
// the configuration file:
//
//   - a pattern without "/" matches any file or folder name at any depth
//     ("fixtures", "*.test.yaml");
//   - a pattern with "/" is anchored at the configuration's folder
//     ("test/fixtures/**", "infra/legacy");
//   - "*", "?" and "[...]" match within one path element, "**" matches any
//     number of elements;
//   - a pattern that matches a folder matches every file under it.
type Pattern struct {
	// Text is the pattern as written.
	Text     string
	base     string
	anchored bool
	elems    []string
}

// NewPattern compiles a pattern relative to base (an absolute folder).
func NewPattern(text, base string) (Pattern, error) {
	p := strings.TrimSpace(text)
	if p == "" {
		return Pattern{}, errors.New("empty pattern")
	}
	p = filepath.ToSlash(p)
	p = strings.TrimPrefix(p, "./")
	anchored := strings.Contains(strings.TrimSuffix(p, "/"), "/")
	p = strings.Trim(p, "/")
	if p == "" || p == "." {
		return Pattern{}, fmt.Errorf("pattern %q would exclude everything", text)
	}
	elems := strings.Split(p, "/")
	for _, e := range elems {
		if e == ".." {
			return Pattern{}, fmt.Errorf("pattern %q must not use .. to leave the configuration's folder", text)
		}
		if _, err := path.Match(e, ""); err != nil {
			return Pattern{}, fmt.Errorf("pattern %q is malformed: %w", text, err)
		}
	}
	return Pattern{Text: text, base: base, anchored: anchored, elems: elems}, nil
}

// Match reports whether a file path (absolute, or relative to the working
// folder) falls under the pattern. Paths outside the configuration's folder
// and live targets never match.
func (p Pattern) Match(file string) bool {
	if file == "" || strings.HasPrefix(file, "live:") || file == "<stdin>" || file == "-" {
		return false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(p.base, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	elems := strings.Split(filepath.ToSlash(rel), "/")
	if !p.anchored {
		for _, e := range elems {
			if ok, _ := path.Match(p.elems[0], e); ok {
				return true
			}
		}
		return false
	}
	return matchPrefix(p.elems, elems)
}

// matchPrefix reports whether pattern elements match path elements, or a
// leading part of them (a folder and everything under it).
func matchPrefix(pat, elems []string) bool {
	if len(pat) == 0 {
		return true
	}
	if pat[0] == "**" {
		for i := 0; i <= len(elems); i++ {
			if matchPrefix(pat[1:], elems[i:]) {
				return true
			}
		}
		return false
	}
	if len(elems) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], elems[0]); !ok {
		return false
	}
	return matchPrefix(pat[1:], elems[1:])
}
