// Package workspace is the link step of a scan: after every input is loaded
// and before any is evaluated, it joins facts of one inventory to the
// references another inventory of the same scan makes to them, so that rules,
// which read one inventory at a time, see them.
//
// Joins are made on names the sources write, never by guess:
//
//   - a CloudFormation Fn::ImportValue to the Outputs Export of the same name
//     in another template. An authorizer's provider ARN that imports a user
//     pool's ARN links to a copy of that pool (with its app clients, resource
//     servers and domains); a client, resource server or domain that imports a
//     pool's id links to the same copy.
//
// A copy keeps its locations (they point into the file it came from) and
// carries model.Joined; its ref is model.JoinedRef. A name two inputs export
// is ambiguous and stays unknown, with the reason; a name no input exports
// stays unknown as the loader left it. Every lookup is recorded in the
// inventory's Links.
//
// A pool that is open only because it is exported (model.UserPool
// OpenOnlyToExports) is complete in the copy: the scan is taken to hold the
// stacks that import it, and the parts those stacks add by importing its id
// are copied too.
//
// Dedupe removes, after evaluation, findings about a copy that the input the
// copy came from reports itself, so a pool shared by two stacks is reported
// once.
package workspace
