package loader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// skipDirs are folders a walk never enters.
var skipDirs = map[string]bool{".git": true, "node_modules": true, "vendor": true, ".terraform": true, ".aws-sam": true}

// walkExts are the file extensions a folder walk considers ("" = no extension).
// Files named explicitly are always read, whatever their name.
var walkExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true, "": true}

// candidateMarkers: a file found by a walk that fails to parse is reported only
// when it looks like one of ours; other broken files are skipped quietly.
var candidateMarkers = [][]byte{
	[]byte("AWSTemplateFormatVersion"), []byte("AWS::"), []byte("openapi"), []byte("swagger"),
	[]byte("x-amazon-apigateway"), []byte("terraform_version"), []byte("format_version"), []byte("authlint"),
	[]byte("schema.getpostman.com"), []byte("_postman_variable_scope"),
}

// Candidate is a file to consider.
type Candidate struct {
	Path string
	// Explicit is true when the user named the file.
	Explicit bool
	// Module is true for a folder of Terraform files, read as one input.
	Module bool
}

// TerraformFile reports whether a file name is Terraform configuration
// (.tf, .tf.json) and, separately, a Terraform variables file (.tfvars,
// .tfvars.json).
func TerraformFile(name string) (config, vars bool) {
	n := strings.ToLower(name)
	switch {
	case strings.HasSuffix(n, ".tf"), strings.HasSuffix(n, ".tf.json"):
		return true, false
	case strings.HasSuffix(n, ".tfvars"), strings.HasSuffix(n, ".tfvars.json"):
		return false, true
	}
	return false, false
}

// Skip is a file a walk passed over, and why (shown with -v).
type Skip struct {
	Path   string
	Reason string
	// Kind is set for inputs authlint recognizes but cannot read (see
	// Unread): scans report those as notices, not only with -v.
	Kind string
}

// Expand turns the paths the user gave into candidate files: files as they are,
// folders walked (skipping .git, node_modules, vendor; following symlinks
// without looping, and only to targets inside the folder walked or the scan
// root). "-" is standard input. Each folder walked is checked for the unread
// kinds given; what they find is returned as skips with Kind set.
func Expand(ctx context.Context, paths []string, root *Root, unread ...Unread) ([]Candidate, []Skip, []*Error) {
	var (
		out   []Candidate
		skips []Skip
		errs  []*Error
		seen  = map[string]bool{}
	)
	add := func(c Candidate) {
		key := c.Path
		if c.Path != "-" {
			if abs, err := filepath.Abs(c.Path); err == nil {
				key = abs
			}
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			errs = append(errs, &Error{Input: p, Reason: "cancelled", Err: err})
			break
		}
		if p == "-" {
			add(Candidate{Path: "-", Explicit: true})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, &Error{Input: p, Reason: describeStatError(err), Err: err})
			continue
		}
		if !st.IsDir() {
			add(Candidate{Path: p, Explicit: true})
			continue
		}
		w := walker{ctx: ctx, visited: map[string]bool{}, root: root, unread: unread}
		if top, err := NewRoot(p, false); err == nil {
			w.top = top
		}
		w.walk(p)
		for _, c := range w.files {
			add(c)
		}
		skips = append(skips, w.skips...)
		errs = append(errs, w.errs...)
	}
	return out, skips, errs
}

func describeLinkError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "its target does not exist"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, syscall.ELOOP):
		return "too many levels of symbolic links (a loop)"
	default:
		return describeStatError(err)
	}
}

func describeStatError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	default:
		return err.Error()
	}
}

type walker struct {
	ctx     context.Context
	visited map[string]bool // real paths of directories entered
	// root and top (the folder named) bound where symbolic links may lead.
	root, top *Root
	unread    []Unread
	files     []Candidate
	skips     []Skip
	errs      []*Error
}

func (w *walker) walk(dir string) {
	if w.ctx.Err() != nil {
		return
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		w.errs = append(w.errs, &Error{Input: dir, Reason: describeStatError(err), Err: err})
		return
	}
	if w.visited[real] {
		w.skips = append(w.skips, Skip{Path: dir, Reason: "symbolic link loop (already walked " + real + ")"})
		return
	}
	w.visited[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.errs = append(w.errs, &Error{Input: dir, Reason: "cannot list the folder: " + describeStatError(err), Err: err})
		return
	}
	for _, u := range w.unread {
		w.skips = append(w.skips, u.Check(w.ctx, dir, entries)...)
	}
	// A folder with Terraform configuration is one module: one input named
	// by the folder, which reads its .tf, .tf.json and .tfvars files itself.
	module := slices.ContainsFunc(entries, func(e fs.DirEntry) bool {
		config, _ := TerraformFile(e.Name())
		return config && !e.IsDir()
	})
	if module {
		w.files = append(w.files, Candidate{Path: dir, Module: true})
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			st, err := os.Stat(p)
			if err != nil {
				// A link that looks like an input and cannot be followed is
				// reported: a silent skip would hide a template from the scan.
				reason := "symbolic link that cannot be followed: " + describeLinkError(err)
				if walkCandidateName(p) {
					w.errs = append(w.errs, &Error{Input: p, Reason: reason, Err: err})
				} else {
					w.skips = append(w.skips, Skip{Path: p, Reason: reason})
				}
				continue
			}
			if w.root.Check(p, p) != nil && w.top.Check(p, p) != nil {
				// A link out of the scan root (to a runner's credentials, say)
				// is never followed; it is reported where it could be an input.
				oe := &OutsideError{Ref: p, Root: w.root.Dir(), Link: true}
				reason := "a symbolic link that leads outside the scan root " + w.root.Dir() + "; it is not followed (pass --allow-outside-root to follow it)"
				if st.IsDir() || walkCandidateName(p) {
					w.errs = append(w.errs, &Error{Input: p, Reason: reason, Err: oe})
				} else {
					w.skips = append(w.skips, Skip{Path: p, Reason: reason})
				}
				continue
			}
			mode = st.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if skipDirs[e.Name()] {
				w.skips = append(w.skips, Skip{Path: p, Reason: "folder skipped"})
				continue
			}
			w.walk(p)
		case mode.IsRegular():
			if config, vars := TerraformFile(e.Name()); config || vars {
				if !module {
					w.skips = append(w.skips, Skip{Path: p, Reason: "Terraform variables file without configuration beside it (pass it with --var-file)"})
				}
				continue
			}
			if !walkExts[strings.ToLower(filepath.Ext(e.Name()))] {
				w.skips = append(w.skips, Skip{Path: p, Reason: "not a YAML or JSON file name"})
				continue
			}
			w.files = append(w.files, Candidate{Path: p})
		default:
			w.skips = append(w.skips, Skip{Path: p, Reason: "not a regular file"})
		}
	}
}

