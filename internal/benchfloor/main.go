// Command benchfloor reads and parses the files under its arguments, and
// does nothing more (package parsefloor): the way a scan parses, or with
// -plain, with go-yaml into a node tree, JSON files too. It is a plain Go
// program, with the runtime's default settings: `make bench-conftest` times
// it beside `authlint scan` and conftest, a fresh process per run, for the
// ratio of a scan to parsing alone.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/authlint/authlint/internal/parsefloor"
)

func main() {
	plain := flag.Bool("plain", false, "parse every file with go-yaml into a node tree, instead of the way a scan does")
	flag.Parse()
	parse := parsefloor.Own
	if *plain {
		parse = parsefloor.Plain
	}
	n, err := parsefloor.Parse(context.Background(), flag.Args(), parse)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchfloor:", err)
		os.Exit(1)
	}
	fmt.Printf("parsed %d files\n", n)
}
