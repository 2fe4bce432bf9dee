package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
	"github.com/authlint/authlint/reporters"
)

// ScanOptions are the inputs of `authlint scan`.
type ScanOptions struct {
	IO *IOStreams

	// Paths are files and folders; "-" is standard input. Empty means ".".
	Paths []string
	// Formats are the --format FORMAT[=FILE] values.
	Formats    []string
	FailOn     string
	Verbose    bool
	PolicyDirs []string
	Enable     []string
	Disable    []string
	Load       loadFlags
}

// NewCmdScan builds `authlint scan`. runF replaces the run in tests of flag
// parsing.
func NewCmdScan(streams *IOStreams, runF func(context.Context, *ScanOptions) error) *cobra.Command {
	opts := &ScanOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "scan [PATH|-]...",
		Short: "Check files and folders for Cognito authorizer misconfigurations",
		Long: `Scan files and folders (and standard input, "-"); with no path, the current folder.
Each file's kind is detected from its content, not its name. Folders are walked
for *.yaml, *.yml, *.json, *.template and extension-less files, skipping .git,
node_modules, vendor, .terraform and .aws-sam.

Findings go to standard output (or the --format files); -v adds the skipped
files and timings on standard error. A file that cannot be read or parsed is
reported with its name and the reason, the other inputs are still scanned, and
the exit code is 3.`,
		Example: `  authlint scan infra/
  authlint scan --format json api.yaml
  authlint scan --format text --format json=authlint.json --fail-on warning .
  cat openapi.yaml | authlint scan -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runScan(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Formats, "format", "f", nil, fmt.Sprintf("report `FORMAT[=FILE]`, repeatable: %s (default text to standard output)", strings.Join(reporters.Names(), ", ")))
	f.StringVar(&opts.FailOn, "fail-on", "error", "lowest severity that fails the run (exit 1): error, warning, note or never")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list skipped files and timings on standard error")
	f.StringArrayVar(&opts.PolicyDirs, "policy", nil, "extra Rego policy `DIR` (or .rego file) to add to the catalogue (repeatable)")
	f.StringArrayVar(&opts.Enable, "enable", nil, "turn rules on (`ID`, slug or all; repeatable or comma-separated); with --disable all, only these run")
	f.StringArrayVar(&opts.Disable, "disable", nil, "turn rules off (`ID`, slug or all; repeatable or comma-separated)")
	opts.Load.register(f)
	return cmd
}

// runScan scans, builds the report, applies the processors, writes every
// output and returns the exit code as an error (nil for 0).
func runScan(ctx context.Context, opts *ScanOptions) error {
	failOn, err := finding.ParseThreshold(opts.FailOn)
	if err != nil {
		return usageError("%v", err)
	}
	outs, err := parseOutputs(opts.Formats)
	if err != nil {
		return err
	}
	if err := checkOutputDirs(outs); err != nil {
		return err
	}
	regOpts, err := opts.Load.registryOptions()
	if err != nil {
		return err
	}
	diag := diagnostics{w: opts.IO.ErrOut, verbose: opts.Verbose}

	start := time.Now()
	eng, err := engine.New(ctx, engine.Options{PolicyDirs: opts.PolicyDirs})
	if err != nil {
		return policyError(ctx, err)
	}
	sel, err := selectRules(eng.Rules(), opts.Enable, opts.Disable)
	if err != nil {
		return err
	}
	diag.verbosef("compiled %s in %s", plural(len(eng.Rules()), "rule", "rules"), since(start))

	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	start = time.Now()
	res := scan.Files(ctx, scan.Options{
		Paths:       paths,
		Stdin:       opts.IO.In,
		MaxFileSize: int64(opts.Load.MaxFileSize),
		Loaders:     registry.Files(regOpts),
		Workers:     opts.Load.Workers,
	}, eng, false)
	for _, s := range res.Skipped {
		diag.verbosef("skipped %s: %s", s.Path, s.Reason)
	}
	diag.verbosef("scanned %s in %s", plural(len(res.Inputs), "input", "inputs"), since(start))

	rep := newReport(eng.Rules(), failOn)
	rep.Inputs = res.Inputs
	rep.Findings = res.Findings
	rep.LoadErrors = res.LoadErrors
	rep.RuleErrors = res.RuleErrors
	applyProcessors(rep, sel)

	if !textOnStdout(outs) {
		// Whoever reads only the exit code and stderr must still learn which
		// inputs failed and why.
		diag.problems(rep)
	}
	if err := writeOutputs(opts.IO, outs, rep); err != nil {
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

// newReport starts a report with the tool, the catalogue and the threshold.
func newReport(rules []finding.Rule, failOn finding.Threshold) *finding.Report {
	wd, err := os.Getwd()
	if err != nil {
		wd = ""
	}
	return &finding.Report{
		Tool:       finding.Tool{Name: "authlint", Version: buildVersion().Version, URI: "https://github.com/authlint/authlint"},
		Rules:      rules,
		FailOn:     failOn,
		WorkingDir: wd,
	}
}

func since(t time.Time) time.Duration { return time.Since(t).Round(time.Millisecond) }

// policyError is a failure to build the engine: a configuration error, unless
// the run was interrupted meanwhile.
func policyError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return interrupted(ctx)
	}
	return configError(fmt.Errorf("loading the policies: %w", err))
}

// interrupted ends a run stopped by a signal: what was not read cannot be
// vouched for (exit 3).
func interrupted(ctx context.Context) error {
	return withCode(finding.ExitLoad, fmt.Errorf("interrupted: %w", context.Cause(ctx)))
}
