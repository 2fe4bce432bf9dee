// Package baseline reads and writes baseline files: the fingerprints of the
// findings a project has accepted for now, so that a scan reports only new
// ones. Matching is by fingerprint, which does not change when unrelated
// lines move.
package baseline
