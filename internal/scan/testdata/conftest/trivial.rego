# One trivial rule, for timing conftest against authlint on the same files
# (make bench-conftest): conftest's cost with a single rule is a floor for a
# policy tool that reads these files.
package main

deny contains msg if {
	input.openapi == "2.0"
	msg := "OpenAPI 2.0 is not checked"
}
