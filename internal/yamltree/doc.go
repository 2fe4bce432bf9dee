// Package yamltree parses YAML and JSON documents once into a node tree that
// keeps line and column of every value, decodes it into plain Go values
// (map[string]any, []any, string, int64, float64, bool, nil) and answers
// "where is the value at this JSON pointer?" lazily, so positions cost nothing
// for values nobody asks about.
//
// A large YAML document is parsed in parts on every core and a large
// mapping decoded on every core (split.go), to the tree and values of the
// serial parser and decoder.
//
// It optionally rewrites CloudFormation short-form tags (!Ref, !GetAtt, !Sub, …)
// to their long form ({"Ref": …}, {"Fn::GetAtt": […]}), and it guards against
// hostile input: alias bombs, deep nesting, duplicate keys, invalid UTF-8 and
// unknown tags are errors with a line number, never panics.
package yamltree
