# METADATA
# description: |
#   Builds the objects rules return. Every rule's deny set holds objects with
#   msg (the message), ref (the model ref of the object the finding is about)
#   and loc (where to point).
package authlint.lib.result

# new reports msg about obj, at obj's own location.
new(msg, obj) := {"msg": msg, "ref": obj.ref, "loc": object.get(obj, "loc", {})}

# at reports msg about obj, at the location of one of its values (a property),
# falling back to obj's location when the value has none.
at(msg, obj, value) := {"msg": msg, "ref": obj.ref, "loc": value.loc} if {
	value.loc.line > 0
} else := {"msg": msg, "ref": obj.ref, "loc": value.loc} if {
	value.loc.resource
} else := new(msg, obj)
