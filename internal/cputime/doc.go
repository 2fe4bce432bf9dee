// Package cputime reads the CPU time the process has used, for benchmarks
// that report it beside wall time: on a shared machine wall time swings with
// the other load, while CPU time is what the work itself costs.
package cputime
