package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Release builds (.goreleaser.yaml, Dockerfile) set these with
//
//	-ldflags "-X github.com/authlint/authlint/internal/cli.version=v1.2.3
//	  -X github.com/authlint/authlint/internal/cli.commit=<full sha>
//	  -X github.com/authlint/authlint/internal/cli.date=<RFC 3339>"
//
// They are written by the linker only, never at run time.
var (
	version = ""
	commit  = ""
	date    = ""
)

// versionInfo describes the running binary.
type versionInfo struct {
	Version string
	Commit  string
	// Date is when the commit was made (vcs.time) or the release built.
	Date      string
	Modified  bool
	GoVersion string
	Platform  string
}

// buildVersion reads the version from the linker flags, else from the build
// information Go records (module version for `go install …@vX`, VCS revision
// for builds inside a clone).
func buildVersion() versionInfo {
	v := versionInfo{Version: version, Commit: commit, Date: date, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.Commit == "" {
					v.Commit = s.Value
				}
			case "vcs.time":
				if v.Date == "" {
					v.Date = s.Value
				}
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if v.Version == "" {
		v.Version = "dev"
	}
	if len(v.Commit) > 12 {
		v.Commit = v.Commit[:12]
	}
	return v
}

// NewCmdVersion builds `authlint version`.
func NewCmdVersion(streams *IOStreams, runF func(context.Context, *IOStreams) error) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, date and Go version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), streams)
			}
			return runVersion(streams)
		},
	}
}

func runVersion(streams *IOStreams) error {
	v := buildVersion()
	commit := v.Commit
	if commit == "" {
		commit = "unknown"
	} else if v.Modified {
		commit += " (modified)"
	}
	built := v.Date
	if built == "" {
		built = "unknown"
	}
	if _, err := fmt.Fprintf(streams.Out, "authlint %s\ncommit: %s\ndate: %s\ngo: %s %s\n", v.Version, commit, built, v.GoVersion, v.Platform); err != nil {
		return fmt.Errorf("writing the version: %w", err)
	}
	return nil
}
