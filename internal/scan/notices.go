package scan

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/authlint/authlint/internal/finding"
	"github.com/authlint/authlint/loader"
)

// notices turns what a scan recognized but could not read, and what loaders
// read with a caveat, into notices, and
// adds one when the scan read no input at all, saying what was passed over,
// so that a run never reports "no findings" silently for nothing read.
func notices(res *Result) []finding.Notice {
	out := slices.Clone(res.readNotes)
	for _, s := range res.Skipped {
		if s.Kind != "" {
			out = append(out, finding.Notice{Input: s.Path, Kind: s.Kind, Message: s.Reason})
		}
	}
	if len(res.Inputs) == 0 {
		out = append(out, finding.Notice{Kind: finding.NoticeNoInputs, Message: nothingRead(res)})
	}
	return out
}

// nothingRead explains an empty scan: the skipped files by reason, the load
// errors, or that the paths held no file a walk considers.
func nothingRead(res *Result) string {
	byReason := map[string]int{}
	for _, s := range res.Skipped {
		byReason[skipLabel(s)]++
	}
	var parts []string
	for _, r := range slices.SortedFunc(maps.Keys(byReason), func(a, b string) int {
		return cmp.Or(cmp.Compare(byReason[b], byReason[a]), strings.Compare(a, b))
	}) {
		parts = append(parts, fmt.Sprintf("%d %s", byReason[r], r))
	}
	if n := len(res.LoadErrors); n > 0 {
		parts = append(parts, fmt.Sprintf("%d could not be loaded", n))
	}
	if len(parts) == 0 {
		return "no input was read: the paths hold no file authlint reads (*.yaml, *.yml, *.json, *.template, or extension-less files in folders)"
	}
	return "no input was read: " + strings.Join(parts, ", ") + " (-v lists the skipped files)"
}

// skipLabel groups skips by kind: the recognized-but-unread kind, else the
// reason without its details.
func skipLabel(s loader.Skip) string {
	if s.Kind != "" {
		return s.Kind + " (see the notes)"
	}
	r := s.Reason
	if i := strings.IndexAny(r, "(:"); i > 0 {
		r = r[:i]
	}
	return strings.TrimSpace(r)
}
