package loader

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/yamltree"
)

// DefaultMaxFileSize is the largest file read unless configured otherwise.
const DefaultMaxFileSize = 32 << 20

// Loader turns inputs of one kind into inventories.
type Loader interface {
	// Name is the source kind the loader reads (openapi, cloudformation, …).
	Name() string
	// Detect reports, from content only, whether the input is of this kind.
	Detect(in *Input) bool
	// Load reads the input into one inventory (a snapshot file may hold
	// several). Partial inventories may come with an error; the error should be
	// an *Error (or wrap one) so it can name line and column.
	Load(ctx context.Context, in *Input) ([]*model.Inventory, error)
}

// RawDetector is implemented by loaders whose inputs are not YAML or JSON
// (Terraform modules and .tf files): Detect asks them first, by name or by
// the input being a folder, before parsing the content.
type RawDetector interface {
	DetectRaw(in *Input) bool
}

// Claimer is implemented by loaders whose inputs load other files themselves
// (nested stack templates, the stacks of a CDK assembly). Claimed files found
// by the same walk are not loaded a second time on their own.
type Claimer interface {
	Claims(ctx context.Context, in *Input) []string
}

// Named is an inventory with the name and kind it had when it was first read.
type Named struct {
	// Source is the input name findings use (a file path as it was given, or
	// live:ACCOUNT/REGION); empty when the document does not say.
	Source string
	// Kind is the loader that first read it; empty when unknown.
	Kind      string
	Inventory *model.Inventory
}

// NamedLoader is implemented by loaders whose documents name their
// inventories themselves: an `authlint export` document records each
// inventory's original input name, so a re-scan reports the same sources, and
// computes the same fingerprints, as the scan it records. Scans call LoadNamed
// instead of Load for such loaders.
type NamedLoader interface {
	LoadNamed(ctx context.Context, in *Input) ([]Named, error)
}

// StdinName is how standard input is named in locations, sources and errors.
const StdinName = "<stdin>"

// Input is one file (or standard input) with its content, parsed at most once.
type Input struct {
	// Path is the path as the user gave it or as the walk found it ("-" for
	// standard input). Locations and errors use Name instead.
	Path string
	// Data is the raw content.
	Data []byte
	// Explicit is true when the user named the file (not found by walking).
	Explicit bool
	// MaxFileSize bounds files read through ReadRelated.
	MaxFileSize int64
	// Root confines the files ReadRelated (and Reader) read; nil confines
	// nothing.
	Root *Root
	// Module is true when the input is a folder read as a whole (a Terraform
	// module): Path is the folder and Data is empty.
	Module bool

	once   sync.Once
	doc    *yamltree.Doc
	docErr error
}

// NewInput wraps content read from path.
func NewInput(path string, data []byte) *Input {
	return &Input{Path: path, Data: data, MaxFileSize: DefaultMaxFileSize}
}

// Name is the input's display name: the path, or "<stdin>" for standard
// input. Loaders record it in Loc.File, Source.File and load errors, so that
// every output names standard input the same way.
func (in *Input) Name() string {
	if in.Path == "-" {
		return StdinName
	}
	return in.Path
}

// Doc parses the content as YAML or JSON, once, and returns the tree.
func (in *Input) Doc() (*yamltree.Doc, error) {
	in.once.Do(func() { in.doc, in.docErr = yamltree.Parse(in.Data) })
	return in.doc, in.docErr
}

// Dir is the directory of the input, for resolving relative references.
func (in *Input) Dir() string {
	if in.Path == "-" {
		return "."
	}
	if in.Module {
		return in.Path
	}
	return filepath.Dir(in.Path)
}

// ReadRelated reads a file referenced by the input (a nested template, cdk.json),
// relative to the input's directory, with the same size limit, and only
// inside the scan root (see Root).
func (in *Input) ReadRelated(ctx context.Context, rel string) (string, []byte, error) {
	p := rel
	if !filepath.IsAbs(p) {
		p = filepath.Join(in.Dir(), rel)
	}
	data, err := in.Reader().Read(ctx, rel, p)
	return p, data, err
}

// Reader reads the files this input names, with its root and size limit.
func (in *Input) Reader() Reader { return Reader{Root: in.Root, Limit: in.MaxFileSize} }

// ListRelated lists the regular files of a folder referenced by the input
// (a Terraform child module), relative to the input's directory. It returns
// the folder's path and the file names, sorted. The files themselves are read
// with ReadRelated.
func (in *Input) ListRelated(ctx context.Context, rel string) (string, []string, error) {
	p := rel
	if !filepath.IsAbs(p) {
		p = filepath.Join(in.Dir(), rel)
	}
	if err := ctx.Err(); err != nil {
		return p, nil, fmt.Errorf("listing %s: %w", p, err)
	}
	if err := in.Root.Check(rel, p); err != nil {
		return p, nil, err
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return p, nil, fmt.Errorf("listing %s: %s", p, describeStatError(err))
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
			names = append(names, e.Name())
		}
	}
	return p, names, nil
}

// ReadFile reads a file after checking its size against limit.
func ReadFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("reading %s: not a regular file", path)
	}
	if limit > 0 && st.Size() > limit {
		return nil, &Error{Input: path, Reason: fmt.Sprintf("the file is %s, larger than the %s limit (raise it with --max-file-size)", human(st.Size()), human(limit))}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

func human(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// Error is a load error that names the input and, when known, the position.
type Error struct {
	Input        string
	Line, Column int
	Reason       string
	// Err is the underlying error, if any.
	Err error
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Input, e.Line, e.Column, e.Reason)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Input, e.Line, e.Reason)
	default:
		return fmt.Sprintf("%s: %s", e.Input, e.Reason)
	}
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error for an input.
func Errorf(in string, format string, args ...any) *Error {
	return &Error{Input: in, Reason: fmt.Sprintf(format, args...)}
}

// AsError converts any error into an *Error naming the input, keeping the line
// and column of YAML/JSON syntax errors.
func AsError(input string, err error) *Error {
	if le, ok := errors.AsType[*Error](err); ok {
		if le.Input == "" {
			le.Input = input
		}
		return le
	}
	if ye, ok := errors.AsType[*yamltree.Error](err); ok {
		return &Error{Input: input, Line: ye.Line, Column: ye.Column, Reason: ye.Msg, Err: err}
	}
	if errors.Is(err, yamltree.ErrEmpty) {
		return &Error{Input: input, Reason: "the file is empty", Err: err}
	}
	return &Error{Input: input, Reason: err.Error(), Err: err}
}
