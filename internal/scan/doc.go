// Package scan runs the pipeline for file inputs: expand paths, read and detect
// each file, load it into an inventory, link the inventories of the scan to
// each other (internal/workspace), evaluate the policies, and collect
// findings, load errors and rule errors. Loading and evaluation each run on a
// bounded pool of goroutines; the link step sees every inventory at once, in
// input order, so results come back in a deterministic order. It does not
// apply suppressions or print anything.
package scan
