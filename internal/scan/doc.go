// Package scan runs the pipeline for file inputs: expand paths, read and detect
// each file, load it into an inventory, evaluate the policies, and collect
// findings, load errors and rule errors. Work runs on a bounded pool of
// goroutines; results come back in a deterministic order. It does not apply
// suppressions or print anything.
package scan
