// Package parsefloor reads and YAML-parses files the way a scan does and
// nothing more: the floor a scan cannot go below, which the benchmarks
// (BenchmarkParseOnly, and internal/benchfloor for a fresh process per run)
// compare a scan with.
package parsefloor
