package model

import "strings"

// Workspace link kinds (WorkspaceLink.Kind).
const (
	// LinkExport joins an Fn::ImportValue to the Outputs Export of the same
	// name in another template.
	LinkExport = "export"
)

// StackExport is a CloudFormation output exported to the other stacks of its
// account and region.
type StackExport struct {
	// Output is the output's logical name.
	Output string `json:"output"`
	// Name is the export name; unknown when it depends on values known only
	// at deployment (${AWS::StackName} without --param, …).
	Name String `json:"name"`
	// Value is the exported value when it is a literal.
	Value String `json:"value"`
	// Target links to the object whose id or attribute is exported (!GetAtt
	// Pool.Arn, !Ref Client); nil when the value is not a reference to one
	// resource. Target.Missing is set when it names a logical id the template
	// does not define.
	Target *Link `json:"target,omitempty"`
	// Attr is the exported attribute of Target ("Arn", "ProviderURL"); empty
	// for its !Ref value (a pool's or a client's id).
	Attr string `json:"attr,omitempty"`
	Loc  Loc    `json:"loc"`
}

// Joined says where a copied object comes from.
type Joined struct {
	// Source is the name of the input the object belongs to.
	Source string `json:"source"`
	// Ref is the object's ref in that input's inventory.
	Ref string `json:"ref"`
}

// WorkspaceLink records one reference the workspace step looked up in the
// other inputs of the scan.
type WorkspaceLink struct {
	// Kind is one of the Link* constants.
	Kind string `json:"kind"`
	// Key is what the reference names (the export name).
	Key string `json:"key"`
	// From is where the reference is written in this inventory.
	From Loc `json:"from"`
	// Source is the input that holds the other side, and Target the ref of
	// the object there; both empty when nothing was joined.
	Source string `json:"source,omitempty"`
	Target string `json:"target,omitempty"`
	// To is where the other side is written.
	To Loc `json:"to"`
	// Ref is the ref of the joined copy in this inventory.
	Ref string `json:"ref,omitempty"`
	// Unknown says why the reference was not joined (two inputs export the
	// name, the export is not a user pool, …).
	Unknown *Unknown `json:"unknown,omitempty"`
}

// JoinedRef is the ref of the copy of the object ref of input source: refs
// stay unique within the inventory that receives the copy.
func JoinedRef(source, ref string) string {
	return "joined:" + source + "#" + ref
}

// IsJoinedRef reports whether ref names a joined copy (or a part of one).
func IsJoinedRef(ref string) bool { return strings.HasPrefix(ref, "joined:") }
