// Package model is the normalized inventory that every loader produces and every
// policy reads: REST APIs with their authorizers, methods, stages, deployments,
// resource policy and gateway responses, Cognito user pools with their app
// clients, resource servers and domains, and the token requests and API
// requests of Postman collections.
//
// Conventions that loaders must follow and policies may rely on:
//
//   - Every object carries a Ref (unique within one Inventory, stable across runs:
//     never derived from line numbers) and a Loc (file, line, column, JSON pointer,
//     or for live accounts the ARN).
//   - A scalar that the source sets is a String/Bool/Int with Value set. A scalar that
//     the source sets but that cannot be known statically (a !Ref to a parameter
//     without default, !ImportValue, a Terraform value known only after apply) has
//     Unknown set instead, with the reason. A nil pointer means the source does not
//     set the property at all; policies apply AWS's default themselves. Loaders fill
//     a value only where the model documents a default (Method.AuthorizationType,
//     Method.APIKeyRequired).
//   - Links between objects (method → authorizer, authorizer → user pool, client →
//     pool) are resolved by the loader into a Link: a Target ref, a Missing target
//     (the source names something that does not exist), or Unknown.
//   - A collection that may be incomplete (methods of an API whose OpenAPI body lives
//     in S3, stages of an API defined only in OpenAPI) has a sibling *Unknown field
//     explaining why; policies must not conclude "absent" from an incomplete list.
//
// The package imports nothing else of the project. Its JSON encoding is the Rego
// input document; schema.json, generated from these types, is attached to the
// policy compiler so that a policy reading a field that does not exist fails to
// compile. It is not a stable Go API.
package model
