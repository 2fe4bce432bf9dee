// Command benchfloor reads and YAML-parses the files under its arguments the
// way a scan does, and nothing more (package parsefloor). It is a plain Go
// program, with the runtime's default settings: `make bench-conftest` times
// it beside `authlint scan` and conftest, a fresh process per run, for the
// ratio of a scan to parsing alone.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/authlint/authlint/internal/parsefloor"
)

func main() {
	n, err := parsefloor.Parse(context.Background(), os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchfloor:", err)
		os.Exit(1)
	}
	fmt.Printf("parsed %d files\n", n)
}
