package reporters

import (
	"slices"
	"strings"

	"github.com/authlint/authlint/reporters/codequality"
	"github.com/authlint/authlint/reporters/github"
	"github.com/authlint/authlint/reporters/json"
	"github.com/authlint/authlint/reporters/junit"
	"github.com/authlint/authlint/reporters/markdown"
	"github.com/authlint/authlint/reporters/sarif"
	"github.com/authlint/authlint/reporters/text"
)

// Options tune reporters for the destination they write to.
type Options struct {
	// Color allows ANSI colours; the CLI sets it only for a terminal with
	// NO_COLOR unset. Formats that are not meant for terminals ignore it.
	Color bool
}

// All returns every output format, in the order help texts list them. Adding a
// format means adding it here.
func All(opts Options) []Reporter {
	return []Reporter{
		text.New(text.Options{Color: opts.Color}),
		json.New(),
		sarif.New(sarif.Options{RuleDocURL: sarif.DocURL("https://github.com/authlint/authlint")}),
		junit.New(),
		codequality.New(),
		github.New(),
		markdown.New(markdown.Options{}),
	}
}

// Names lists the --format names.
func Names() []string {
	all := All(Options{})
	names := make([]string, 0, len(all))
	for _, r := range all {
		names = append(names, r.Name())
	}
	return names
}

// Lookup returns the reporter for a --format name (case-insensitive).
func Lookup(name string, opts Options) (Reporter, bool) {
	all := All(opts)
	i := slices.IndexFunc(all, func(r Reporter) bool { return strings.EqualFold(r.Name(), name) })
	if i < 0 {
		return nil, false
	}
	return all[i], true
}
