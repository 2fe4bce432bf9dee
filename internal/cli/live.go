package cli

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader"
	"github.com/authlint/authlint/loader/live"
)

// liveFlags are the flags of `scan --live` and `export --live`.
type liveFlags struct {
	Live        bool
	Regions     []string
	AllRegions  bool
	Profile     string
	RoleARNs    []string
	ExternalID  string
	APIIDs      []string
	EndpointURL string
	Shard       string
	Concurrency int
}

// liveOnly are the flags that mean something with --live only.
var liveOnly = []string{"region", "all-regions", "profile", "role-arn", "external-id", "api-id", "endpoint-url", "shard", "concurrency"}

// fileOnly are the flags that mean something for files only.
var fileOnly = []string{"param", "param-file", "max-file-size"}

func (l *liveFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&l.Live, "live", false, "scan running AWS accounts instead of files (see docs/live-scanning.md)")
	fs.StringArrayVar(&l.Regions, "region", nil, "with --live: `REGION` to scan (repeatable or comma-separated; default: the profile's or AWS_REGION)")
	fs.BoolVar(&l.AllRegions, "all-regions", false, "with --live: scan every region of the partition (regions not enabled for an account are skipped)")
	fs.StringVar(&l.Profile, "profile", "", "with --live: AWS shared-config `PROFILE` (default: the SDK's credential chain, AWS_PROFILE)")
	fs.StringArrayVar(&l.RoleARNs, "role-arn", nil, "with --live: IAM role `ARN` to assume, one per account to scan (repeatable)")
	fs.StringVar(&l.ExternalID, "external-id", "", "with --live: external `ID` passed to every --role-arn")
	fs.StringArrayVar(&l.APIIDs, "api-id", nil, "with --live: scan only this REST or HTTP API `ID` (repeatable or comma-separated)")
	fs.StringVar(&l.EndpointURL, "endpoint-url", "", "with --live: send every AWS call to `URL` (an emulator; AWS_ENDPOINT_URL works too)")
	fs.StringVar(&l.Shard, "shard", "", "with --live: scan part `INDEX/COUNT` of the accounts × regions (0-based; combine the shards' JSON reports with authlint merge)")
	fs.IntVar(&l.Concurrency, "concurrency", live.DefaultConcurrency, "with --live: read at most `N` accounts × regions, and REST APIs of each, at once")
}

// check rejects flag combinations that cannot mean what the user wants: live
// flags without --live, paths or file flags with it. set reports whether a
// flag was given.
//
// With withFiles, --live may come with paths: the accounts and the files are
// scanned as one workspace (scan only), and the file flags apply to the files.
func (l *liveFlags) check(set func(string) bool, paths []string, withFiles bool) error {
	if set == nil {
		set = func(string) bool { return false }
	}
	if !l.Live {
		for _, name := range liveOnly {
			if set(name) {
				return usageError("--%s needs --live", name)
			}
		}
		return nil
	}
	if len(paths) > 0 && !withFiles {
		return usageError("--live reads AWS accounts, not files: drop %s, or scan files in a separate run", strings.Join(paths, " "))
	}
	for _, name := range fileOnly {
		if set(name) && len(paths) == 0 {
			return usageError("--%s applies to files; it cannot be used with --live", name)
		}
	}
	if l.Concurrency < 1 {
		return usageError("--concurrency %d: want 1 or more", l.Concurrency)
	}
	return nil
}

// options turns the flags into the live loader's options. The progress bar
// goes to standard error only when it is a terminal, the run is not in CI and
// -v is not writing log lines there.
func (l *liveFlags) options(streams *IOStreams, verbose bool) (live.Options, error) {
	opts := live.Options{
		Profile:     l.Profile,
		Regions:     splitCommas(l.Regions),
		AllRegions:  l.AllRegions,
		RoleARNs:    l.RoleARNs,
		ExternalID:  l.ExternalID,
		APIIDs:      splitCommas(l.APIIDs),
		EndpointURL: strings.TrimSpace(l.EndpointURL),
		Concurrency: l.Concurrency,
	}
	if l.Shard != "" {
		sh, err := live.ParseShard(l.Shard)
		if err != nil {
			return live.Options{}, usageError("--shard: %v", err)
		}
		opts.Shard = sh
	}
	if verbose {
		opts.Logger = slog.New(slog.NewTextHandler(streams.ErrOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	} else if f, ok := streams.ErrOut.(*os.File); ok && os.Getenv("CI") == "" {
		opts.Progress = live.ProgressWriter(f)
	}
	return opts, nil
}

// splitCommas flattens repeated and comma-separated values.
func splitCommas(vals []string) []string {
	var out []string
	for _, v := range vals {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// scanLive reads the accounts and regions the flags name, and evaluates each
// account-region inventory with eng (nil: read only, for export). What could
// not be read is in the result's load errors, named live:ACCOUNT/REGION…;
// the error is for what stops the scan before it starts.
func scanLive(ctx context.Context, l *liveFlags, streams *IOStreams, diag diagnostics, eng *engine.Engine, workers int) (*scan.Result, error) {
	opts, err := l.options(streams, diag.verbose)
	if err != nil {
		return nil, err
	}
	res, err := live.Scan(ctx, opts)
	if res == nil {
		if ctx.Err() != nil {
			return nil, interrupted(ctx)
		}
		// Invalid values, no region, an AWS configuration that does not load:
		// nothing was read. Several invalid values come joined; each gets a
		// line of its own, like every other message.
		var j interface{ Unwrap() []error }
		if errors.As(err, &j) {
			msgs := make([]string, 0, len(j.Unwrap()))
			for _, e := range j.Unwrap() {
				msgs = append(msgs, e.Error())
			}
			err = errors.New(strings.Join(msgs, "\nauthlint: "))
		}
		return nil, configError(err)
	}
	// With a result, err only says the scan was interrupted; the caller ends
	// the run with exit 3 after reporting what was read.
	out := &scan.Result{LoadErrors: res.LoadErrors}
	for _, inv := range res.Inventories {
		ld := scan.Loaded{Source: scan.SourceName(inv, ""), Kind: model.KindLive, Inventory: inv}
		out.Loaded = append(out.Loaded, ld)
		out.Inputs = append(out.Inputs, finding.Input{Name: ld.Source, Kind: ld.Kind, Resources: engine.Resources(inv)})
		for _, sup := range inv.Suppressions {
			out.Suppressions = append(out.Suppressions, scan.Suppression{Source: ld.Source, Suppression: sup})
		}
	}
	for _, s := range res.Skipped {
		out.Skipped = append(out.Skipped, loader.Skip{Path: s.Target.Name(), Reason: s.Reason})
	}
	diag.verbosef("read %s of %s with %s (%d throttled, %d timed out)",
		plural(len(res.Inventories), "account-region", "account-regions"), plural(len(res.Targets), "target", "targets"),
		plural(res.Stats.Total(), "AWS call", "AWS calls"), res.Stats.Throttled, res.Stats.TimedOut)
	if eng != nil {
		out.Findings, out.RuleErrors = scan.Evaluate(ctx, eng, out.Loaded, workers)
	}
	return out, nil
}
