// Package merge combines JSON reports written by `authlint … --format json`
// into one finding.Report, so the shards of a live scan (or any set of runs)
// can be reported together in any format. Findings are deduplicated by rule
// and fingerprint; inputs, load errors and rule errors are united. It reads
// reports only: it knows nothing of loaders, the engine or output formats.
package merge
