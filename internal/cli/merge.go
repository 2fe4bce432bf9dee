package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/merge"
	"github.com/authlint/authlint/reporters"
)

// MergeOptions are the inputs of `authlint merge`.
type MergeOptions struct {
	IO *IOStreams
	// Paths are JSON reports, folders of them, or "-" for standard input.
	Paths      []string
	Formats    []string
	FailOn     string
	PolicyDirs []string
	Verbose    bool
}

// NewCmdMerge builds `authlint merge`.
func NewCmdMerge(streams *IOStreams, runF func(context.Context, *MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "merge REPORT.json|FOLDER|-...",
		Short: "Combine JSON reports (the shards of a live scan) into one report",
		Long: `Combine JSON reports written with --format json, such as the shards of a live
scan run with --shard INDEX/COUNT, into one report in any format. A folder
stands for the .json files directly inside it; "-" reads one report from
standard input.

Every finding is reported once (by rule and fingerprint, with its suppression
kept); the inputs, load errors and rule errors of every report are united. The
exit code is that of the whole run: 3 when any report lists something that
could not be read (or a report itself cannot be read: it is named, and the
others are still merged), else 1 when findings reach --fail-on, else 0.

Rule descriptions (SARIF, JUnit, Markdown) come from the built-in catalogue,
plus --policy folders for custom rules the shards ran.`,
		Example: `  authlint merge shard-0.json shard-1.json shard-2.json shard-3.json
  authlint merge reports/ --format text --format sarif=authlint.sarif --format json=merged.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("merge needs at least one REPORT.json, a folder of them, or - for standard input")
			}
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runMerge(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Formats, "format", "f", nil, fmt.Sprintf("output `FORMAT[=FILE]` (repeatable): %s; default text to standard output", strings.Join(reporters.Names(), ", ")))
	f.StringVar(&opts.FailOn, "fail-on", "error", "lowest severity that fails the run (exit 1): error, warning, note or never")
	f.StringArrayVar(&opts.PolicyDirs, "policy", nil, "extra Rego policy `DIR` (or .rego file) whose rules the reports hold (repeatable)")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list the reports read on standard error")
	return cmd
}

func runMerge(ctx context.Context, opts *MergeOptions) error {
	outs, err := parseOutputs(opts.Formats)
	if err != nil {
		return err
	}
	if err := checkOutputDirs(outs); err != nil {
		return err
	}
	failOn, err := finding.ParseThreshold(opts.FailOn)
	if err != nil {
		return usageError("%v", err)
	}
	if n := slices.Index(opts.Paths, "-"); n >= 0 && slices.Index(opts.Paths[n+1:], "-") >= 0 {
		return usageError("standard input (-) can be read only once")
	}
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: opts.PolicyDirs})
	if err != nil {
		return policyError(ctx, err)
	}
	diag := diagnostics{w: opts.IO.ErrOut, verbose: opts.Verbose}
	parts, unreadable := readReports(opts.Paths, opts.IO.In)
	for _, p := range parts {
		diag.verbosef("read %s: %s", p.Name, plural(len(p.Doc.Findings), "finding", "findings"))
	}
	rep := newReport(fullCatalogue(eng), failOn)
	if len(parts) > 0 {
		merged, err := merge.Merge(parts)
		if err != nil {
			return configError(err)
		}
		rep.Tool = merged.Tool
		rep.Inputs, rep.Findings = merged.Inputs, merged.Findings
		rep.LoadErrors, rep.RuleErrors = merged.LoadErrors, merged.RuleErrors
	}
	// A report that cannot be read is an input that could not be loaded: the
	// merged report is incomplete, and says which part is missing.
	rep.LoadErrors = append(rep.LoadErrors, unreadable...)
	rep.Normalize()
	return deliver(ctx, opts.IO, outs, rep, diag)
}

// readReports decodes every report the paths name. A folder stands for the
// .json files directly inside it, in name order. Each report that cannot be
// read becomes a load error naming it, and the others are still read.
func readReports(paths []string, stdin io.Reader) ([]merge.Part, []finding.LoadError) {
	var (
		parts []merge.Part
		errs  []finding.LoadError
	)
	for _, path := range paths {
		files := []string{path}
		if st, err := os.Stat(path); path != "-" && err == nil && st.IsDir() {
			matches, _ := filepath.Glob(filepath.Join(path, "*.json")) // the pattern is valid
			if len(matches) == 0 {
				errs = append(errs, finding.LoadError{Input: path, Reason: "no .json report in the folder"})
				continue
			}
			slices.Sort(matches)
			files = matches
		}
		for _, file := range files {
			got, err := merge.ReadFiles([]string{file}, stdin)
			if err != nil {
				errs = append(errs, reportError(file, err))
				continue
			}
			parts = append(parts, got...)
		}
	}
	return parts, errs
}

// reportError turns a failure to read one report into a load error, without
// repeating the report's name in the reason.
func reportError(file string, err error) finding.LoadError {
	name := file
	if file == "-" {
		name = "<stdin>"
	}
	reason := err.Error()
	reason = strings.TrimPrefix(reason, name+": ")
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		reason = "cannot read the report: " + pe.Err.Error()
	}
	return finding.LoadError{Input: name, Reason: reason}
}
