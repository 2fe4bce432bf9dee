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

# is_true is true when a Bool is known and true.
is_true(b) if b.value == true

# unset_or_false is true when an optional Bool is absent (null) or known false;
# undefined when it is set but unknown. Pass object.get(obj, "field", null).
unset_or_false(b) if b == null

unset_or_false(b) if b.value == false

# unset_or_true is the same for properties whose default is true.
unset_or_true(b) if b == null

unset_or_true(b) if b.value == true

# str returns the known string, or fallback when unknown or absent.
str(v, fallback) := v.value if {
	is_string(v.value)
} else := fallback

# list_known is true when a Strings list and all its items are known.
list_known(l) if {
	not l.unknown
	every item in l.items {
		item.value != null
	}
}

# optional_list_known is list_known for an optional list (null when absent).
optional_list_known(l) if l == null

optional_list_known(l) if list_known(l)

# values returns the known values of a Strings list.
values(l) := [v | some item in l.items; v := item.value]

# empty is true when a Strings list is known to be empty.
empty(l) if {
	not l.unknown
	count(l.items) == 0
}

# nonempty is true when a Strings list is known to have at least one item
# (the items themselves may be unknown).
nonempty(l) if {
	not l.unknown
	count(l.items) > 0
}

# has is true when a Strings list holds a known item equal to x.
has(l, x) if {
	some item in l.items
	item.value == x
}

# has_lower is has, comparing lower-cased.
has_lower(l, x) if {
	some item in l.items
	lower(item.value) == lower(x)
}

# set_text is true when a String is known to be non-empty text, or unknown but
# certainly non-empty (a !Sub with literal text, the id or an attribute of a
# resource): "the property is set" holds either way.
set_text(v) if {
	is_string(v.value)
	v.value != ""
}

set_text(v) if v.unknown.nonEmpty == true

# text_or_expr is the known text of a String, or its source expression.
text_or_expr(v) := v.value if {
	is_string(v.value)
} else := v.unknown.expr if {
	v.unknown.expr
} else := "(unknown)"

