# METADATA
# description: |
#   Builds the objects rules return. Every rule's deny set holds objects with
#   msg (the message), ref (the model ref of the object the finding is about)
#   and loc (where to point).
package authlint.lib.result

# new reports msg about obj, at obj's own location.
new(msg, obj) := {"msg": msg, "ref": obj.ref, "loc": object.get(obj, "loc", {})}

# at reports msg about obj, pointing at the property that decides it.
#
# Objects of a standalone OpenAPI document (an operation, a security scheme)
# are small and are where readers look: findings about them land on the object
# itself (the operation's verb, the scheme's name). Everywhere else
# (CloudFormation properties, an OpenAPI body inline in a template, cdk.json,
# the root security of an OpenAPI document) the finding lands on the property
# the user wrote, falling back to the object when the property has no position.
at(msg, obj, value) := new(msg, obj) if {
	openapi_object(object.get(obj, ["loc", "pointer"], ""))
} else := {"msg": msg, "ref": obj.ref, "loc": value.loc} if {
	located(value.loc)
} else := new(msg, obj)

located(loc) if loc.line > 0

located(loc) if loc.resource

# openapi_object is true for the pointer of an operation or security scheme of
# a standalone OpenAPI document.
openapi_object(ptr) if regex.match(
	`^/(paths/[^/]+/[^/]+|components/securitySchemes/[^/]+|securityDefinitions/[^/]+)$`,
	ptr,
)
