// Package corpustest locates the shared real-world corpus (../shared/corpus
// beside the repository, or $AUTHLINT_CORPUS) for tests and benchmarks, which skip cleanly where
// it is absent. It is imported by tests only.
package corpustest
