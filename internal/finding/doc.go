// Package finding is the vocabulary shared by the engine, the post-evaluation
// processors and the reporters: rules of the catalogue, severities, findings
// with their location and resource, load errors, and the report with its exit
// code. It knows nothing about where findings come from or how they are printed.
package finding
