package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/authlint/authlint/internal/finding"
)

// FileName is the configuration file Find looks for; AltFileName is accepted
// too (never both in one folder).
const (
	FileName    = ".authlint.yaml"
	AltFileName = ".authlint.yml"
)

// maxFileSize bounds the configuration file: it is a few dozen lines.
const maxFileSize = 1 << 20

// DateLayout is the layout of expiry dates (YYYY-MM-DD).
const DateLayout = "2006-01-02"

// Error is a problem in the configuration (or in a flag), with the place it
// was found. The command line answers it with exit code 2.
type Error struct {
	// File is the configuration file, or "" for a command-line flag.
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	default:
		return e.File + ": " + e.Msg
	}
}

// Config is the content of one .authlint.yaml, checked for shape but not yet
// against the rule catalogue (see Resolve).
type Config struct {
	// File is the path the configuration was read from.
	File string
	// Dir is the folder relative paths and patterns in the file are relative to
	// (the file's own folder).
	Dir string

	Rules RuleSelection
	// Exclude lists path patterns whose files are left out of the results.
	Exclude []Pattern
	// FailOn is the threshold, when the file sets it.
	FailOn *finding.Threshold
	// CloudFormation holds template parameter values.
	CloudFormation CloudFormation
	// Suppressions is the suppression policy.
	Suppressions SuppressionPolicy
	// Ignore lists suppressions kept in the configuration (for sources that
	// cannot carry inline ones: Terraform plans, live accounts).
	Ignore []Ignore
	// Baseline is the baseline file (joined with Dir), when set.
	Baseline string
}

// RuleRef is a rule id, slug or "all" as written, with its position.
type RuleRef struct {
	Name   string
	Line   int
	Column int
}

// RuleSelection is the rules section.
type RuleSelection struct {
	Enable   []RuleRef
	Disable  []RuleRef
	Severity []SeverityOverride
}

// SeverityOverride changes the severity of one rule.
type SeverityOverride struct {
	Rule     RuleRef
	Severity finding.Severity
}

// CloudFormation holds values for template parameters.
type CloudFormation struct {
	// Parameters maps parameter names to values.
	Parameters map[string]string
	// ParameterFiles are parameter files (joined with Dir).
	ParameterFiles []string
}

// SuppressionPolicy governs inline suppressions.
type SuppressionPolicy struct {
	// Inline, when set, says whether inline suppressions (template metadata,
	// OpenAPI extensions, YAML comments) are honoured.
	Inline *bool
	// RequireExpiry, when set, says whether every suppression needs an expiry
	// date to count.
	RequireExpiry *bool
}

// Ignore is a suppression kept in the configuration.
type Ignore struct {
	// Rules are the rule ids or slugs suppressed (resolved to IDs by Resolve).
	Rules []RuleRef
	// IDs are the rule ids, filled by Resolve.
	IDs []string
	// Paths restrict the entry to files matching one of the patterns.
	Paths []Pattern
	// Resources restrict the entry to findings whose resource ref (or a
	// parent's), logical id, name or ARN is one of these.
	Resources []string
	Reason    string
	// Expires is the expiry date (YYYY-MM-DD) or "".
	Expires string
	// Line and Column locate the entry in the file.
	Line   int
	Column int
}

// Load reads and checks a configuration file.
func Load(path string) (*Config, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the configuration: " + describe(err)}
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot resolve the configuration's folder: " + err.Error()}
	}
	return Parse(path, dir, data)
}

func readLimited(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if st.IsDir() {
		return nil, errors.New("is a folder")
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", maxFileSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

func describe(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	default:
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			return pe.Err.Error()
		}
		return err.Error()
	}
}

// Parse checks configuration text. file names it in errors; dir is the folder
// relative paths are relative to.
func Parse(file, dir string, data []byte) (*Config, error) {
	cfg := &Config{File: file, Dir: dir}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return cfg, nil
	}
	root, err := parseNode(data)
	if err != nil {
		return nil, &Error{File: file, Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if root == nil {
		return cfg, nil
	}
	d := &decoder{file: file, dir: dir}
	d.config(root, cfg)
	if len(d.errs) > 0 {
		return nil, errors.Join(d.errs...)
	}
	return cfg, nil
}

// parseNode parses the first YAML document, with a panic guard: the parser is
// third-party code and the file is user input.
func parseNode(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("the YAML parser failed: %v", r)
		}
	}()
	var n yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&n); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil // comments only
		}
		return nil, err //nolint:wrapcheck // the caller names the file
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil, nil
		}
		return n.Content[0], nil
	}
	return &n, nil
}

// Found is the result of Find.
type Found struct {
	// File is the configuration file found, or "".
	File string
	// Root is the project root: the folder holding .git above the start, else
	// the configuration's folder, else the start folder. Fingerprints are
	// computed from paths relative to it, so they do not depend on where the
	// scan was started.
	Root string
}

// Find looks for .authlint.yaml from start (a file or folder) upward. It stops
// at the first folder that holds .git (the repository root), so a file in a
// home folder never leaks into a checkout's scans.
func Find(start string) (Found, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return Found{}, fmt.Errorf("resolving %s: %w", start, err)
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		abs = filepath.Dir(abs)
	}
	var found Found
	for dir := abs; ; {
		if found.File == "" {
			f, err := configIn(dir)
			if err != nil {
				return Found{}, err
			}
			found.File = f
		}
		if exists(filepath.Join(dir, ".git")) {
			found.Root = dir
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if found.Root == "" {
		found.Root = abs
		if found.File != "" {
			found.Root = filepath.Dir(found.File)
		}
	}
	return found, nil
}

func configIn(dir string) (string, error) {
	a, b := filepath.Join(dir, FileName), filepath.Join(dir, AltFileName)
	ea, eb := isFile(a), isFile(b)
	switch {
	case ea && eb:
		return "", &Error{File: a, Msg: "both " + FileName + " and " + AltFileName + " exist in this folder; keep one"}
	case ea:
		return a, nil
	case eb:
		return b, nil
	}
	return "", nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
