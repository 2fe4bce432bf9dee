// Package synth generates large, realistic API Gateway documents of a chosen
// size — CloudFormation templates (YAML and JSON), SAM templates and OpenAPI
// definitions with N methods — so benchmarks can show how the cost of loading
// and scanning grows with the input. It is used by benchmarks and tests only;
// the documents are deterministic for a given size.
package synth
