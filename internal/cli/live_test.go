package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/loader/live"
)

// TestLiveFlags checks the parsing and the checks of the live flags, on scan
// and export, without calling AWS.
func TestLiveFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		check   func(*liveFlags) error
		wantErr string
		// only names the one command the case is for (both when empty).
		only string
	}{
		{args: []string{"--live"}, check: func(l *liveFlags) error {
			if !l.Live || l.Concurrency != live.DefaultConcurrency || len(l.Regions) != 0 {
				return fmt.Errorf("defaults: %+v", l)
			}
			return nil
		}},
		{
			args: []string{"--live", "--region", "us-east-1", "--region", "eu-west-1, eu-central-1", "--role-arn", "arn:aws:iam::111111111111:role/a,b",
				"--external-id", "x", "--api-id", "a1,b2", "--profile", "p", "--endpoint-url", "http://localhost:4566", "--shard", "1/3", "--concurrency", "2"},
			check: func(l *liveFlags) error {
				o, err := l.options(&IOStreams{ErrOut: &bytes.Buffer{}}, false)
				if err != nil {
					return err
				}
				if !slices.Equal(o.Regions, []string{"us-east-1", "eu-west-1", "eu-central-1"}) ||
					// Role names may hold commas: the values are taken whole.
					!slices.Equal(o.RoleARNs, []string{"arn:aws:iam::111111111111:role/a,b"}) ||
					!slices.Equal(o.APIIDs, []string{"a1", "b2"}) || o.ExternalID != "x" || o.Profile != "p" ||
					o.EndpointURL != "http://localhost:4566" || o.Shard != (live.Shard{Index: 1, Count: 3}) || o.Concurrency != 2 {
					return fmt.Errorf("options %+v", o)
				}
				if o.Progress != nil || o.Logger != nil {
					return fmt.Errorf("a progress bar or a logger on a buffer: %+v", o)
				}
				return nil
			},
		},
		{args: []string{"--live", "-v", "--region", "us-east-1"}, check: func(l *liveFlags) error {
			var buf bytes.Buffer
			o, err := l.options(&IOStreams{ErrOut: &buf}, true)
			if err != nil {
				return err
			}
			if o.Logger == nil {
				return errors.New("no logger with -v")
			}
			o.Logger.Info("hello")
			if !strings.Contains(buf.String(), "msg=hello") {
				return fmt.Errorf("the logger writes %q", buf.String())
			}
			return nil
		}},
		{args: []string{"--live", "--shard", "3/3"}, check: func(l *liveFlags) error {
			_, err := l.options(&IOStreams{ErrOut: &bytes.Buffer{}}, false)
			if err == nil {
				return errors.New("--shard 3/3 accepted")
			}
			if !strings.Contains(err.Error(), "--shard: shard 3/3") {
				return fmt.Errorf("err = %w", err)
			}
			return nil
		}},
		{args: []string{"--region", "us-east-1"}, wantErr: "--region needs --live"},
		{args: []string{"--all-regions"}, wantErr: "--all-regions needs --live"},
		{args: []string{"--concurrency", "3"}, wantErr: "--concurrency needs --live"},
		{args: []string{"--endpoint-url", "http://x"}, wantErr: "--endpoint-url needs --live"},
		{args: []string{"--live", "a.yaml"}, wantErr: "--live reads AWS accounts, not files: drop a.yaml", only: "export"},
		// scan reads accounts and files together, and the file flags then apply.
		{args: []string{"--live", "--param-file", "p.json", "a.yaml"}, only: "scan", check: func(l *liveFlags) error {
			if !l.Live {
				return errors.New("--live lost")
			}
			return nil
		}},
		{args: []string{"--live", "--param-file", "p.json"}, wantErr: "--param-file applies to files"},
		{args: []string{"--live", "--max-file-size", "1MiB"}, wantErr: "--max-file-size applies to files"},
		{args: []string{"--live", "--concurrency", "-1"}, wantErr: "--concurrency -1: want 1 or more"},
	} {
		for _, command := range []string{"scan", "export"} {
			if tc.only != "" && tc.only != command {
				continue
			}
			t.Run(command+" "+strings.Join(tc.args, " "), func(t *testing.T) {
				streams, _, _ := testStreams()
				var got *liveFlags
				var cmd interface {
					SetArgs([]string)
					Execute() error
				}
				switch command {
				case "scan":
					c := NewCmdScan(streams, func(_ context.Context, o *ScanOptions) error { got = &o.Live; return nil })
					c.SetOut(&bytes.Buffer{})
					c.SetErr(&bytes.Buffer{})
					cmd = c
				default:
					c := NewCmdExport(streams, func(_ context.Context, o *ExportOptions) error { got = &o.Live; return nil })
					c.SetOut(&bytes.Buffer{})
					c.SetErr(&bytes.Buffer{})
					cmd = c
				}
				cmd.SetArgs(tc.args)
				runErr := cmd.Execute()
				if tc.wantErr != "" {
					if runErr == nil || !strings.Contains(runErr.Error(), tc.wantErr) {
						t.Fatalf("err = %v, want %q", runErr, tc.wantErr)
					}
					if code := exitCode(&bytes.Buffer{}, nil, runErr); code != finding.ExitUsage {
						t.Errorf("exit code %d, want 2", code)
					}
					return
				}
				if runErr != nil {
					t.Fatal(runErr)
				}
				if err := tc.check(got); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// TestProgressOnlyOnTerminal: a regular file is not a terminal, so no bar.
func TestProgressOnlyOnTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l := liveFlags{Live: true, Concurrency: 1}
	o, err := l.options(&IOStreams{ErrOut: f}, false)
	if err != nil || o.Progress != nil {
		t.Errorf("progress %v, err %v; want none on a file", o.Progress, err)
	}
}
