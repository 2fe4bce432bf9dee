package loader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Root confines the files that inputs name — nested stack templates,
// included and local OpenAPI documents, CDK assembly stacks and cdk.json,
// Terraform modules — to one folder tree. Scans run on pull requests from
// strangers: a template must not make authlint open ~/.aws/credentials or a
// runner's .env. A nil *Root confines nothing (library use and tests).
type Root struct {
	// dir is the root as an absolute path; real is the same with symbolic
	// links resolved. A path is inside when it is under either lexically and
	// its own real path is under real.
	dir, real    string
	allowOutside bool
}

// NewRoot returns the root at dir. With allowOutside, references outside it
// are read anyway (unsafe on untrusted input).
func NewRoot(dir string, allowOutside bool) (*Root, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("scan root %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("scan root %s: %s", dir, describeStatError(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("scan root %s: not a folder", dir)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("scan root %s: %w", dir, err)
	}
	return &Root{dir: abs, real: real, allowOutside: allowOutside}, nil
}

// DefaultRoot is the scan root when none is given: the repository root (the
// folder holding .git) above the first path; else the deepest folder that
// holds every path given (for one folder, that folder; for one file, its
// folder). Standard input counts as the working folder.
func DefaultRoot(paths []string) string {
	var dirs []string
	for _, p := range paths {
		d := p
		if p == "-" {
			d = "."
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		// A file stands for its folder; a missing path for the nearest folder
		// above it that exists.
		for {
			if st, err := os.Stat(abs); err == nil && st.IsDir() {
				break
			}
			parent := filepath.Dir(abs)
			if parent == abs {
				break
			}
			abs = parent
		}
		dirs = append(dirs, abs)
	}
	if len(dirs) == 0 {
		if wd, err := os.Getwd(); err == nil {
			return wd
		}
		return "."
	}
	for cur := dirs[0]; ; {
		if _, err := os.Stat(filepath.Join(cur, ".git")); err == nil {
			return cur
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			break
		}
		cur = parent
	}
	common := dirs[0]
	for _, d := range dirs[1:] {
		for !within(common, d) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	return common
}

// Dir is the root folder (absolute); empty for a nil Root.
func (r *Root) Dir() string {
	if r == nil {
		return ""
	}
	return r.dir
}

// OutsideError is a reference that resolves outside the scan root.
type OutsideError struct {
	// Ref is the reference as the input wrote it (or as it was resolved
	// against the input's folder).
	Ref  string
	Root string
	// Link is set when Ref is inside lexically but a symbolic link on the way
	// leads out.
	Link bool
}

// Refused marks the error as a read authlint declined, not one that failed.
func (*OutsideError) Refused() bool { return true }

func (e *OutsideError) Error() string {
	how := "is outside"
	if e.Link {
		how = "leads through a symbolic link outside"
	}
	return fmt.Sprintf("%s %s the scan root %s; pass --allow-outside-root to read it", e.Ref, how, e.Root)
}

// Check returns an *OutsideError when path (as named by ref) resolves outside
// the root. A path that does not exist is not an error here: reading it
// reports that. Nothing outside the root is touched to decide, so the check
// reveals nothing about files there.
func (r *Root) Check(ref, path string) error {
	if r == nil || r.allowOutside {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return &OutsideError{Ref: ref, Root: r.dir}
	}
	if !within(r.dir, abs) && !within(r.real, abs) {
		return &OutsideError{Ref: ref, Root: r.dir}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		// Missing (or a dangling link): the read fails and says so, unless a
		// link on the way points out, which the parent's real path shows.
		if parent, perr := filepath.EvalSymlinks(filepath.Dir(abs)); perr == nil && !within(r.real, parent) {
			return &OutsideError{Ref: ref, Root: r.dir, Link: true}
		}
		return nil
	}
	if !within(r.real, real) {
		return &OutsideError{Ref: ref, Root: r.dir, Link: true}
	}
	return nil
}

// within reports whether path is dir or below it; both are absolute and clean.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// Reader reads the files an input names: inside the scan root and within
// the size limit.
type Reader struct {
	Root  *Root
	Limit int64
}

// Read reads path, which the input wrote as ref (for messages). A path
// outside the root is an *OutsideError and is not opened.
func (r Reader) Read(ctx context.Context, ref, path string) ([]byte, error) {
	if err := r.Root.Check(ref, path); err != nil {
		return nil, err
	}
	return ReadFile(ctx, path, r.Limit)
}

// IsOutside reports whether err says a reference left the scan root.
func IsOutside(err error) bool {
	var oe *OutsideError
	return errors.As(err, &oe)
}

// ClosedRoot is a root that nothing is inside: every reference is refused.
// It is the fallback when no folder can serve as the root.
func ClosedRoot() *Root { return &Root{dir: "(none)", real: "\x00"} }
