// Package parsefloor reads and parses files and does nothing more: the floor a
// scan cannot go below, which the benchmarks (BenchmarkParseOnly, and
// internal/benchfloor for a fresh process per run) compare a scan with. Two
// floors: a scan's own parsing (Own), and plain go-yaml parsing of every file
// (Plain).
package parsefloor
