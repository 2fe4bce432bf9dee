// Package snapshot reads inventories written by `authlint export` back, so a
// live scan can be re-scanned offline, attached to a bug report, or used as a
// test fixture. Locations keep pointing at the original files or ARNs.
package snapshot
