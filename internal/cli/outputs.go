package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/reporters"
)

// output is one --format FORMAT[=FILE]; an empty path is standard output.
type output struct {
	format string
	path   string
}

func (o output) String() string {
	if o.path == "" {
		return o.format + " (standard output)"
	}
	return o.format + "=" + o.path
}

// parseOutputs reads the --format values. Without any, the text format goes to
// standard output.
func parseOutputs(specs []string) ([]output, error) {
	if len(specs) == 0 {
		return []output{{format: "text"}}, nil
	}
	var (
		outs   []output
		stdout []string
		files  = map[string]string{}
	)
	for _, spec := range specs {
		name, path, _ := strings.Cut(spec, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		path = strings.TrimSpace(path)
		if path == "-" {
			path = ""
		}
		if _, ok := reporters.Lookup(name, reporters.Options{}); !ok {
			return nil, usageError("unknown --format %q (want one of %s, optionally =FILE)", name, strings.Join(reporters.Names(), ", "))
		}
		if path == "" {
			stdout = append(stdout, name)
			if len(stdout) > 1 {
				return nil, usageError("--format %s and --format %s both write to standard output; send one to a file (--format %s=FILE)", stdout[0], stdout[1], stdout[1])
			}
		} else {
			key := filepath.Clean(path)
			if prev, dup := files[key]; dup {
				return nil, usageError("--format %s and --format %s both write to %s", prev, name, path)
			}
			files[key] = name
		}
		outs = append(outs, output{format: name, path: path})
	}
	return outs, nil
}

// checkOutputDirs fails early, before any scanning, when an output file's
// folder does not exist.
func checkOutputDirs(outs []output) error {
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		dir := filepath.Dir(o.path)
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			return configError(fmt.Errorf("--format %s: folder %s does not exist", o, dir))
		}
	}
	return nil
}

// textOnStdout reports whether the report reaches standard output as text, in
// which case load errors are already visible there.
func textOnStdout(outs []output) bool {
	for _, o := range outs {
		if o.path == "" && o.format == "text" {
			return true
		}
	}
	return false
}

// writeOutputs writes the report in every requested format. Every output is
// attempted; the errors are joined.
func writeOutputs(streams *IOStreams, outs []output, rep *finding.Report) error {
	var errs []error
	for _, o := range outs {
		r, ok := reporters.Lookup(o.format, reporters.Options{Color: o.path == "" && streams.ColorOut})
		if !ok {
			// parseOutputs has checked the names already.
			errs = append(errs, fmt.Errorf("unknown format %q", o.format))
			continue
		}
		if o.path == "" {
			if err := r.Report(streams.Out, rep); err != nil {
				errs = append(errs, fmt.Errorf("writing %s to standard output: %w", o.format, err))
			}
			continue
		}
		if err := writeFile(o.path, func(w io.Writer) error { return r.Report(w, rep) }); err != nil {
			errs = append(errs, fmt.Errorf("writing --format %s: %w", o, err))
		}
	}
	if len(errs) > 0 {
		return configError(errors.Join(errs...))
	}
	return nil
}

// writeFile writes a whole file through a buffer, reporting close errors (a
// full disk shows up there).
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing %s: %w", path, cerr)
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// deliver writes the finished report in every requested format and turns it
// into the run's outcome: the exit code of the report, or 3 when the run was
// interrupted. When no text report goes to standard output, the inputs that
// could not be read are also named on standard error, so a run that writes
// only to files still says why it exited 3.
func deliver(ctx context.Context, streams *IOStreams, outs []output, rep *finding.Report, diag diagnostics) error {
	if !textOnStdout(outs) {
		diag.problems(rep)
	}
	// What was not read is said on standard error whatever the formats: a
	// run that passes with nothing read must not look green.
	diag.notices(rep)
	if err := writeOutputs(streams, outs, rep); err != nil {
		return err
	}
	diag.verbosef("%s", textSummary(rep))
	if ctx.Err() != nil {
		return interrupted(ctx)
	}
	if code := rep.ExitCode(); code != finding.ExitOK {
		return withCode(code, nil)
	}
	return nil
}
