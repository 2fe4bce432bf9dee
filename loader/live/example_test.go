package live_test

import (
	"context"
	"fmt"
	"os"

	"github.com/authlint/authlint/internal/engine"
	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/internal/model"
	"github.com/authlint/authlint/internal/scan"
	"github.com/authlint/authlint/loader/live"
)

// ExampleScan is what `authlint scan --live` does with the library: scan,
// evaluate each account-region inventory, and report what could not be read
// with the findings (exit code 3 when anything could not be).
func ExampleScan() {
	ctx := context.Background()
	shard, err := live.ParseShard("0/1") // --shard
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // a usage error: exit 2
		return
	}
	res, err := live.Scan(ctx, live.Options{
		Regions:  []string{"us-east-1", "eu-west-1"}, // --region, repeatable
		Shard:    shard,
		Progress: live.ProgressWriter(os.Stderr), // a bar only on a terminal
	})
	if res == nil {
		fmt.Fprintln(os.Stderr, err) // nothing could start: exit 2
		return
	}
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	loaded := make([]scan.Loaded, 0, len(res.Inventories))
	for _, inv := range res.Inventories {
		loaded = append(loaded, scan.Loaded{Source: scan.SourceName(inv, ""), Kind: model.KindLive, Inventory: inv})
	}
	findings, ruleErrs := scan.Evaluate(ctx, eng, loaded, 0)
	report := &finding.Report{Rules: eng.Rules(), Findings: findings, LoadErrors: res.LoadErrors, RuleErrors: ruleErrs, FailOn: finding.FailOn(finding.Error)}
	for _, t := range res.Targets {
		report.Inputs = append(report.Inputs, finding.Input{Name: t.Name(), Kind: model.KindLive})
	}
	report.Normalize()
	fmt.Println(report.Summary().Findings, report.ExitCode())
}
