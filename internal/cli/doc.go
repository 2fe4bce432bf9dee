// Package cli is authlint's command line: the cobra commands (scan, rules,
// export, merge, version), their flags, and the only code that touches standard
// input, standard output, standard error and the environment.
//
// Each command follows the same pattern: an options struct, NewCmdX(streams,
// runF) that binds flags into it (tests inject runF to check flag parsing
// alone), and runX(ctx, opts) that does the work by calling the loaders, the
// engine, the post-evaluation processors and the reporters. Main maps the
// outcome to the exit code of DESIGN §5 in one place; only cmd/authlint calls
// os.Exit.
package cli
