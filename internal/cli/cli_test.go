package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/authlint/authlint/internal/finding"
)

func testStreams() (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}, &out, &errOut
}

// TestScanFlags checks flag parsing alone: runF replaces the scan.
func TestScanFlags(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		check   func(*ScanOptions) error
		wantErr string
	}{
		{
			args: []string{},
			check: func(o *ScanOptions) error {
				if len(o.Paths) != 0 || o.FailOn != "error" || len(o.Formats) != 0 || o.Verbose || o.Load.MaxFileSize != 32<<20 {
					return fmt.Errorf("defaults: %+v", o)
				}
				return nil
			},
		},
		{
			args: []string{"a.yaml", "-", "dir", "--format", "text", "-f", "json=out.json", "--fail-on", "note", "-v"},
			check: func(o *ScanOptions) error {
				if !slices.Equal(o.Paths, []string{"a.yaml", "-", "dir"}) || !slices.Equal(o.Formats, []string{"text", "json=out.json"}) || o.FailOn != "note" || !o.Verbose {
					return fmt.Errorf("got %+v", o)
				}
				return nil
			},
		},
		{
			args: []string{"--enable", "AZ001,AZ002", "--enable", "SC001", "--disable", "x", "--policy", "p1", "--policy", "p2"},
			check: func(o *ScanOptions) error {
				if !slices.Equal(o.Enable, []string{"AZ001,AZ002", "SC001"}) || !slices.Equal(o.Disable, []string{"x"}) || !slices.Equal(o.PolicyDirs, []string{"p1", "p2"}) {
					return fmt.Errorf("got %+v", o)
				}
				return nil
			},
		},
		{
			args: []string{"--param", "Stage=prod", "--param", "Pool=a=b", "--param-file", "params.json", "--max-file-size", "1MiB", "--workers", "3"},
			check: func(o *ScanOptions) error {
				if o.Load.MaxFileSize != 1<<20 || o.Load.Workers != 3 || !slices.Equal(o.Load.ParamFiles, []string{"params.json"}) {
					return fmt.Errorf("got %+v", o.Load)
				}
				ro, err := o.Load.registryOptions()
				if err != nil {
					return err
				}
				if ro.Params["Stage"] != "prod" || ro.Params["Pool"] != "a=b" {
					return fmt.Errorf("params %v", ro.Params)
				}
				return nil
			},
		},
		{args: []string{"--max-file-size", "-1"}, wantErr: "not a size"},
		{args: []string{"--bogus"}, wantErr: "unknown flag"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			streams, _, _ := testStreams()
			var got *ScanOptions
			cmd := NewCmdScan(streams, func(_ context.Context, o *ScanOptions) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.check(got); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParseOutputs(t *testing.T) {
	for _, tc := range []struct {
		specs   []string
		want    []output
		wantErr string
	}{
		{specs: nil, want: []output{{format: "text"}}},
		{specs: []string{"JSON"}, want: []output{{format: "json"}}},
		{specs: []string{"text", "json=r.json"}, want: []output{{format: "text"}, {format: "json", path: "r.json"}}},
		{specs: []string{"json=-"}, want: []output{{format: "json"}}},
		{specs: []string{"text=a", "json=./a"}, wantErr: "both write to ./a"},
		{specs: []string{"text", "json"}, wantErr: "both write to standard output"},
		{specs: []string{"xml"}, wantErr: `unknown --format "xml"`},
		{specs: []string{"=x"}, wantErr: `unknown --format ""`},
	} {
		t.Run(strings.Join(tc.specs, ","), func(t *testing.T) {
			got, err := parseOutputs(tc.specs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if code := exitCode(&bytes.Buffer{}, nil, err); code != finding.ExitUsage {
					t.Errorf("exit code %d, want 2", code)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		want       int
		wantStderr string
	}{
		{"ok", nil, 0, ""},
		{"findings", withCode(finding.ExitFindings, nil), 1, ""},
		{"load errors", withCode(finding.ExitLoad, nil), 3, ""},
		{"cobra usage", errors.New(`unknown flag: --x`), 2, "authlint: unknown flag: --x\nRun 'authlint --help' for usage.\n"},
		{"usage", usageError("bad %s", "thing"), 2, "authlint: bad thing\nRun 'authlint --help' for usage.\n"},
		{"config", configError(errors.New("policy broken")), 2, "authlint: policy broken\n"},
		{"interrupted", fmt.Errorf("scan: %w", context.Canceled), 3, "authlint: scan: context canceled\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			got := exitCode(&stderr, NewCmdRoot(&IOStreams{}), tc.err)
			if got != tc.want || stderr.String() != tc.wantStderr {
				t.Errorf("exitCode = %d, stderr %q; want %d, %q", got, stderr.String(), tc.want, tc.wantStderr)
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		str  string
	}{
		{"1048576", 1 << 20, "1MiB"},
		{"64MiB", 64 << 20, "64MiB"},
		{"500kb", 500_000, "500000"},
		{"2 GiB", 2 << 30, "2GiB"},
		{"10k", 10 << 10, "10KiB"},
		{"100", 100, "100"},
		{"7b", 7, "7"},
	} {
		var b byteSize
		if err := b.Set(tc.in); err != nil {
			t.Errorf("Set(%q): %v", tc.in, err)
			continue
		}
		if int64(b) != tc.want || b.String() != tc.str {
			t.Errorf("Set(%q) = %d (%s), want %d (%s)", tc.in, int64(b), b.String(), tc.want, tc.str)
		}
	}
	for _, bad := range []string{"", "0", "-5", "MiB", "1.5MiB", "12XB", "99999999999GiB"} {
		var b byteSize
		if err := b.Set(bad); err == nil {
			t.Errorf("Set(%q) = %d, want an error", bad, int64(b))
		}
	}
}
