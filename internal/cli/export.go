package cli

import (
	"cmp"
	"context"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/registry"
)

// ExportOptions are the inputs of `authlint export`.
type ExportOptions struct {
	IO *IOStreams
	// Paths are files and folders; "-" is standard input.
	Paths []string
	// Output is the file to write; empty (or "-") is standard output.
	Output  string
	Verbose bool
	Load    loadFlags
	// Live exports AWS accounts instead of files (--live and its flags).
	Live liveFlags

	set func(name string) bool
}

// NewCmdExport builds `authlint export`.
func NewCmdExport(streams *IOStreams, runF func(context.Context, *ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{IO: streams}
	cmd := &cobra.Command{
		Use:   "export SOURCE...",
		Short: "Write the normalized model of the inputs as JSON",
		Long: `Load the inputs without evaluating any rule and write the normalized model
authlint checks, as one JSON document (format "authlint-inventories"). The
document is an input of its own: "authlint scan exported.json" checks it again,
which serves offline scans of live accounts and bug reports.

With --live, the sources are running AWS accounts, read as "authlint scan
--live" reads them (the same flags), one inventory per account and region,
named live:ACCOUNT/REGION; scanning the export later finds what the live scan
finds, without AWS access.

Inputs that cannot be loaded (files, or accounts, regions and APIs that cannot
be read) are reported on standard error and the exit code is 3; the others are
still exported.`,
		Example: `  authlint export template.yaml > model.json
  authlint export -o model.json infra/ && authlint scan model.json
  authlint export --live --region eu-west-1 -o inventory.json && authlint scan inventory.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.set = cmd.Flags().Changed
			if err := opts.Live.check(opts.set, args, false); err != nil {
				return err
			}
			// Checked here rather than with cobra.MinimumNArgs so that sources
			// other than paths can stand in for them.
			if len(args) == 0 && !opts.Live.Live {
				return usageError("export needs at least one SOURCE (a file, a folder or - for standard input), or --live")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runExport(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write to `FILE` instead of standard output")
	cmd.Flags().BoolVarP(&opts.Verbose, "verbose", "v", false, "list skipped files on standard error")
	opts.Load.register(cmd.Flags())
	opts.Live.register(cmd.Flags())
	return cmd
}

func runExport(ctx context.Context, opts *ExportOptions) error {
	regOpts, err := opts.Load.registryOptions()
	if err != nil {
		return err
	}
	out := strings.TrimSpace(opts.Output)
	if out == "-" {
		out = ""
	}
	if out != "" {
		if err := checkOutputDirs([]output{{format: "export", path: out}}); err != nil {
			return err
		}
	}
	diag := diagnostics{w: opts.IO.ErrOut, verbose: opts.Verbose}
	var res *scan.Result
	if opts.Live.Live {
		if res, err = scanLive(ctx, &opts.Live, opts.IO, diag, nil, 0); err != nil {
			return err
		}
	} else {
		root, err := opts.Load.root(opts.Paths)
		if err != nil {
			return err
		}
		diag.verbosef("scan root %s", root.Dir())
		res = scan.Files(ctx, scan.Options{
			Root:        root,
			Paths:       opts.Paths,
			Stdin:       opts.IO.In,
			MaxFileSize: int64(opts.Load.MaxFileSize),
			Loaders:     registry.Files(regOpts),
			Workers:     opts.Load.Workers,
		}, nil, true)
	}
	for _, s := range res.Skipped {
		diag.verbosef("skipped %s: %s", s.Path, s.Reason)
	}

	doc := model.Export{Format: model.ExportFormat, SchemaVersion: model.SchemaVersion, Inventories: []model.ExportedInput{}}
	loaded := slices.Clone(res.Loaded)
	slices.SortStableFunc(loaded, func(a, b scan.Loaded) int { return cmp.Compare(a.Source, b.Source) })
	for _, ld := range loaded {
		model.Normalize(ld.Inventory)
		doc.Inventories = append(doc.Inventories, model.ExportedInput{Source: ld.Source, Kind: ld.Kind, Inventory: *ld.Inventory})
	}
	write := func(w io.Writer) error { return writeJSON(w, doc) }
	if out == "" {
		err = write(opts.IO.Out)
	} else {
		err = writeFile(out, write)
	}
	if err != nil {
		return configError(err)
	}
	rep := &finding.Report{LoadErrors: res.LoadErrors}
	rep.Normalize()
	diag.problems(rep)
	diag.verbosef("exported %s", plural(len(doc.Inventories), "inventory", "inventories"))
	if ctx.Err() != nil {
		return interrupted(ctx)
	}
	if len(rep.LoadErrors) > 0 {
		return withCode(finding.ExitLoad, nil)
	}
	return nil
}
