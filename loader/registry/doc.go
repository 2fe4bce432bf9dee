// Package registry is the one explicit list of file loaders, in detection
// order. Adding a loader means adding it here; nothing registers itself.
package registry
