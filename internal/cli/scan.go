package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/baseline"
	"github.com/authlint/authlint/internal/config"
	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/internal/suppress"
	"github.com/authlint/authlint/loader/registry"
	"github.com/authlint/authlint/reporters"
)

// ScanOptions are the inputs of `authlint scan`.
type ScanOptions struct {
	IO *IOStreams

	// Paths are files and folders; "-" is standard input. Empty means ".".
	Paths []string
	// Formats are the --format FORMAT[=FILE] values.
	Formats []string
	FailOn  string
	Verbose bool
	// Strict makes notices (inputs recognized but not read, a scan that
	// read nothing) fail the run with exit 3.
	Strict     bool
	PolicyDirs []string
	Enable     []string
	Disable    []string
	Load       loadFlags
	// Live scans AWS accounts instead of files (--live and its flags).
	Live liveFlags

	Config               string
	Baseline             string
	WriteBaseline        string
	NoInlineSuppressions bool
	// set records which flags were given (flags override the configuration).
	set func(name string) bool
}

// NewCmdScan builds `authlint scan`. runF replaces the run in tests of flag
// parsing.
func NewCmdScan(streams *IOStreams, runF func(context.Context, *ScanOptions) error) *cobra.Command {
	opts := &ScanOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "scan [PATH|-]...",
		Short: "Check files and folders, or live AWS accounts, for Cognito authorizer misconfigurations",
		Long: `Scan files and folders (and standard input, "-"); with no path, the current folder.
Each file's kind is detected from its content, not its name. Folders are walked
for *.yaml, *.yml, *.json and *.template files, skipping .git, node_modules,
vendor, .terraform and .aws-sam.

With --live, scan the REST APIs of running AWS accounts and the Cognito user
pools their authorizers name instead, with read-only calls and the AWS SDK's
credential chain (docs/live-scanning.md; permissions in docs/iam-policy.json).
Each account and region is one input, named live:ACCOUNT/REGION; findings name
the API id, stage and method. With paths as well, the accounts and the files
are one workspace: a Postman collection or a template is checked against the
app clients, domains and pools the accounts have.

Findings go to standard output (or the --format files); -v adds the skipped
files and timings on standard error. A file that cannot be read or parsed, or
an account, region or API that cannot be read, is reported with its name and
the reason, the other inputs are still scanned, and the exit code is 3.

Inputs recognized but not read (cdk.json without cdk.out: run cdk synth first;
serverless.yml: serverless package writes CloudFormation to .serverless/;
Terraform *.tf files), and a scan that read nothing, are noted on standard
error and in every format; --strict makes them exit 3.`,
		Example: `  authlint scan infra/
  authlint scan --format json api.yaml
  authlint scan --format text --format sarif=authlint.sarif --fail-on warning .
  cat openapi.yaml | authlint scan -
  authlint scan --live --region us-east-1 --region eu-west-1
  authlint scan --live --all-regions --role-arn arn:aws:iam::111111111111:role/authlint-scan --shard 0/4 --fail-on never --format json=shard-0.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.set = cmd.Flags().Changed
			if err := opts.Live.check(opts.set, args, true); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runScan(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&opts.Formats, "format", "f", nil, fmt.Sprintf("output `FORMAT[=FILE]` (repeatable): %s; default text to standard output", strings.Join(reporters.Names(), ", ")))
	f.StringVar(&opts.FailOn, "fail-on", "error", "lowest severity that fails the run (exit 1): error, warning, note or never")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list skipped files and timings on standard error")
	f.BoolVar(&opts.Strict, "strict", false, "exit 3 when inputs were recognized but not read (cdk.json without cdk.out, serverless.yml, Terraform) or nothing was read")
	f.StringArrayVar(&opts.PolicyDirs, "policy", nil, "extra Rego policy `DIR` (or .rego file) to add to the catalogue (repeatable)")
	f.StringArrayVar(&opts.Enable, "enable", nil, "turn rules on (`ID`, slug or all; repeatable or comma-separated); with --disable all, only these run")
	f.StringArrayVar(&opts.Disable, "disable", nil, "turn rules off (`ID`, slug or all; repeatable or comma-separated)")
	f.StringVar(&opts.Config, "config", "", "configuration `FILE` (default: the nearest .authlint.yaml above the first path)")
	f.StringVar(&opts.Baseline, "baseline", "", "report only findings not in the baseline `FILE`")
	f.StringVar(&opts.WriteBaseline, "write-baseline", "", "record today's findings in the baseline `FILE`")
	f.BoolVar(&opts.NoInlineSuppressions, "no-inline-suppressions", false, "ignore suppressions written in the sources")
	opts.Load.register(f)
	opts.Live.register(f)
	return cmd
}

// runScan scans, builds the report, applies the processors, writes every
// output and returns the exit code as an error (nil for 0).
func runScan(ctx context.Context, opts *ScanOptions) error {
	// Without user policies the engine takes a millisecond to make and
	// depends on nothing the user gave, so it is made first: the rules most
	// inputs need then compile on the other core while the outputs and the
	// configuration are checked and the first input is read and loaded. Its
	// error, if any, is reported where a policy error always is.
	newStart := time.Now()
	var (
		eng    *engine.Engine
		engErr error
	)
	if len(opts.PolicyDirs) == 0 {
		if eng, engErr = engine.New(ctx, engine.Options{}); engErr == nil {
			eng.Warm(ctx)
		}
	}
	newTook := time.Since(newStart)
	outs, err := parseOutputs(opts.Formats)
	if err != nil {
		return err
	}
	if err := checkOutputDirs(outs); err != nil {
		return err
	}
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	// 1. The configuration: --config, else the nearest .authlint.yaml.
	start0 := "."
	if paths[0] != "-" {
		start0 = paths[0]
	}
	found, err := config.Find(start0)
	if err != nil {
		return configError(err)
	}
	cfgFile := found.File
	if opts.Config != "" {
		cfgFile = opts.Config
	}
	var cfg *config.Config
	if cfgFile != "" {
		if cfg, err = config.Load(cfgFile); err != nil {
			return configError(err)
		}
	}
	if cfg != nil && opts.Config == "" && (!opts.Live.Live || len(opts.Paths) > 0) {
		// A configuration found beside the sources came with them (a pull
		// request may carry one): the files it names obey the scan root.
		if err := confineConfig(cfg, &opts.Load, paths); err != nil {
			return err
		}
	}
	diag := diagnostics{w: opts.IO.ErrOut, verbose: opts.Verbose}

	if len(opts.PolicyDirs) > 0 {
		newStart = time.Now()
		eng, engErr = engine.New(ctx, engine.Options{PolicyDirs: opts.PolicyDirs})
		newTook = time.Since(newStart)
	}
	if engErr != nil {
		return policyError(ctx, engErr)
	}
	rules := fullCatalogue(eng)
	// 2. Flags over the file, checked against the catalogue.
	ov := config.Overrides{
		Enable: opts.Enable, Disable: opts.Disable, Baseline: opts.Baseline,
		NoInlineSuppressions: opts.NoInlineSuppressions, ParameterFiles: opts.Load.ParamFiles,
	}
	if opts.set != nil && opts.set("fail-on") {
		ov.FailOn = opts.FailOn
	}
	regOpts, err := opts.Load.registryOptions()
	if err != nil {
		return err
	}
	ov.Parameters = regOpts.Params
	settings, err := config.Resolve(cfg, ov, rules)
	if err != nil {
		if config.FlagsOnly(err) {
			return usageError("%v", err)
		}
		return configError(err)
	}
	regOpts.Params, regOpts.ParamFiles = settings.Parameters, settings.ParameterFiles
	var base *baseline.Baseline
	if settings.Baseline != "" && opts.WriteBaseline == "" {
		if base, err = baseline.Load(settings.Baseline); err != nil {
			return configError(err)
		}
	}
	// The built-in rules compile by families when the first input needs them
	// (engine.New), so this is the catalogue (and any --policy compile) only.
	diag.verbosef("read %s in %s", plural(len(eng.Rules()), "rule", "rules"), newTook.Round(time.Millisecond))

	start := time.Now()
	var res *scan.Result
	switch {
	case opts.Live.Live && len(opts.Paths) == 0:
		if res, err = scanLive(ctx, &opts.Live, opts.IO, diag, eng, opts.Load.Workers); err != nil {
			return err
		}
	default:
		// Files, or files and accounts together (--live with paths): the
		// accounts join the files' workspace, so a collection or a template
		// is checked against the app clients and pools the account has.
		var acct *scan.Result
		if opts.Live.Live {
			if acct, err = scanLive(ctx, &opts.Live, opts.IO, diag, nil, opts.Load.Workers); err != nil {
				return err
			}
		}
		root, err := opts.Load.root(paths)
		if err != nil {
			return err
		}
		diag.verbosef("scan root %s", root.Dir())
		so := scan.Options{
			Root:        root,
			Paths:       paths,
			Stdin:       opts.IO.In,
			MaxFileSize: int64(opts.Load.MaxFileSize),
			Loaders:     registry.Files(regOpts),
			Workers:     opts.Load.Workers,
			Unread:      registry.Unread(),
		}
		if acct != nil {
			so.Extra = acct.Loaded
		}
		res = scan.Files(ctx, so, eng, false)
		if acct != nil {
			res.Inputs = append(acct.Inputs, res.Inputs...)
			res.LoadErrors = append(acct.LoadErrors, res.LoadErrors...)
			res.Skipped = append(acct.Skipped, res.Skipped...)
			res.Suppressions = append(acct.Suppressions, res.Suppressions...)
		}
	}
	for _, s := range res.Skipped {
		diag.verbosef("skipped %s: %s", s.Path, s.Reason)
	}
	diag.verbosef("scanned %s in %s", plural(len(res.Inputs), "input", "inputs"), since(start))

	// Token rules are explain's: a scan never evaluates them, so its reports
	// (SARIF rule lists, JUnit passing checks) leave them out.
	rep := newReport(slices.DeleteFunc(slices.Clone(rules), func(r finding.Rule) bool { return r.IsToken() }), settings.FailOn)
	rep.Inputs = res.Inputs
	rep.Findings = res.Findings
	rep.LoadErrors = res.LoadErrors
	rep.RuleErrors = res.RuleErrors
	rep.Notices = res.Notices
	rep.Strict = opts.Strict
	inline := make([]suppress.Inline, 0, len(res.Suppressions))
	for _, s := range res.Suppressions {
		inline = append(inline, suppress.Inline{Source: s.Source, Suppression: s.Suppression})
	}
	// 3. The processors: suppressions, excludes, rule selection, severities, baseline, order.
	if err := suppress.Process(rep, suppress.Options{Root: found.Root, Settings: settings, Inline: inline, Baseline: base}); err != nil {
		return configError(err)
	}
	// 4. --write-baseline records what is reported now and accepts it.
	if opts.WriteBaseline != "" {
		b := baseline.FromFindings(rep.Findings)
		if err := b.WriteFile(opts.WriteBaseline); err != nil {
			return configError(err)
		}
		if err := suppress.ApplyBaseline(rep, b); err != nil {
			return configError(err)
		}
	}

	return deliver(ctx, opts.IO, outs, rep, diag)
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

// confineConfig refuses a found configuration that names files (parameter
// files, a baseline) outside the scan root.
func confineConfig(cfg *config.Config, load *loadFlags, paths []string) error {
	root, err := load.root(paths)
	if err != nil {
		return err
	}
	var errs []error
	check := func(key, path string) {
		if err := root.Check(path, path); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", cfg.File, key, err))
		}
	}
	for _, f := range cfg.CloudFormation.ParameterFiles {
		check("cloudformation.parameter-files", f)
	}
	if cfg.Baseline != "" {
		check("baseline", cfg.Baseline)
	}
	if len(errs) > 0 {
		return configError(errors.Join(errs...))
	}
	return nil
}
