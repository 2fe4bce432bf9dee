// Package parallel runs numbered pieces of work on a bounded number of
// goroutines: the scan's inputs and the engine's stored rule families share
// it.
package parallel
