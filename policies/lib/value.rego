# METADATA
# description: |
#   Unknown-safe access to model values. A model String/Bool/Int has "value"
#   when known and "unknown" when the source sets it to something authlint cannot
#   resolve. Every helper here is undefined (never true) for unknown values, so a
#   rule built from them cannot fire on what it cannot know.
package authlint.lib.value

# known is true when v holds a known value.
known(v) if v.value != null

# is_unknown is true when v is set but cannot be known.
is_unknown(v) if {
	v.unknown
}

# is is true when v is known and equals x.
is(v, x) if v.value == x

# is_not is true when v is known and differs from x (undefined when unknown).
is_not(v, x) if {
	v.value != x
}

# upper_eq compares a known string case-insensitively.
upper_eq(v, x) if upper(v.value) == upper(x)

# str returns the known string, or fallback when unknown or absent.
str(v, fallback) := v.value if {
	is_string(v.value)
} else := fallback

# list_known is true when a Strings list and all its items are known.
list_known(l) if {
	not l.unknown
	every item in l.items {
		known(item)
	}
}

# values returns the known values of a Strings list.
values(l) := [item.value | some item in l.items; known(item)]

# empty is true when a Strings list is known to be empty.
empty(l) if {
	not l.unknown
	count(l.items) == 0
}