// Open reads a candidate. For files found by a walk it returns a skip reason
// instead of an error when the file is clearly not ours (binary data).
func Open(ctx context.Context, c Candidate, stdin io.Reader, maxSize int64, root *Root) (*Input, *Skip, *Error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	if c.Module {
		if err := ctx.Err(); err != nil {
			return nil, nil, &Error{Input: c.Path, Reason: "cancelled", Err: err}
		}
		return &Input{Path: c.Path, Explicit: c.Explicit, MaxFileSize: maxSize, Module: true, Root: root}, nil, nil
	}
	var data []byte
	if c.Path == "-" {
		if stdin == nil {
			return nil, nil, Errorf(StdinName, "standard input is not available")
		}
		b, err := io.ReadAll(io.LimitReader(stdin, maxSize+1))
		if err != nil {
			return nil, nil, &Error{Input: StdinName, Reason: "reading standard input: " + err.Error(), Err: err}
		}
		if int64(len(b)) > maxSize {
			return nil, nil, Errorf(StdinName, "the input is larger than the %s limit (raise it with --max-file-size)", human(maxSize))
		}
		data = b
	} else {
		b, err := ReadFile(ctx, c.Path, maxSize)
		if err != nil {
			le := AsError(c.Path, err)
			if !c.Explicit && !walkCandidateName(c.Path) {
				return nil, &Skip{Path: c.Path, Reason: le.Reason}, nil
			}
			return nil, nil, le
		}
		data = b
	}
	in := NewInput(c.Path, data)
	in.Explicit = c.Explicit
	in.MaxFileSize = maxSize
	in.Root = root
	if !c.Explicit && bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return nil, &Skip{Path: c.Path, Reason: "binary file"}, nil
	}
	return in, nil, nil
}

func walkCandidateName(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".yaml" || ext == ".yml" || ext == ".json" || ext == ".template"
}

// Detect picks the loader for an input by content. A file the user named that
// no loader accepts is an error; a walked file is skipped (unless it looks like
// one of ours but does not parse, which is an error too).
func Detect(loaders []Loader, in *Input) (Loader, *Skip, *Error) {
	name := in.Name()
	for _, l := range loaders {
		if rd, ok := l.(RawDetector); ok && rd.DetectRaw(in) {
			return l, nil, nil
		}
	}
	if in.Module {
		return nil, nil, Errorf(name, "a folder of Terraform files, but no Terraform loader is registered")
	}
	if _, err := in.Doc(); err != nil {
		if in.Explicit || looksLikeCandidate(in.Data) {
			le := AsError(name, err)
			switch {
			case LooksSecret(name):
				// The parser's words may quote a token of the file: say where,
				// never what.
				le.Reason = "not valid YAML or JSON (details withheld: the file name looks like a secret)"
			case le.Line > 0:
				le.Reason = "not valid YAML or JSON: " + le.Reason
			}
			return nil, nil, le
		}
		return nil, &Skip{Path: in.Path, Reason: "not valid YAML or JSON"}, nil
	}
	for _, l := range loaders {
		if l.Detect(in) {
			return l, nil, nil
		}
	}
	kinds := make([]string, 0, len(loaders))
	for _, l := range loaders {
		kinds = append(kinds, l.Name())
	}
	reason := fmt.Sprintf("not a supported kind of document (authlint reads %s)", strings.Join(kinds, ", "))
	if in.Explicit {
		return nil, nil, Errorf(name, "%s", reason)
	}
	return nil, &Skip{Path: in.Path, Reason: reason}, nil
}

func looksLikeCandidate(data []byte) bool {
	return slices.ContainsFunc(candidateMarkers, func(m []byte) bool { return bytes.Contains(data, m) })
}

// LooksSecret reports whether a file name is one that usually holds
// credentials (.env files, AWS and other credentials, private keys): errors
// about such files name the position only.
func LooksSecret(name string) bool {
	base := strings.ToLower(filepath.Base(name))
	switch {
	case base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env"):
		return true
	case base == "credentials" || base == ".netrc" || base == ".npmrc" || base == ".pypirc" || base == ".pgpass" || base == ".git-credentials":
		return true
	case strings.HasPrefix(base, "id_rsa") || strings.HasPrefix(base, "id_ecdsa") || strings.HasPrefix(base, "id_ed25519") || strings.HasPrefix(base, "id_dsa"):
		return true
	}
	switch filepath.Ext(base) {
	case ".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".asc", ".gpg":
		return true
	}
	return strings.Contains(base, "secret") || strings.Contains(base, "credential")
}
