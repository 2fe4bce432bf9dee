// Package origin maps JSON pointers of a document authlint builds or rewrites
// (the OpenAPI document SAM would generate, an inline body with its Fn::If
// branches chosen) back to pointers in the template the user wrote, so every
// finding lands on a line the user can edit.
//
// An entry either maps a subtree (descendants keep their relative pointer:
// a body copied from DefinitionBody) or pins a pointer (every descendant of a
// generated node lands on one property the user wrote: the event that created a
// method, the Cors setting that created an OPTIONS method).
package origin
