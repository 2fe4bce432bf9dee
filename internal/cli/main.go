package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/authlint/authlint/internal/escape"
	"github.com/authlint/authlint/internal/finding"
)

// IOStreams are the process's standard streams, injected so commands run
// in-process under tests.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// ColorOut allows ANSI colours on Out: set from --color (auto: Out is a
	// terminal and NO_COLOR is unset) before a command runs.
	ColorOut bool
	// Getenv reads the environment (NO_COLOR, TERM); os.Getenv unless a test
	// sets it.
	Getenv func(string) string
}

// Main runs the command line and returns the process exit code:
//
//	0  nothing at or above --fail-on
//	1  findings at or above --fail-on
//	2  usage or configuration error
//	3  some input could not be loaded (or a rule failed to evaluate)
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	streams := &IOStreams{In: stdin, Out: stdout, ErrOut: stderr, Getenv: os.Getenv}
	root := NewCmdRoot(streams) //nolint:contextcheck // ctx reaches the commands through ExecuteContextC and cmd.Context()
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return exitCode(streams.ErrOut, cmd, err)
}

// exitError ends a command with a given exit code. A nil err means everything
// worth saying has been written already.
type exitError struct {
	code int
	err  error
	// hint adds "Run '… --help' for usage." after the message.
	hint bool
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withCode ends the command with code, quietly when err is nil.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// usageError is a mistake on the command line (exit 2, with the usage hint).
func usageError(format string, args ...any) error {
	return &exitError{code: finding.ExitUsage, err: fmt.Errorf(format, args...), hint: true}
}

// configError is a configuration the run cannot work with: a policy that does
// not compile, an output file that cannot be written (exit 2, no usage hint).
func configError(err error) error { return &exitError{code: finding.ExitUsage, err: err} }

// exitCode is the one place that turns a command's outcome into an exit code.
// Errors that carry no code are cobra's own usage errors (unknown command or
// flag, wrong number of arguments): exit 2 with the usage hint.
func exitCode(stderr io.Writer, cmd *cobra.Command, err error) int {
	if err == nil {
		return finding.ExitOK
	}
	code, hint := finding.ExitUsage, true
	if ee, ok := errors.AsType[*exitError](err); ok {
		if ee.err == nil {
			return ee.code
		}
		code, hint = ee.code, ee.hint
	} else if errors.Is(err, context.Canceled) {
		// Interrupted: what was not read cannot be vouched for.
		code, hint = finding.ExitLoad, false
	}
	fmt.Fprintf(stderr, "authlint: %s\n", escape.Lines(err.Error()))
	if hint && cmd != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}

// useColor decides --color: always and never as they say; auto colours only
// a terminal, and not when the user opted out with NO_COLOR
// (https://no-color.org) or TERM=dumb. An explicit --color always wins over
// NO_COLOR, as the convention allows.
func useColor(mode string, w io.Writer, getenv func(string) string) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
	default:
		return false, usageError("unknown --color %q (want auto, always or never)", mode)
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false, nil
	}
	return isTerminal(w), nil
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
